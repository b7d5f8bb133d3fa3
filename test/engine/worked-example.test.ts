// The worked example of docs/engine/accounting.md, through the public API; every
// number below was computed by hand there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AssetFinder,
  SimulatedAccount,
  FixedBasisPointsSlippage,
  PerShareCommission,
  allocateBarInput,
  decimalConfig,
  limitOrder,
  sessionFromDate,
} from '../../src/index.js';

function run(mode: 'decimal' | 'float') {
  const assets = new AssetFinder(decimalConfig());
  const acme = assets.add({
    assetClass: 'equity',
    symbol: 'ACME',
    exchange: 'NYSE',
    quoteCurrency: 'USD',
    startDate: '2024-01-02',
    endDate: '2024-12-31',
  });
  const broker = new SimulatedAccount({
    assets,
    numericMode: mode,
    startingCash: '10000.00',
    currency: 'USD',
    slippage: new FixedBasisPointsSlippage({ basisPoints: 5, volumeLimit: '0.1' }),
    commission: new PerShareCommission('0.005', '1.00'),
  });
  const bar = (date: string, o: number, h: number, l: number, c: number, v: number) => {
    const input = allocateBarInput(1, sessionFromDate(date));
    input.open[0] = o;
    input.high[0] = h;
    input.low[0] = l;
    input.close[0] = c;
    input.volume[0] = v;
    return input;
  };
  const ledger = broker.ledger;
  const text = (x: number) => broker.numeric.toText(x, ledger.moneyScale);
  const states: Record<string, string>[] = [];
  const snapshot = (pnl: number) =>
    states.push({
      cash: text(ledger.cash),
      value: text(ledger.marketValue[0]),
      cost: text(ledger.costBasis[0]),
      realized: text(ledger.realized),
      unrealized: text(ledger.unrealized()),
      commissions: text(ledger.commissions),
      dividends: text(ledger.dividends),
      nav: text(ledger.netLiquidation()),
      pnl: text(pnl),
    });

  broker.processBar(bar('2024-03-01', 50_0000, 50_5000, 49_8000, 50_2000, 100_000));
  const buy = broker.order('ACME', 150);
  snapshot(broker.endSession().pnl);
  const day2 = broker.processBar(bar('2024-03-04', 50_3300, 51_0000, 50_1000, 50_9000, 1_000));
  snapshot(broker.endSession().pnl);
  const day3 = broker.processBar(bar('2024-03-05', 51_2000, 51_5000, 50_9000, 51_1000, 100_000));
  const sell = broker.order('ACME', -60, { style: limitOrder('52.00') });
  snapshot(broker.endSession().pnl);
  const day4 = broker.processBar(bar('2024-03-06', 51_8000, 52_4000, 51_6000, 52_3000, 100_000));
  snapshot(broker.endSession().pnl);
  broker.declareDividend({
    asset: acme,
    exDate: sessionFromDate('2024-03-07'),
    payDate: sessionFromDate('2024-03-08'),
    amount: '0.1235',
  });
  broker.processBar(bar('2024-03-07', 52_3000, 52_3000, 52_3000, 52_3000, 1_000));
  snapshot(broker.endSession().pnl);
  broker.processBar(bar('2024-03-08', 52_3000, 52_3000, 52_3000, 52_3000, 1_000));
  snapshot(broker.endSession().pnl);
  return { broker, buy, sell, fills: [...day2, ...day3, ...day4], states };
}

describe('worked example of docs/engine/accounting.md', () => {
  it('matches the hand computation to the last unit in decimal mode', () => {
    const { broker, buy, sell, fills, states } = run('decimal');
    const price = (x: number) => broker.numeric.toText(x, 4);
    assert.deepEqual(
      fills.map((f) => [
        f.quantity,
        price(f.price),
        broker.numeric.toText(f.commission, 4),
        f.maker,
      ]),
      [
        [100, '50.3552', '1.0000', false],
        [50, '51.2256', '0.0000', false],
        [-60, '52.0000', '1.0000', true],
      ],
    );
    assert.equal(buy.status, 'filled');
    assert.equal(sell.status, 'filled');
    assert.deepEqual(states, [
      {
        cash: '10000.0000',
        value: '0.0000',
        cost: '0.0000',
        realized: '0.0000',
        unrealized: '0.0000',
        commissions: '0.0000',
        dividends: '0.0000',
        nav: '10000.0000',
        pnl: '0.0000',
      },
      {
        cash: '4963.4800',
        value: '5090.0000',
        cost: '5035.5200',
        realized: '0.0000',
        unrealized: '54.4800',
        commissions: '1.0000',
        dividends: '0.0000',
        nav: '10053.4800',
        pnl: '53.4800',
      },
      {
        cash: '2402.2000',
        value: '7665.0000',
        cost: '7596.8000',
        realized: '0.0000',
        unrealized: '68.2000',
        commissions: '1.0000',
        dividends: '0.0000',
        nav: '10067.2000',
        pnl: '13.7200',
      },
      {
        cash: '5521.2000',
        value: '4707.0000',
        cost: '4558.0800',
        realized: '81.2800',
        unrealized: '148.9200',
        commissions: '2.0000',
        dividends: '0.0000',
        nav: '10228.2000',
        pnl: '161.0000',
      },
      {
        cash: '5521.2000',
        value: '4707.0000',
        cost: '4558.0800',
        realized: '81.2800',
        unrealized: '148.9200',
        commissions: '2.0000',
        dividends: '0.0000',
        nav: '10239.3200',
        pnl: '11.1200',
      },
      {
        cash: '5532.3200',
        value: '4707.0000',
        cost: '4558.0800',
        realized: '81.2800',
        unrealized: '148.9200',
        commissions: '2.0000',
        dividends: '11.1200',
        nav: '10239.3200',
        pnl: '0.0000',
      },
    ]);
    assert.equal(broker.numeric.toText(broker.ledger.averageCost(0), 4), '50.6453');
    const { assets, sources } = broker.ledger.identity();
    assert.equal(assets, sources);
  });

  it('agrees in float mode within a cent', () => {
    const exact = run('decimal').states.at(-1)!;
    const approx = run('float').states.at(-1)!;
    for (const key of Object.keys(exact)) {
      assert.ok(Math.abs(Number(exact[key]) - Number(approx[key])) < 0.01, key);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MakerTakerCommission,
  PercentageCommission,
  PerDollarCommission,
  PerShareCommission,
  PerTradeCommission,
  TieredCommission,
  type CommissionModel,
} from '../../../src/engine/commission/index.js';
import { limitOrder } from '../../../src/engine/orders/index.js';
import { FixedBasisPointsSlippage } from '../../../src/engine/slippage/index.js';
import { ConfigError } from '../../../src/errors/index.js';
import { barAt, broker, session, world } from '../world.js';

function commissions(
  model: CommissionModel,
  amount: number,
  price: number,
  mode: 'decimal' | 'float' = 'decimal',
) {
  const w = world();
  const b = broker(w, { commission: model, numericMode: mode });
  b.order('AAPL', amount);
  return b.processBar(barAt(session(0), 3, { 0: [price, price, price, price, 1_000_000] }))[0]
    .commission;
}

describe('commission models (hand-computed)', () => {
  it('PerShare 0.001: 15 shares → 0.015 → 0.02, 25 shares → 0.025 → 0.02 (half-even)', () => {
    assert.equal(commissions(new PerShareCommission(), 15, 10000), 2);
    assert.equal(commissions(new PerShareCommission(), 25, 10000), 2);
    assert.equal(commissions(new PerShareCommission(), -2000, 10000), 200);
  });

  it('PerShare minimum applies per order across partial fills', () => {
    const w = world();
    const b = broker(w, {
      commission: new PerShareCommission('0.001', '1.00'),
      slippage: new FixedBasisPointsSlippage({ basisPoints: 0 }),
    });
    const order = b.order('AAPL', 2000);
    // 10% of 5000 = 500 shares: 0.50 → minimum 1.00.
    assert.equal(
      b.processBar(barAt(session(0), 3, { 0: [10000, 10000, 10000, 10000, 5000] }))[0].commission,
      100,
    );
    // Remaining 1500: total 2000 × 0.001 = 2.00, 1.00 already charged.
    assert.equal(
      b.processBar(barAt(session(1), 3, { 0: [10000, 10000, 10000, 10000, 50000] }))[0].commission,
      100,
    );
    assert.equal(order.commission, 200);
    assert.equal(b.ledger.commissions, 200);
  });

  it('PerTrade charges once per order', () => {
    const w = world();
    const b = broker(w, {
      commission: new PerTradeCommission('1.50'),
      slippage: new FixedBasisPointsSlippage({ basisPoints: 0 }),
    });
    b.order('AAPL', 20);
    const first = b.processBar(barAt(session(0), 3, { 0: [10000, 10000, 10000, 10000, 100] }));
    const second = b.processBar(barAt(session(1), 3, { 0: [10000, 10000, 10000, 10000, 1000] }));
    assert.deepEqual([first[0].commission, second[0].commission], [150, 0]);
  });

  it('PerDollar 0.0015 of 1234.56 is 1.85184 → 1.85; Percentage 0.1% is 1.23456 → 1.23', () => {
    assert.equal(commissions(new PerDollarCommission(), 1, 123456), 185);
    assert.equal(commissions(new PercentageCommission('0.1'), 1, 123456), 123);
    assert.equal(commissions(new PerDollarCommission(), 1, 123456, 'float'), 1.85184);
  });

  it('MakerTaker charges the maker rate to a resting limit and the taker rate otherwise', () => {
    const model = new MakerTakerCommission('0.001', '0.002');
    const w = world();
    const b = broker(w, { commission: model });
    b.order('AAPL', 10, { style: limitOrder(100) });
    b.order('AAPL', 10);
    const fills = b.processBar(barAt(session(0), 3, { 0: [10100, 10100, 9900, 10000, 1000] }));
    // Limit filled at 100.00 inside the bar: maker 0.001 × 1000.00 = 1.00; market at 101.00: 0.002 × 1010.00 = 2.02.
    assert.deepEqual(
      fills.map((f) => [f.maker, f.commission]),
      [
        [true, 100],
        [false, 202],
      ],
    );
  });

  it('Tiered picks the rate by trailing 30-day traded value', () => {
    const model = new TieredCommission([
      { minVolume: 0, rate: '0.002' },
      { minVolume: '1000', rate: '0.001' },
    ]);
    const w = world();
    const b = broker(w, { commission: model });
    const bar = (i: number) =>
      b.processBar(barAt(session(i), 3, { 0: [10000, 10000, 10000, 10000, 1000] }));
    b.order('AAPL', 10);
    assert.equal(bar(0)[0].commission, 200); // 1000.00 × 0.002, trailing 0 before
    b.order('AAPL', 10);
    assert.equal(bar(1)[0].commission, 100); // trailing 1000.00 → 0.001
    b.order('AAPL', -20);
    assert.equal(bar(40)[0].commission, 400); // window passed: 2000.00 × 0.002
  });

  it('rejects malformed tiers and rates', () => {
    assert.throws(() => new TieredCommission([]), ConfigError);
    assert.throws(() => new TieredCommission([{ minVolume: 10, rate: 0.1 }]), /minVolume 0/);
    assert.throws(
      () =>
        new TieredCommission([
          { minVolume: 0, rate: 0.1 },
          { minVolume: 0, rate: 0.05 },
        ]),
      /increasing/,
    );
    assert.throws(() => new PerShareCommission('-0.01'), ConfigError);
    assert.throws(() => new PerDollarCommission('abc'), ConfigError);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAlgorithm } from '../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy } from '../../src/engine/algorithm/run-options.js';
import { rsi } from '../../src/indicators/index.js';
import { ReplayFeed } from '../../src/live/replay-feed.js';
import { runLive } from '../../src/live/run-live.js';
import { recordedBtcUsdt } from './kline-fixture.js';

const DAY_1 = Date.UTC(2023, 2, 9);
const DAY_2 = Date.UTC(2023, 2, 10);
const past = { now: () => Infinity, sleep: () => Promise.resolve() };

/** RSI(14) mean reversion with market orders (examples/crypto-minute.ts). */
const rsiStrategy = (): AlgorithmStrategy => ({
  initialize(ctx) {
    ctx.indicator('rsi', rsi(14), [ctx.symbol('BTC/USDT')]);
  },
  handleData(ctx, data) {
    const btc = ctx.symbol('BTC/USDT');
    const value = ctx.indicators.current('rsi', btc.sid);
    if (Number.isNaN(value) || !data.canTrade(btc) || ctx.getOpenOrders(btc).length > 0) return;
    const held = ctx.portfolio.positions.get(btc)?.amount ?? 0;
    if (value < 30 && held === 0) ctx.orderTargetPercent(btc, 0.5);
    else if (value > 70 && held > 0) ctx.orderTarget(btc, 0);
  },
});

/** A 20/60 moving-average crossover from history windows, entering with limit orders and leaving with stops. */
const crossoverStrategy = (): AlgorithmStrategy => ({
  initialize(ctx) {
    ctx.setCommission({ model: 'perShare', cost: '0.001', minimum: 0 } as never);
  },
  handleData(ctx, data) {
    const btc = ctx.symbol('BTC/USDT');
    const closes = data.history(btc, 'close', 60);
    if (Number.isNaN(closes[0])) return;
    const mean = (from: number) => closes.subarray(from).reduce((a, b) => a + b, 0) / (60 - from);
    const fast = mean(40);
    const slow = mean(0);
    const price = data.current(btc, 'close');
    const held = ctx.portfolio.positions.get(btc)?.amount ?? 0;
    for (const open of ctx.getOpenOrders(btc)) {
      if (ctx.portfolio.positions.size === 0 || open.type !== 'stop') ctx.cancelOrder(open);
    }
    if (fast > slow && held === 0) {
      ctx.order(btc, '0.75', { limitPrice: (price * 0.9995).toFixed(2) });
    } else if (fast < slow && held > 0 && ctx.getOpenOrders(btc).length === 0) {
      ctx.order(btc, -held, { stopPrice: (price * 0.999).toFixed(2) });
    }
    ctx.record({ fast, slow });
  },
});

async function backtest(strategy: AlgorithmStrategy) {
  return runAlgorithm({
    strategy,
    frames: [recordedBtcUsdt()],
    start: '2023-03-10',
    end: '2023-03-10',
    warmupSessions: 1,
    dataFrequency: 'minute',
    calendar: '24/7',
    capitalBase: '100000',
  });
}

async function paper(strategy: AlgorithmStrategy) {
  const frame = recordedBtcUsdt();
  return runLive({
    strategy,
    symbols: ['BTC/USDT'],
    dataFrequency: 'minute',
    calendar: '24/7',
    capitalBase: '100000',
    historyStart: DAY_1,
    liveStart: DAY_2,
    history: () => Promise.resolve([frame]),
    feed: new ReplayFeed([frame]),
    clock: past,
    maxBars: 1440,
  });
}

describe('paper broker parity with the backtest on recorded BTC/USDT minute klines', () => {
  for (const [name, make] of [
    ['RSI mean reversion (market orders, indicators)', rsiStrategy],
    [
      'moving-average crossover (limit entries, stop exits, history windows, commission)',
      crossoverStrategy,
    ],
  ] as const) {
    it(`${name}: byte-identical transactions, orders and positions`, async () => {
      const expected = await backtest(make());
      const actual = await paper(make());
      const fills = expected.transactions.columns[0].values.length;
      assert.ok(fills >= 10, `the strategy should trade on this day (got ${fills} fills)`);
      assert.equal(actual.bars, 1440);
      assert.equal(
        actual.backend,
        expected.meta.backend,
        'the paper broker runs on the same engine core',
      );
      assert.equal(JSON.stringify(actual.transactions), JSON.stringify(expected.transactions));
      assert.equal(JSON.stringify(actual.orders), JSON.stringify(expected.orders));
      assert.equal(JSON.stringify(actual.positions), JSON.stringify(expected.positions));
      assert.equal(
        JSON.stringify(actual.performance),
        JSON.stringify(expected.performance),
        'the session row (value, cash, pnl, leverage, recorded values) matches too',
      );
    });
  }
});

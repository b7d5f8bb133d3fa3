import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allocateBarFrame } from '../../../src/data/bar-frame.js';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy, RunOptions } from '../../../src/engine/algorithm/run-options.js';
import { dateRules, timeRules } from '../../../src/engine/algorithm/schedule-rules.js';
import type { Table } from '../../../src/analytics/table.js';
import { PerShareCommission } from '../../../src/engine/commission/index.js';
import { NoSlippage } from '../../../src/engine/slippage/index.js';
import { ConfigError, DataError, OrderError, StrategyError } from '../../../src/errors/index.js';
import { realDailyFrame } from '../../helpers/real-bars.js';
import { atr, compute, sma } from '../../../src/indicators/index.js';
import { monthlyRebalance, smaCross } from './golden-strategies.js';

const goog = realDailyFrame('GOOG.csv', 'GOOG', 2);
const base = {
  frames: [goog],
  start: '2012-01-03',
  end: '2012-03-30',
  capitalBase: 100000,
  slippage: new NoSlippage(),
  commission: new PerShareCommission(0, 0),
} satisfies Partial<RunOptions>;

function values(table: Table, name: string): (string | number)[] {
  const column = table.columns.find((c) => c.name === name);
  assert.ok(column, name);
  return Array.from(column.values as ArrayLike<string | number>);
}

describe('runAlgorithm: the event loop', () => {
  it('fills an order placed on bar t at bar t+1, never earlier', async () => {
    const seen: { time: number; filledBefore: number }[] = [];
    const strategy: AlgorithmStrategy = {
      initialize() {},
      handleData(ctx, data) {
        const asset = ctx.symbol('GOOG');
        seen.push({
          time: data.time,
          filledBefore: ctx.portfolio.positions.get(asset)?.amount ?? 0,
        });
        if (seen.length === 5) ctx.order(asset, 10);
      },
    };
    const results = await runAlgorithm({ ...base, strategy });
    const stamps = values(results.transactions, 'timestamp');
    assert.equal(stamps.length, 1);
    assert.equal(
      stamps[0],
      new Date(seen[5].time).toISOString(),
      'filled on the bar after the order',
    );
    assert.equal(seen[4].filledBefore, 0);
    assert.equal(seen[5].filledBefore, 10, 'the strategy sees the fill on the next bar');
    assert.equal(
      values(results.transactions, 'price')[0],
      '629.75',
      'at that bar’s open (GOOG 2012-01-10)',
    );
  });

  it('never shows the strategy a bar after the clock, and nothing before the run', async () => {
    let violations = 0;
    const first = goog.timestamps.indexOf(Date.UTC(2012, 0, 3));
    const strategy: AlgorithmStrategy = {
      initialize() {},
      handleData(ctx, data) {
        const window = data.history(ctx.symbol('GOOG'), 'close', 3);
        const i = goog.timestamps.indexOf(data.time);
        const expected = [i - 2, i - 1, i].map((k) => (k >= first ? goog.close[k] / 100 : NaN));
        if (window.some((v, k) => !Object.is(v, expected[k]))) violations++;
        if (data.current(ctx.symbol('GOOG'), 'close') !== expected[2]) violations++;
      },
    };
    await runAlgorithm({ ...base, strategy });
    assert.equal(violations, 0);
  });

  it('calls beforeTradingStart once per session and keeps the last recorded value of a session', async () => {
    let sessions = 0;
    const strategy: AlgorithmStrategy = {
      initialize() {},
      beforeTradingStart() {
        sessions++;
      },
      handleData(ctx, data) {
        ctx.record({ close: data.current(ctx.symbol('GOOG'), 'close') });
      },
    };
    const results = await runAlgorithm({ ...base, strategy });
    assert.equal(sessions, 62);
    assert.equal(values(results.performance, 'close')[0], 665.41);
    assert.equal(values(results.performance, 'session').length, 62);
  });

  it('runs scheduled functions on the sessions their date rule picks', async () => {
    const days: string[] = [];
    const strategy: AlgorithmStrategy = {
      initialize(ctx) {
        ctx.scheduleFunction(
          (_c, data) => days.push(new Date(data.time).toISOString().slice(0, 10)),
          dateRules.monthEnd(),
          timeRules.marketClose(),
        );
      },
      handleData() {},
    };
    await runAlgorithm({ ...base, strategy });
    assert.deepEqual(days, ['2012-01-31', '2012-02-29', '2012-03-30']);
  });

  it('runs a scheduled function on the first minute bar that ends at or after its trigger', async () => {
    const frame = allocateBarFrame('XYZ', '1m', 390, 2, 0);
    const open = Date.UTC(2021, 0, 4, 14, 30);
    for (let i = 0; i < 390; i++) {
      frame.timestamps[i] = open + i * 60_000;
      frame.open[i] = frame.high[i] = frame.low[i] = frame.close[i] = 10000 + i;
      frame.volume[i] = 100;
    }
    const fired: number[] = [];
    const strategy: AlgorithmStrategy = {
      initialize(ctx) {
        ctx.scheduleFunction(
          (_c, data) => fired.push(data.time),
          dateRules.everyDay(),
          timeRules.marketOpen({ minutes: 30 }),
        );
        ctx.scheduleFunction(
          (_c, data) => fired.push(data.time),
          dateRules.everyDay(),
          timeRules.marketClose({ minutes: 1 }),
        );
      },
      handleData() {},
    };
    await runAlgorithm({
      ...base,
      frames: [frame],
      start: '2021-01-04',
      end: '2021-01-04',
      dataFrequency: 'minute',
      strategy,
    });
    // Bars are stamped with their start: the bar ending at 10:00 starts at 09:59, the one ending at 15:59 at 15:58.
    assert.deepEqual(fired, [open + 29 * 60_000, open + 388 * 60_000]);
  });

  it('gives byte-identical results for the same inputs', async () => {
    const trio = [
      goog,
      realDailyFrame('orcl-1995-2014.txt', 'ORCL', 6),
      realDailyFrame('nvda-1999-2014.txt', 'NVDA', 6),
    ];
    const first = await runAlgorithm({
      ...base,
      strategy: monthlyRebalance,
      frames: trio,
      end: '2012-12-31',
    });
    const again = await runAlgorithm({
      ...base,
      strategy: monthlyRebalance,
      frames: trio,
      end: '2012-12-31',
    });
    assert.ok(first.transactions.columns[0].values.length > 30);
    assert.equal(JSON.stringify(first.performance), JSON.stringify(again.performance));
    assert.equal(JSON.stringify(first.transactions), JSON.stringify(again.transactions));
  });
});

describe('runAlgorithm: decimal and float modes', () => {
  it('agree within float tolerance on the same backtest, and decimal is exact', async () => {
    const options = {
      ...base,
      end: '2012-12-31',
      strategy: smaCross,
      commission: new PerShareCommission('0.005', '1.00'),
    };
    const exact = await runAlgorithm({ ...options, numeric: 'decimal' });
    const float = await runAlgorithm({ ...options, numeric: 'float' });
    assert.equal(float.meta.numeric, 'float');
    assert.deepEqual(
      values(float.transactions, 'timestamp'),
      values(exact.transactions, 'timestamp'),
    );
    const a = values(exact.performance, 'portfolioValue').map(Number);
    const b = values(float.performance, 'portfolioValue').map(Number);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= 1e-6 * v, `session ${i}: ${v} vs ${b[i]}`));
    assert.equal(values(exact.performance, 'portfolioValue').at(-1), '107013.00');
  });
});

describe('runAlgorithm: bad input', () => {
  it('wraps an exception in initialize in a StrategyError with the strategy’s stack', async () => {
    const strategy: AlgorithmStrategy = {
      initialize() {
        throw new Error('no universe configured');
      },
      handleData() {},
    };
    await assert.rejects(runAlgorithm({ ...base, strategy }), (error: unknown) => {
      assert.ok(error instanceof StrategyError);
      assert.match(error.message, /initialize threw: no universe configured/);
      assert.match(error.strategyStack ?? '', /run-algorithm\.test\.ts/);
      return true;
    });
  });

  it('refuses orders placed in initialize', async () => {
    const strategy: AlgorithmStrategy = {
      initialize(ctx) {
        ctx.order(ctx.symbol('GOOG'), 1);
      },
      handleData() {},
    };
    await assert.rejects(
      runAlgorithm({ ...base, strategy }),
      (error: unknown) =>
        error instanceof OrderError && /cannot be placed in initialize/.test(error.message),
    );
  });

  it('names the available range when the dates are outside the data', async () => {
    const strategy: AlgorithmStrategy = { initialize() {}, handleData() {} };
    await assert.rejects(
      runAlgorithm({ ...base, strategy, start: '2014-01-02', end: '2014-06-30' }),
      (error: unknown) =>
        error instanceof DataError &&
        /outside the data, which covers 2004-08-19 to 2013-03-01/.test(error.message),
    );
  });

  it('names the unknown symbol and what the data has', async () => {
    const strategy: AlgorithmStrategy = {
      initialize(ctx) {
        ctx.symbol('AAPL');
      },
      handleData() {},
    };
    await assert.rejects(
      runAlgorithm({ ...base, strategy }),
      /Unknown symbol "AAPL"; the data has GOOG/,
    );
  });

  it('rejects bad options with a ConfigError', async () => {
    const strategy: AlgorithmStrategy = { initialize() {}, handleData() {} };
    await assert.rejects(runAlgorithm({ ...base, strategy, start: '2012-13-01' }), ConfigError);
    await assert.rejects(
      runAlgorithm({ ...base, strategy, start: '2012-03-01', end: '2012-02-01' }),
      /is after end/,
    );
    await assert.rejects(
      runAlgorithm({ ...base, strategy, capitalBase: -5 }),
      /capitalBase must be positive/,
    );
    await assert.rejects(
      runAlgorithm({ ...base, strategy, dataFrequency: 'weekly' as 'daily' }),
      /dataFrequency must be daily, hourly or minute/,
    );
    await assert.rejects(
      runAlgorithm({ ...base, strategy, frames: undefined }),
      /Give exactly one of frames, bundle or dataSource/,
    );
  });

  it('reports a strategy without handleData', async () => {
    await assert.rejects(
      runAlgorithm({ ...base, strategy: { initialize() {} } as unknown as AlgorithmStrategy }),
      /handleData is missing/,
    );
  });
});

describe('runAlgorithm: results', () => {
  it('reports risk metrics and end positions consistent with the performance table', async () => {
    const results = await runAlgorithm({
      ...base,
      end: '2012-12-31',
      strategy: smaCross,
      benchmark: 'GOOG',
    });
    const returns = results.returns;
    const compounded = returns.reduce((v, r) => v * (1 + r), 1) - 1;
    assert.ok(Math.abs(compounded - results.risk.totalReturn) < 1e-12);
    assert.ok(Math.abs(results.risk.totalReturn - 0.0702) < 1e-9, String(results.risk.totalReturn));
    assert.equal(results.risk.tradeCount, 3, 'three round trips closed in 2012');
    assert.deepEqual(values(results.positions, 'symbol'), ['GOOG']);
    assert.deepEqual(values(results.positions, 'amount'), ['100']);
    assert.equal(results.meta.benchmark, 'GOOG');
    assert.ok(Number.isFinite(results.risk.beta));
  });
});

describe('runAlgorithm: declared indicators', () => {
  it('updates ctx.indicators once per bar with the values the vectorized form computes', async () => {
    const seen: number[] = [];
    const closes: number[] = [];
    const strategy: AlgorithmStrategy = {
      initialize(ctx) {
        ctx.indicator('atr', atr(5), [ctx.symbol('GOOG')]);
      },
      handleData(ctx, data) {
        const goog = ctx.symbol('GOOG');
        seen.push(ctx.indicators.current('atr', goog.sid));
        closes.push(data.current(goog, 'close'));
      },
    };
    await runAlgorithm({ ...base, strategy });
    const first = goog.timestamps.indexOf(Date.UTC(2012, 0, 3));
    const n = seen.length;
    const slice = (column: Float64Array) =>
      Float64Array.from(column.subarray(first, first + n), (units) => units / 100);
    const expected = compute(atr(5), {
      open: slice(goog.open),
      high: slice(goog.high),
      low: slice(goog.low),
      close: slice(goog.close),
      volume: Float64Array.from(goog.volume.subarray(first, first + n)),
    }).value;
    assert.equal(n, 62);
    assert.deepEqual(closes, Array.from(slice(goog.close)));
    seen.forEach((value, i) =>
      assert.ok(Object.is(value, expected[i]), `bar ${i}: ${value} vs ${expected[i]}`),
    );
  });

  it('feeds the exact units: two SMAs over the same flat prices tie, where float sums do not', async () => {
    // GOOG's timestamps with closes 0.10, 0.20, ..., 0.70 from the first run bar, then flat.
    const frame = realDailyFrame('GOOG.csv', 'GOOG', 2);
    const first = frame.timestamps.indexOf(Date.UTC(2012, 0, 3));
    for (let i = 0; i < frame.close.length; i++) {
      const cents = 10 * Math.min(Math.max(i - first + 1, 1), 7);
      frame.open[i] = cents;
      frame.high[i] = cents;
      frame.low[i] = cents;
      frame.close[i] = cents;
    }
    const fast: number[] = [];
    const slow: number[] = [];
    const above: number[] = [];
    const strategy: AlgorithmStrategy = {
      initialize(ctx) {
        ctx.indicator('fast', sma(10), [ctx.symbol('GOOG')]);
        ctx.indicator('slow', sma(30), [ctx.symbol('GOOG')]);
      },
      handleData(ctx) {
        const sid = ctx.symbol('GOOG').sid;
        fast.push(ctx.indicators.current('fast', sid));
        slow.push(ctx.indicators.current('slow', sid));
        above.push(ctx.indicators.above('fast', 'slow').length);
      },
    };
    await runAlgorithm({ ...base, frames: [frame], strategy });
    assert.equal(fast.length, 62);
    assert.equal(fast[61], 0.7);
    assert.equal(slow[61], 0.7);
    // Float running sums of the same prices leave a residue on the last bit.
    const floats = Float64Array.from({ length: 62 }, (_, i) => (10 * Math.min(i + 1, 7)) / 100);
    const f = compute(sma(10), floats).value[61];
    const s30 = compute(sma(30), floats).value[61];
    assert.ok(f > s30, `${f} vs ${s30}`);
    assert.equal(above[61], 0, 'a tie is not above');
    assert.equal(above[29], 1, 'above while the slow window still holds the ramp');
  });
});

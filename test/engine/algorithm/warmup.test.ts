import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy, RunOptions } from '../../../src/engine/algorithm/run-options.js';
import { PerShareCommission } from '../../../src/engine/commission/index.js';
import { NoSlippage } from '../../../src/engine/slippage/index.js';
import { ConfigError } from '../../../src/errors/index.js';
import { sma } from '../../../src/indicators/index.js';
import { realDailyFrame } from '../../helpers/real-bars.js';
import { monthlyRebalance } from './golden-strategies.js';

const goog = realDailyFrame('GOOG.csv', 'GOOG', 2);
const base = {
  frames: [goog],
  start: '2012-03-01',
  end: '2012-06-29',
  capitalBase: 100000,
  slippage: new NoSlippage(),
  commission: new PerShareCommission(0, 0),
} satisfies Partial<RunOptions>;

/** GOOG closes (dollars) of the `n` sessions up to and including `day`, from the raw file. */
function closesUpTo(day: string, n: number): number[] {
  const at = goog.timestamps.indexOf(Date.parse(`${day}T00:00:00Z`));
  return Array.from(goog.close.subarray(at - n + 1, at + 1), (units) => units / 100);
}

describe('runAlgorithm: warm-up sessions', () => {
  it('gives data.history and declared indicators full windows from the first bar', async () => {
    const first: { history?: number[]; sma?: number; time?: number; calls: number } = { calls: 0 };
    const strategy: AlgorithmStrategy = {
      initialize(ctx) {
        ctx.indicator('slow', sma(30), [ctx.symbol('GOOG')]);
      },
      handleData(ctx, data) {
        const symbol = ctx.symbol('GOOG');
        if (first.calls++ > 0) return;
        first.history = Array.from(data.history(symbol, 'close', 30));
        first.sma = ctx.indicators.current('slow', symbol.sid);
        first.time = data.time;
      },
    };
    const results = await runAlgorithm({ ...base, strategy, warmupSessions: 40 });
    const expected = closesUpTo('2012-03-01', 30);
    assert.equal(first.time, Date.UTC(2012, 2, 1), 'the strategy starts at start');
    assert.deepEqual(first.history, expected);
    const mean = expected.reduce((sum, x) => sum + x, 0) / 30;
    assert.ok(Math.abs(first.sma! - mean) < 1e-9, `${first.sma} vs ${mean}`);
    assert.equal(first.calls, results.meta.sessions, 'handleData runs on the run sessions only');
    assert.equal(results.meta.start, '2012-03-01');

    // Without warm-up the windows reach back only to the run's first bar.
    first.calls = 0;
    await runAlgorithm({ ...base, strategy });
    assert.equal(first.history.filter((x) => Number.isNaN(x)).length, 29);
    assert.ok(Number.isNaN(first.sma!));
  });

  it('leaves the results of the run period unchanged', async () => {
    const trio = [
      goog,
      realDailyFrame('orcl-1995-2014.txt', 'ORCL', 6),
      realDailyFrame('nvda-1999-2014.txt', 'NVDA', 6),
    ];
    const plain = await runAlgorithm({ ...base, frames: trio, strategy: monthlyRebalance });
    const warmed = await runAlgorithm({
      ...base,
      frames: trio,
      strategy: monthlyRebalance,
      warmupSessions: 60,
    });
    assert.equal(JSON.stringify(warmed.performance), JSON.stringify(plain.performance));
    assert.equal(JSON.stringify(warmed.transactions), JSON.stringify(plain.transactions));
    assert.deepEqual(warmed.meta, plain.meta);
    assert.deepEqual(Array.from(warmed.returns), Array.from(plain.returns));
  });

  it('computes the first benchmark return from the warm-up close before start', async () => {
    const strategy: AlgorithmStrategy = { initialize() {}, handleData() {} };
    const column = (results: Awaited<ReturnType<typeof runAlgorithm>>) =>
      Array.from(
        results.performance.columns.find((c) => c.name === 'benchmarkReturn')!.values,
        Number,
      );
    const plain = await runAlgorithm({ ...base, strategy, benchmark: 'GOOG' });
    const warmed = await runAlgorithm({ ...base, strategy, benchmark: 'GOOG', warmupSessions: 1 });
    const [before, first] = closesUpTo('2012-03-01', 2);
    assert.ok(Number.isNaN(column(plain)[0]));
    assert.ok(Math.abs(column(warmed)[0] - (first / before - 1)) < 1e-12);
    assert.deepEqual(column(warmed).slice(1), column(plain).slice(1));
  });

  it('refuses a warm-up that is not a whole number of sessions', async () => {
    for (const warmupSessions of [-1, 2.5, Number.NaN]) {
      await assert.rejects(
        runAlgorithm({ ...base, strategy: monthlyRebalance, warmupSessions }),
        (error: unknown) => error instanceof ConfigError && /warmupSessions/.test(error.message),
      );
    }
  });
});

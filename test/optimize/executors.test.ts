// Every executor gives the records a serial run gives, byte for byte, in task
// order; each run's results are those of its own runAlgorithm.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { resultsToJson } from '../../src/analytics/results-json.js';
import { prepareMarket, type PreparedMarket } from '../../src/engine/algorithm/prepared-market.js';
import { runAlgorithm } from '../../src/engine/algorithm/run-algorithm.js';
import { gridOf } from '../../src/optimize/parameter-space.js';
import { SerialExecutor } from '../../src/optimize/serial-executor.js';
import { ThreadExecutor } from '../../src/optimize/thread-executor.js';
import type { SweepTask } from '../../src/optimize/sweep-run.js';
import { loadSweepStrategy, type SweepStrategy } from '../../src/optimize/sweep-strategy.js';
import { realDailyFrame } from '../helpers/real-bars.js';

const STRATEGY = fileURLToPath(new URL('../fixtures/optimize/sma-cross.ts', import.meta.url));
const frames = [
  realDailyFrame('GOOG.csv', 'GOOG', 2),
  realDailyFrame('orcl-1995-2014.txt', 'ORCL', 6),
  realDailyFrame('nvda-1999-2014.txt', 'NVDA', 6),
];
const marketOptions = { frames, start: '2011-01-03', end: '2012-06-29' };
const backtest = { capitalBase: '100000' };

describe('sweep executors', () => {
  let market: PreparedMarket;
  let strategy: SweepStrategy;
  let tasks: SweepTask[];
  before(async () => {
    market = await prepareMarket(marketOptions);
    strategy = await loadSweepStrategy(STRATEGY);
    tasks = gridOf(strategy.space!, strategy.constraint).map((params, index) => ({
      index,
      params: index === 2 ? { ...params, failAt: 40 } : params,
    }));
  });

  let serial: Awaited<ReturnType<SerialExecutor['run']>>;
  it('runs serially: one record per task, a run that throws recorded as failed', async () => {
    const executor = new SerialExecutor(market, strategy, backtest, true);
    serial = await executor.run(tasks);
    assert.equal(serial.length, tasks.length);
    assert.deepEqual(
      serial.map((r) => r.index),
      tasks.map((t) => t.index),
    );
    assert.equal(serial[2].status, 'failed');
    assert.equal(serial[2].error?.code, 'ERR_STRATEGY');
    assert.match(serial[2].error?.message ?? '', /failing on bar 40 as asked/);
    assert.ok(serial.filter((r) => r.status === 'ok').length === tasks.length - 1);
    assert.ok(new Set(serial.map((r) => r.digest)).size > 3, 'parameters change the results');
  });

  it('gives each run the results of its own runAlgorithm, byte for byte', async () => {
    for (const k of [0, tasks.length - 1]) {
      const alone = await runAlgorithm({
        ...marketOptions,
        ...backtest,
        strategy: STRATEGY,
        params: tasks[k].params,
      });
      assert.equal(serial[k].results, resultsToJson(alone), `task ${k}`);
    }
  });

  it('gives the serial records on two worker threads, in task order', async () => {
    const executor = new ThreadExecutor(market, strategy, backtest, {
      threads: 2,
      keepResults: true,
    });
    try {
      const seen: number[] = [];
      const threaded = await executor.run(tasks, (record, done, total) => {
        seen.push(record.index);
        assert.equal(total, tasks.length);
        assert.equal(done, seen.length);
      });
      assert.equal(seen.length, tasks.length);
      assert.deepEqual(threaded, serial);
    } finally {
      await executor.close();
    }
  });
});

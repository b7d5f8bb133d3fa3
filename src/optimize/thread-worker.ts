import { workerData } from 'node:worker_threads';
import type { PreparedMarket } from '../engine/algorithm/prepared-market.js';
import { SweepError } from '../errors/index.js';
import { marketFromShared } from './shared-market.js';
import { failedRecord, runTask, type RunRecord, type SweepTask } from './sweep-run.js';
import { loadSweepStrategy, type SweepStrategy } from './sweep-strategy.js';
import type { ThreadWorkerData } from './thread-executor.js';

// One per thread: the market over the shared buffers and the strategy, built on the first task.
let ready: Promise<{ market: PreparedMarket; strategy: SweepStrategy }> | undefined;

async function setUp(
  data: ThreadWorkerData,
): Promise<{ market: PreparedMarket; strategy: SweepStrategy }> {
  const strategy = await loadSweepStrategy(data.strategyPath);
  if (strategy.hash !== data.strategyHash) {
    throw new SweepError(
      `Strategy ${data.strategyPath} changed on disk since the sweep started (hash ${strategy.hash.slice(0, 12)}, expected ${data.strategyHash.slice(0, 12)}); start the sweep again.`,
    );
  }
  return { market: marketFromShared(data.market), strategy };
}

/** Runs one task of a sweep in a worker thread (piscina's entry point). */
export default async function runThreadTask(task: SweepTask): Promise<RunRecord> {
  const data = workerData as ThreadWorkerData;
  ready ??= setUp(data);
  let context: { market: PreparedMarket; strategy: SweepStrategy };
  try {
    context = await ready;
  } catch (error) {
    return failedRecord(task, error);
  }
  return runTask(context.market, context.strategy, data.backtest, task, data.keepResults);
}

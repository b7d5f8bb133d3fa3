import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { PreparedMarket } from '../engine/algorithm/prepared-market.js';
import { ConfigError } from '../errors/index.js';
import { inTaskOrder, type RecordListener, type SweepExecutor } from './executor.js';
import { shareMarket, type SharedMarket } from './shared-market.js';
import { failedRecord, type RunRecord, type SweepBacktest, type SweepTask } from './sweep-run.js';
import type { SweepStrategy } from './sweep-strategy.js';

/** What each worker thread receives once (the market's columns are shared, not copied). */
export interface ThreadWorkerData {
  market: SharedMarket;
  strategyPath: string;
  strategyHash: string;
  backtest: SweepBacktest;
  keepResults: boolean;
}

/** The worker file beside this one: `.ts` when running from source (tsx), `.js` when built. */
function workerFile(): string {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./thread-worker${extension}`, import.meta.url));
}

/**
 * Runs the tasks on a pool of worker threads (piscina). The market's bar
 * columns are copied once into `SharedArrayBuffer`s that every thread reads
 * in place; each thread loads the strategy file once and runs many tasks.
 */
export class ThreadExecutor implements SweepExecutor {
  readonly kind = 'threads';
  private readonly pool: Piscina;

  /**
   * @param market - the market every run reads
   * @param strategy - the strategy file (threads load it by path and check its hash)
   * @param backtest - what every run shares
   * @param options - `threads` (default: the machine's available parallelism); `keepResults`
   * @throws ConfigError for a thread count that is not a positive whole number.
   */
  constructor(
    market: PreparedMarket,
    strategy: SweepStrategy,
    backtest: SweepBacktest,
    options: { threads?: number; keepResults?: boolean } = {},
  ) {
    const threads = options.threads ?? availableParallelism();
    if (!(Number.isSafeInteger(threads) && threads > 0)) {
      throw new ConfigError(`--workers must be a positive whole number, got ${threads}.`);
    }
    const workerData: ThreadWorkerData = {
      market: shareMarket(market),
      strategyPath: strategy.path,
      strategyHash: strategy.hash,
      backtest,
      keepResults: options.keepResults ?? false,
    };
    this.pool = new Piscina({
      filename: workerFile(),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      workerData,
    });
  }

  async run(tasks: readonly SweepTask[], onRecord?: RecordListener): Promise<RunRecord[]> {
    let done = 0;
    const records = await Promise.all(
      tasks.map(async (task) => {
        let record: RunRecord;
        try {
          record = (await this.pool.run(task)) as RunRecord;
        } catch (error) {
          // The thread itself died (out of memory, process.exit in the strategy): the run failed.
          record = failedRecord(task, error);
        }
        done++;
        onRecord?.(record, done, tasks.length);
        return record;
      }),
    );
    return inTaskOrder(records);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

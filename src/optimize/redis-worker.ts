import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { prepareMarket, type PreparedMarket } from '../engine/algorithm/prepared-market.js';
import { marketChecksum } from './market-checksum.js';
import { checkRedisReachable } from './redis-reachable.js';
import { recordsKey, RECORDS_TTL_SECONDS, type SweepJob } from './redis-jobs.js';
import { runTask } from './sweep-run.js';
import { loadSweepStrategy, type SweepStrategy } from './sweep-strategy.js';

/** How a worker connects and behaves. */
export interface SweepWorkerOptions {
  /** `redis://host:port[/db]`. */
  url: string;
  /** BullMQ queue name (the sweep's `--queue`). */
  queue: string;
  /** The strategy file; jobs naming another hash are refused. */
  strategy: string;
  /** Where bundles live (RUSTYBT_HOME). */
  home?: string;
  /** Jobs run at once (default 1; a backtest holds the thread while it runs). */
  concurrency?: number;
  /**
   * How long a job's lock lasts without renewal, ms (default 60 000): a
   * killed worker's job is retried elsewhere after about this long. Keep it
   * above the longest single backtest, which holds the thread.
   */
  lockDurationMs?: number;
  /** Called for each job done or refused. */
  onJob?: (line: string) => void;
}

/** A running worker: `close()` stops it after the jobs in hand. */
export interface SweepWorker {
  close(): Promise<void>;
}

/**
 * Consumes sweep jobs from Redis: prepares each job's market once (from the
 * local bundle, refusing a job whose data checksum differs), runs the task
 * with this worker's strategy (refusing a job naming another strategy hash),
 * and stores the record in the sweep's Redis hash under the task's index,
 * where a retried job's record lands on the same field.
 *
 * @throws StrategyError when the strategy file cannot be loaded; SweepError
 *   when Redis cannot be reached.
 */
export async function startSweepWorker(options: SweepWorkerOptions): Promise<SweepWorker> {
  const strategy = await loadSweepStrategy(options.strategy);
  await checkRedisReachable(options.url);
  const redis = new Redis(options.url, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const markets = new Map<string, Promise<PreparedMarket>>();
  const checksums = new Map<string, string>();
  const name = `${hostname()}:${process.pid}`;

  const process_ = async (job: Job<SweepJob>): Promise<string> => {
    const data = job.data;
    refuseOtherStrategy(strategy, data, name);
    const market = await marketOf(data, markets, checksums, options.home, name);
    const record = await runTask(market, strategy, data.backtest, data, false);
    const key = recordsKey(options.queue, data.sweepId);
    await redis
      .multi()
      .hset(key, String(data.index), JSON.stringify(record))
      .expire(key, RECORDS_TTL_SECONDS)
      .exec();
    options.onJob?.(`${data.sweepId} run ${data.index}: ${record.status}`);
    return record.status;
  };

  const connection = new Redis(options.url, { maxRetriesPerRequest: null });
  connection.on('error', () => {});
  const worker = new Worker<SweepJob>(options.queue, process_, {
    connection,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 60_000,
    stalledInterval: Math.max(500, Math.floor((options.lockDurationMs ?? 60_000) / 2)),
    maxStalledCount: 3,
  });
  worker.on('error', () => {});
  worker.on('failed', (job, error) => {
    if (job !== undefined)
      options.onJob?.(`${job.data.sweepId} run ${job.data.index}: refused: ${error.message}`);
  });
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      connection.disconnect();
      redis.disconnect();
    },
  };
}

function refuseOtherStrategy(strategy: SweepStrategy, job: SweepJob, worker: string): void {
  if (job.strategyHash !== strategy.hash) {
    throw new UnrecoverableError(
      `Worker ${worker} refuses the job: the sweep's strategy has sha256 ${job.strategyHash.slice(0, 16)}…, but this worker's ${strategy.path} has ${strategy.hash.slice(0, 16)}…; start the worker with the same strategy file.`,
    );
  }
}

async function marketOf(
  job: SweepJob,
  markets: Map<string, Promise<PreparedMarket>>,
  checksums: Map<string, string>,
  home: string | undefined,
  worker: string,
): Promise<PreparedMarket> {
  const key = JSON.stringify(job.market);
  let pending = markets.get(key);
  if (pending === undefined) {
    // One market per distinct data request, the last few kept.
    if (markets.size >= 4) markets.delete(markets.keys().next().value!);
    pending = prepareMarket({ ...job.market, home });
    markets.set(key, pending);
  }
  let market: PreparedMarket;
  try {
    market = await pending;
  } catch (error) {
    markets.delete(key);
    throw new UnrecoverableError(
      `Worker ${worker} cannot load bundle ${job.market.bundle} for the job: ${(error as Error).message}`,
    );
  }
  let checksum = checksums.get(key);
  if (checksum === undefined) {
    checksum = marketChecksum(market);
    checksums.set(key, checksum);
  }
  if (checksum !== job.dataVersion) {
    throw new UnrecoverableError(
      `Worker ${worker} refuses the job: its ${market.origin} has data version ${checksum.slice(0, 16)}…, the sweep's is ${job.dataVersion.slice(0, 16)}…; ingest the same data on this machine (or copy the bundle).`,
    );
  }
  return market;
}

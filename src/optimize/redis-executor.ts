import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ConfigError, SweepError } from '../errors/index.js';
import { checkRedisReachable } from './redis-reachable.js';
import { inTaskOrder, type RecordListener, type SweepExecutor } from './executor.js';
import {
  jobId,
  recordsKey,
  RECORDS_TTL_SECONDS,
  type JobMarket,
  type SweepJob,
} from './redis-jobs.js';
import type { RunRecord, SweepTask } from './sweep-run.js';
import type { ExecutorFactory, SweepSetup } from './sweep.js';

/** Where the queue is and how often to look for results. */
export interface RedisExecutorOptions {
  /** `redis://host:port[/db]`. */
  url: string;
  /** BullMQ queue name (workers must use the same). */
  queue: string;
  /** How often to collect records, ms (default 200). */
  pollMs?: number;
}

/**
 * An executor that enqueues each run as a BullMQ job on Redis; `rustybt
 * worker` processes on any number of machines run them. Jobs have ids derived
 * from the sweep and the task, so enqueueing again (after Redis lost its data,
 * or when the same sweep is started again) never duplicates a run; workers put
 * each record in a Redis hash keyed by task index, so a job run twice (its
 * worker killed, the job retried) still counts once.
 */
export function redisExecutor(options: RedisExecutorOptions): ExecutorFactory {
  return async (setup) => {
    await checkRedisReachable(options.url);
    return new RedisExecutor(setup, options);
  };
}

class RedisExecutor implements SweepExecutor {
  readonly kind = 'redis';
  private readonly queue: Queue;
  private readonly redis: Redis;
  private readonly queueConnection: Redis;
  private readonly market: JobMarket;
  private closed = false;

  constructor(
    private readonly setup: SweepSetup,
    private readonly options: RedisExecutorOptions,
  ) {
    const m = setup.marketOptions;
    if (m.bundle === undefined) {
      throw new ConfigError(
        'The redis executor needs a bundle: workers load the data by bundle name and check its version.',
      );
    }
    if (m.calendar !== undefined && typeof m.calendar !== 'string') {
      throw new ConfigError('The redis executor needs the calendar by name (XNYS, 24/7).');
    }
    this.market = {
      bundle: m.bundle,
      start: m.start,
      end: m.end,
      symbols: m.symbols,
      dataFrequency: m.dataFrequency,
      warmupSessions: m.warmupSessions,
      calendar: m.calendar,
    };
    const connection = { maxRetriesPerRequest: null };
    this.redis = new Redis(options.url, { ...connection, lazyConnect: false });
    this.redis.on('error', () => {});
    this.queueConnection = new Redis(options.url, connection);
    this.queueConnection.on('error', () => {});
    this.queue = new Queue(options.queue, { connection: this.queueConnection });
    this.queue.on('error', () => {});
  }

  async run(tasks: readonly SweepTask[], onRecord?: RecordListener): Promise<RunRecord[]> {
    const { sweepId } = this.setup;
    const key = recordsKey(this.options.queue, sweepId);
    const records = new Map<number, RunRecord>();
    const byId = new Map(tasks.map((task) => [jobId(sweepId, task.index), task]));
    const accept = (record: RunRecord) => {
      if (records.has(record.index) || !tasks.some((t) => t.index === record.index)) return;
      records.set(record.index, record);
      onRecord?.(record, records.size, tasks.length);
    };
    // Failed jobs of an earlier attempt at this sweep would block re-adding them: retry them now.
    for (const job of await this.queue.getFailed(0, -1)) {
      if (byId.has(job.id ?? '')) await job.remove();
    }
    await this.enqueue(tasks, records);
    let lastError: unknown;
    let failingSince = 0;
    let needEnqueue = false;
    let storedCount = -1;
    let failedCount = -1;
    while (records.size < tasks.length) {
      await sleep(this.options.pollMs ?? 200);
      try {
        if (needEnqueue) {
          await this.enqueue(tasks, records);
          needEnqueue = false;
          storedCount = -1;
          failedCount = -1;
        }
        // New records only: HLEN first, then the new fields (not the whole hash every poll).
        const count = await this.redis.hlen(key);
        if (count !== storedCount) {
          const fresh = (await this.redis.hkeys(key)).filter((f) => !records.has(Number(f)));
          if (fresh.length > 0) {
            const texts = await this.redis.hmget(key, ...fresh);
            for (const text of texts) if (text !== null) accept(JSON.parse(text) as RunRecord);
          }
          storedCount = count;
        }
        // Jobs that failed outright (a worker refused them, or they stalled too often).
        const failedNow = await this.queue.getFailedCount();
        if (failedNow !== failedCount) {
          for (const job of await this.queue.getFailed(0, -1)) {
            const task = byId.get(job.id ?? '');
            if (task === undefined || records.has(task.index)) continue;
            const text = await this.redis.hget(key, String(task.index));
            accept(
              text !== null
                ? (JSON.parse(text) as RunRecord)
                : {
                    index: task.index,
                    params: task.params,
                    status: 'failed',
                    statistics: {},
                    digest: null,
                    error: { code: 'ERR_SWEEP', message: job.failedReason ?? 'the job failed' },
                  },
            );
          }
          failedCount = failedNow;
        }
        failingSince = 0;
      } catch (error) {
        // Redis went away: keep trying; once it is back, make sure every job is there again.
        lastError = error;
        needEnqueue = true;
        failingSince ||= Date.now();
        if (Date.now() - failingSince > 10 * 60_000) {
          throw new SweepError(
            `Redis at ${this.options.url} has been unreachable for 10 minutes (${(lastError as Error).message}); the sweep ${sweepId} can be resumed by running it again.`,
            { cause: error },
          );
        }
      }
    }
    await this.redis.expire(key, RECORDS_TTL_SECONDS).catch(() => 0);
    return inTaskOrder(records.values());
  }

  /** Adds the jobs of the tasks not yet recorded (ids make a job already queued a no-op). */
  private async enqueue(
    tasks: readonly SweepTask[],
    records: Map<number, RunRecord>,
  ): Promise<void> {
    const { sweepId, strategy, dataVersion, backtest } = this.setup;
    const pending = tasks.filter((task) => !records.has(task.index));
    for (let k = 0; k < pending.length; k += 500) {
      await this.queue.addBulk(
        pending.slice(k, k + 500).map((task) => {
          const data: SweepJob = {
            ...task,
            sweepId,
            strategyHash: strategy.hash,
            market: this.market,
            dataVersion,
            backtest,
          };
          return {
            name: 'backtest',
            data,
            opts: {
              jobId: jobId(sweepId, task.index),
              removeOnComplete: true,
              removeOnFail: { age: RECORDS_TTL_SECONDS },
            },
          };
        }),
      );
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.close().catch(() => undefined);
    this.queueConnection.disconnect();
    this.redis.disconnect();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

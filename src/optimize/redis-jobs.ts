import type { MarketOptions } from '../engine/algorithm/run-options.js';
import type { SweepBacktest, SweepTask } from './sweep-run.js';

/** The market of a job as plain data: a bundle by name, the range and the checksum its data must have. */
export type JobMarket = Pick<
  MarketOptions,
  'bundle' | 'start' | 'end' | 'symbols' | 'dataFrequency' | 'warmupSessions'
> & { calendar?: string };

/** One run of a sweep as a BullMQ job carries it. */
export interface SweepJob extends SweepTask {
  sweepId: string;
  /** SHA-256 of the strategy file the worker must have. */
  strategyHash: string;
  /** The bundle and range to prepare. */
  market: JobMarket;
  /** The prepared market's checksum the worker must reproduce (`marketChecksum`). */
  dataVersion: string;
  backtest: SweepBacktest;
}

/** The Redis hash where workers put a sweep's records, field = task index. */
export function recordsKey(queue: string, sweepId: string): string {
  return `rustybt:${queue}:${sweepId}:records`;
}

/** The id of a task's job: the same task is one job, however often it is enqueued. */
export function jobId(sweepId: string, index: number): string {
  return `${sweepId}-${index}`;
}

/** How long the executor keeps a sweep's records in Redis after it ends (seconds). */
export const RECORDS_TTL_SECONDS = 7 * 24 * 3600;

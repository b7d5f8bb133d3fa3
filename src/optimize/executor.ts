import type { RunRecord, SweepTask } from './sweep-run.js';

/** Called as each run finishes: the record, how many are done, how many in all. */
export type RecordListener = (record: RunRecord, done: number, total: number) => void;

/**
 * Runs the tasks of a sweep somewhere (this thread, worker threads, workers
 * on other machines through Redis) and gives back one record per task, in
 * task order, whatever order they finished in. Every executor gives the same
 * records for the same tasks: a run depends only on its market, strategy,
 * backtest options and parameters.
 */
export interface SweepExecutor {
  /** `serial`, `threads` or `redis`. */
  readonly kind: string;
  /** Runs the tasks; a run that throws is a failed record, not a rejection. */
  run(tasks: readonly SweepTask[], onRecord?: RecordListener): Promise<RunRecord[]>;
  /** Releases threads, connections and queues. */
  close(): Promise<void>;
}

/** Records in task order (what every executor returns). */
export function inTaskOrder(records: Iterable<RunRecord>): RunRecord[] {
  return [...records].sort((a, b) => a.index - b.index);
}

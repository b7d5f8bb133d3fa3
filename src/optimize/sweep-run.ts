import { createHash } from 'node:crypto';
import { resultsToJson } from '../analytics/results-json.js';
import type { FillReference } from '../engine/blotter/fill-rules.js';
import type { PreparedMarket } from '../engine/algorithm/prepared-market.js';
import { runOnMarket } from '../engine/algorithm/run-algorithm.js';
import type { StrategyParams } from '../engine/algorithm/strategy-params.js';
import { RustybtError } from '../errors/index.js';
import type { NumericMode } from '../numeric/numeric.js';
import type { SweepStrategy } from './sweep-strategy.js';

/** One run of a sweep: its position in the sweep and its parameters. */
export interface SweepTask {
  /** Position in the sweep, from 0: records are reported in this order. */
  index: number;
  /** The parameters of the run (`ctx.params`). */
  params: StrategyParams;
}

/** What every run of a sweep shares besides the market: plain data, so it crosses to threads and machines. */
export interface SweepBacktest {
  /** Starting cash, decimal text. */
  capitalBase: string;
  /** `decimal` (default) or `float`. */
  numeric?: NumericMode;
  /** `open` (default) or `close`. */
  fillPrice?: FillReference;
  /** Benchmark symbol. */
  benchmark?: string;
}

/** The outcome of one run. */
export interface RunRecord {
  /** The task's index. */
  index: number;
  /** The task's parameters. */
  params: StrategyParams;
  /** `ok`, or `failed` when the run threw (the sweep goes on). */
  status: 'ok' | 'failed';
  /** Every statistic of the run's risk summary (null where not computable); empty when failed. */
  statistics: Record<string, number | null>;
  /** SHA-256 of the run's results JSON (`resultsToJson`): equal digests, byte-identical results. */
  digest: string | null;
  /** The results JSON itself, when the sweep keeps it. */
  results?: string;
  /** Why the run failed. */
  error?: { code: string; message: string };
}

/**
 * Runs one task on a prepared market with a fresh strategy and records it;
 * an error thrown by the run is recorded, not thrown.
 */
export async function runTask(
  market: PreparedMarket,
  strategy: SweepStrategy,
  backtest: SweepBacktest,
  task: SweepTask,
  keepResults: boolean,
): Promise<RunRecord> {
  try {
    const results = await runOnMarket(market, {
      ...backtest,
      strategy: strategy.create(),
      params: task.params,
    });
    const json = resultsToJson(results);
    const statistics: Record<string, number | null> = {};
    for (const [key, value] of Object.entries(results.risk).sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      if (typeof value === 'number') statistics[key] = Number.isFinite(value) ? value : null;
    }
    const record: RunRecord = {
      index: task.index,
      params: task.params,
      status: 'ok',
      statistics,
      digest: createHash('sha256').update(json).digest('hex'),
    };
    if (keepResults) record.results = json;
    return record;
  } catch (error) {
    return failedRecord(task, error);
  }
}

/** The record of a task that failed with `error`. */
export function failedRecord(task: SweepTask, error: unknown): RunRecord {
  return {
    index: task.index,
    params: task.params,
    status: 'failed',
    statistics: {},
    digest: null,
    error: {
      code: error instanceof RustybtError ? error.code : 'ERR_RUN',
      message: error instanceof Error ? error.message : String(error),
    },
  };
}

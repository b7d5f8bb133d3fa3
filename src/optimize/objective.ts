import { ConfigError } from '../errors/index.js';
import type { RunRecord } from './sweep-run.js';

/** The statistic a sweep ranks runs by, and whether higher is better. */
export interface Objective {
  /** A key of the risk summary: `sharpe`, `sortino`, `totalReturn`, `calmar`, `maxDrawdown`, … */
  statistic: string;
  /** `max` (default) or `min`. */
  direction: 'max' | 'min';
}

/** The statistics a run records (the keys of its risk summary), for messages. */
export const STATISTICS = [
  'alpha',
  'annualReturn',
  'annualVolatility',
  'averageTrade',
  'benchmarkTotalReturn',
  'beta',
  'calmar',
  'conditionalValueAtRisk',
  'downsideRisk',
  'exposure',
  'maxDrawdown',
  'periods',
  'profitFactor',
  'sharpe',
  'sortino',
  'stability',
  'totalReturn',
  'tradeCount',
  'turnover',
  'valueAtRisk',
  'winRate',
] as const;

/**
 * Checks an objective's statistic against what runs record.
 *
 * @throws ConfigError naming the statistics available.
 */
export function checkObjective(statistic: string, direction: 'max' | 'min' = 'max'): Objective {
  if (!(STATISTICS as readonly string[]).includes(statistic)) {
    throw new ConfigError(
      `Unknown objective ${JSON.stringify(statistic)}; use one of ${STATISTICS.join(', ')}.`,
    );
  }
  return { statistic, direction };
}

/** The run's objective value (undefined when it failed or the statistic is not computable). */
export function objectiveValue(record: RunRecord, objective: Objective): number | undefined {
  if (record.status !== 'ok') return undefined;
  const value = record.statistics[objective.statistic];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The best run by the objective; ties go to the first in task order, so the
 * choice is the same whichever executor ran the sweep. Undefined when no run
 * has a value.
 */
export function bestRecord(
  records: readonly RunRecord[],
  objective: Objective,
): RunRecord | undefined {
  let best: RunRecord | undefined;
  let bestValue = NaN;
  for (const record of records) {
    const value = objectiveValue(record, objective);
    if (value === undefined) continue;
    const better = objective.direction === 'max' ? value > bestValue : value < bestValue;
    if (best === undefined || better) {
      best = record;
      bestValue = value;
    }
  }
  return best;
}

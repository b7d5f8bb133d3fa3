import { sessionLabel } from '../../calendar/index.js';
import type { BacktestResults } from '../algorithm/results.js';
import { cumulativeReturns, drawdownPeriods, summarizeRisk, type BookSeries } from './index.js';
import { roundTrips, roundTripsTable } from './round-trips.js';
import { columnValues } from './table-columns.js';
import type { Table } from '../../analytics/table.js';

/** How many drawdown periods results keep. */
export const TOP_DRAWDOWNS = 10;

/** What a run recorded, before the analysis adds round trips, drawdowns, the benchmark and the risk summary. */
export type RecordedRun = Omit<BacktestResults, 'roundTrips' | 'drawdowns' | 'benchmark' | 'risk'>;

/** What the analysis needs besides the recorded tables. */
export interface RunAnalysisOptions {
  /** Periods per year of the run's calendar. */
  annualization: number;
  /** The benchmark's per-session returns, when the run has a benchmark. */
  benchmarkReturns?: Float64Array;
  /** Per-session book values, for exposure and turnover. */
  book?: BookSeries;
}

/**
 * Completes a run's results from what it recorded: the closed round trips
 * (from the transactions), the deepest drawdown periods and the benchmark
 * series (from the returns), and the risk summary, whose trade statistics
 * are those of the round trips.
 */
export function analyzeRun(run: RecordedRun, options: RunAnalysisOptions): BacktestResults {
  const sessions = columnValues(run.performance, 'session', 'string');
  const trips = roundTrips(run.transactions, run.positionsOverTime, sessions);
  const labels = Float64Array.from(sessions, sessionLabel);
  const { benchmarkReturns } = options;
  return {
    ...run,
    roundTrips: roundTripsTable(trips),
    drawdowns: drawdownsTable(run.returns, sessions),
    benchmark:
      benchmarkReturns === undefined ? undefined : benchmarkTable(benchmarkReturns, sessions),
    risk: summarizeRisk(run.returns, {
      annualization: options.annualization,
      benchmark: benchmarkReturns,
      tradePnl: Float64Array.from(trips, (t) => Number(t.pnl)),
      book: options.book,
      sessions: labels,
    }),
  };
}

/** The `TOP_DRAWDOWNS` deepest drawdown periods as the `drawdowns` table. */
export function drawdownsTable(returns: Float64Array, sessions: readonly string[]): Table {
  const periods = drawdownPeriods(returns, TOP_DRAWDOWNS);
  // A period whose high-water mark is the starting capital peaks at the run's start.
  const at = (i: number) => (i < 0 ? sessions[0] : sessions[i]);
  return {
    name: 'drawdowns',
    columns: [
      { name: 'rank', kind: 'integer', values: periods.map((_, i) => i + 1) },
      { name: 'peak', kind: 'date', values: periods.map((p) => at(p.peak)) },
      { name: 'valley', kind: 'date', values: periods.map((p) => at(p.valley)) },
      {
        name: 'recovery',
        kind: 'string',
        values: periods.map((p) => (p.recovery < 0 ? '' : sessions[p.recovery])),
      },
      { name: 'depth', kind: 'number', values: periods.map((p) => p.depth) },
      { name: 'sessions', kind: 'integer', values: periods.map((p) => p.length) },
      { name: 'recovered', kind: 'string', values: periods.map((p) => String(p.recovery >= 0)) },
    ],
  };
}

/** The benchmark's per-session and compounded returns as the `benchmark` table. */
export function benchmarkTable(returns: Float64Array, sessions: readonly string[]): Table {
  return {
    name: 'benchmark',
    columns: [
      { name: 'session', kind: 'date', values: sessions },
      { name: 'return', kind: 'number', values: returns },
      { name: 'cumulativeReturn', kind: 'number', values: cumulativeReturns(returns) },
    ],
  };
}

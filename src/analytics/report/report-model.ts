import { getCalendar, sessionLabel } from '../../calendar/index.js';
import {
  calendarReturns,
  cumulativeReturns,
  rollingBeta,
  rollingSharpe,
  rollingVolatility,
  underwater,
} from '../../engine/metrics/index.js';
import { add, exact, toText, ZERO, type ExactDecimal } from '../../numeric/exact-decimal.js';
import type { JsonRow } from '../results-json.js';
import type { ResultsDocument } from './results-document.js';
import { numberColumn, tradedValueBySession } from './series.js';

/** Per-session exposure as fractions of the portfolio value. */
export interface ExposureSeries {
  gross: Float64Array;
  net: Float64Array;
  long: Float64Array;
  short: Float64Array;
}

/** Round trips of one group (a symbol, or longs / shorts). */
export interface TripSummary {
  group: string;
  trips: number;
  winRate: number;
  /** Exact sum of the trips' P&L. */
  pnl: string;
  averageReturn: number;
  averageSessionsHeld: number;
}

/** Everything the report draws and tabulates, computed from one results document. */
export interface ReportModel {
  doc: ResultsDocument;
  annualization: number;
  sessions: string[];
  returns: Float64Array;
  cumulative: Float64Array;
  benchmarkReturns?: Float64Array;
  benchmarkCumulative?: Float64Array;
  underwater: Float64Array;
  /** Trailing window of the rolling statistics, in sessions (six months). */
  rollingWindow: number;
  rollingSharpe: Float64Array;
  rollingVolatility: Float64Array;
  rollingBeta?: Float64Array;
  /** Compounded returns per calendar month: `YYYY-MM` → return. */
  monthly: Map<string, number>;
  annual: { year: string; strategy: number; benchmark: number }[];
  exposure?: ExposureSeries;
  /** Up to five symbols with the largest mean |weight|, each session's weight (value / portfolio). */
  topPositions?: { symbol: string; weights: Float64Array }[];
  /** Traded value over portfolio value, per session. */
  turnover: Float64Array;
  tripsBySymbol: TripSummary[];
  tripsBySide: TripSummary[];
}

/** Builds the report model of one run's results. */
export function reportModel(doc: ResultsDocument): ReportModel {
  const sessions = doc.performance.map((row) => String(row.session));
  const labels = Float64Array.from(sessions, sessionLabel);
  const returns = numberColumn(doc.performance, 'returns');
  const annualization = annualizationOf(doc.meta.calendar);
  const rollingWindow = Math.round(annualization / 2);
  const benchmarkReturns =
    doc.benchmark === null ? undefined : numberColumn(doc.benchmark, 'return');
  const portfolioValue = numberColumn(doc.performance, 'portfolioValue');
  const traded = tradedValueBySession(doc.transactions, sessions);
  const enough = returns.length >= rollingWindow;
  const years = calendarReturns(returns, labels, 'year');
  const benchmarkYears =
    benchmarkReturns === undefined ? [] : calendarReturns(benchmarkReturns, labels, 'year');
  return {
    doc,
    annualization,
    sessions,
    returns,
    cumulative: cumulativeReturns(returns),
    benchmarkReturns,
    benchmarkCumulative:
      benchmarkReturns === undefined ? undefined : cumulativeReturns(benchmarkReturns),
    underwater: underwater(returns),
    rollingWindow,
    rollingSharpe: enough
      ? rollingSharpe(returns, rollingWindow, annualization)
      : new Float64Array(0),
    rollingVolatility: enough
      ? rollingVolatility(returns, rollingWindow, annualization)
      : new Float64Array(0),
    rollingBeta:
      benchmarkReturns === undefined || !enough
        ? undefined
        : rollingBeta(returns, benchmarkReturns, rollingWindow),
    monthly: new Map(calendarReturns(returns, labels, 'month').map((m) => [m.period, m.return])),
    annual: years.map((y, i) => ({
      year: y.period,
      strategy: y.return,
      benchmark: benchmarkYears[i]?.return ?? NaN,
    })),
    ...positionSeries(doc.positionsOverTime, sessions, portfolioValue),
    turnover: traded.map((t, i) => (portfolioValue[i] > 0 ? t / portfolioValue[i] : NaN)),
    tripsBySymbol: summarizeTrips(doc.roundTrips, (t) => String(t.symbol)),
    tripsBySide: summarizeTrips(doc.roundTrips, (t) => String(t.side)),
  };
}

function annualizationOf(calendar: string): number {
  try {
    return getCalendar(calendar).annualization;
  } catch {
    return 252;
  }
}

function positionSeries(
  rows: JsonRow[] | null,
  sessions: string[],
  portfolioValue: Float64Array,
): Pick<ReportModel, 'exposure' | 'topPositions'> {
  if (rows === null) return {};
  const n = sessions.length;
  const index = new Map(sessions.map((s, i) => [s, i]));
  const exposure: ExposureSeries = {
    gross: new Float64Array(n),
    net: new Float64Array(n),
    long: new Float64Array(n),
    short: new Float64Array(n),
  };
  const weights = new Map<string, Float64Array>();
  for (const row of rows) {
    const i = index.get(String(row.session));
    if (i === undefined || !(portfolioValue[i] > 0)) continue;
    const weight = Number(row.value) / portfolioValue[i];
    if (weight >= 0) exposure.long[i] += weight;
    else exposure.short[i] += weight;
    const symbol = String(row.symbol);
    let series = weights.get(symbol);
    if (series === undefined) {
      series = new Float64Array(n);
      weights.set(symbol, series);
    }
    series[i] = weight;
  }
  for (let i = 0; i < n; i++) {
    exposure.gross[i] = exposure.long[i] - exposure.short[i];
    exposure.net[i] = exposure.long[i] + exposure.short[i];
  }
  const meanAbs = (w: Float64Array) => w.reduce((s, x) => s + Math.abs(x), 0) / Math.max(n, 1);
  const topPositions = [...weights]
    .map(([symbol, w]) => ({ symbol, weights: w, size: meanAbs(w) }))
    .sort((a, b) => b.size - a.size || a.symbol.localeCompare(b.symbol))
    .slice(0, 5)
    .map(({ symbol, weights: w }) => ({ symbol, weights: w }));
  return { exposure, topPositions };
}

function summarizeTrips(trips: readonly JsonRow[], groupOf: (t: JsonRow) => string): TripSummary[] {
  const groups = new Map<
    string,
    { trips: number; wins: number; pnl: ExactDecimal; ret: number; held: number }
  >();
  for (const trip of trips) {
    const key = groupOf(trip);
    const g = groups.get(key) ?? { trips: 0, wins: 0, pnl: ZERO, ret: 0, held: 0 };
    g.trips++;
    const pnl = exact(String(trip.pnl));
    if (pnl.units > 0n) g.wins++;
    g.pnl = add(g.pnl, pnl);
    g.ret += Number(trip.return ?? NaN);
    g.held += Number(trip.sessionsHeld ?? 0);
    groups.set(key, g);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, g]) => ({
      group,
      trips: g.trips,
      winRate: g.wins / g.trips,
      pnl: toText(g.pnl, 2),
      averageReturn: g.ret / g.trips,
      averageSessionsHeld: g.held / g.trips,
    }));
}

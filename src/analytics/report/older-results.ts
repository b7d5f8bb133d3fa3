import { getCalendar, sessionLabel } from '../../calendar/index.js';
import { summarizeRisk, type RiskSummary } from '../../engine/metrics/index.js';
import { tableRows, type JsonRow } from '../results-json.js';
import { roundTrips, roundTripsTable } from '../../engine/metrics/round-trips.js';
import { benchmarkTable, drawdownsTable } from '../../engine/metrics/run-analysis.js';
import type { Table } from '../table.js';
import type { ParsedResults, ResultsDocument } from './results-document.js';
import { numberColumn, tradedValueBySession } from './series.js';

/**
 * Brings a checked results file up to the current layout: a file of the
 * current format is taken as it is; an older one (no `format` tag) gets its
 * round trips, drawdowns, benchmark series and statistics derived from its
 * transactions and performance, and says that positions over time are missing.
 */
export function upgradeDocument(path: string, parsed: ParsedResults): ResultsDocument {
  const missing: string[] = [];
  const sessions = parsed.performance.map((row) => row.session);
  const returns = numberColumn(parsed.performance, 'returns');
  const roundTripRows =
    parsed.roundTrips ??
    tableRows(
      roundTripsTable(
        roundTrips(
          rowsTable('transactions', parsed.transactions),
          rowsTable('positionsOverTime', []),
          sessions,
        ),
      ),
    );
  const benchmarkReturns =
    parsed.meta.benchmark === null
      ? undefined
      : numberColumn(parsed.performance, 'benchmarkReturn');
  const benchmark =
    parsed.benchmark !== undefined
      ? parsed.benchmark
      : benchmarkReturns === undefined
        ? null
        : tableRows(benchmarkTable(benchmarkReturns, sessions));
  if (parsed.positionsOverTime === undefined) {
    missing.push(
      `positions over time (these results were written by rustybt ${parsed.meta.rustybtVersion}, before they were recorded; run the backtest again for the exposure and top-position charts)`,
    );
  }
  const risk =
    parsed.format === undefined
      ? recomputeRisk(parsed, returns, benchmarkReturns, roundTripRows)
      : riskFromFile(parsed.risk);
  return {
    source: path,
    meta: parsed.meta,
    risk,
    performance: parsed.performance,
    transactions: parsed.transactions,
    positions: parsed.positions,
    positionsOverTime: parsed.positionsOverTime ?? null,
    roundTrips: roundTripRows,
    drawdowns: parsed.drawdowns ?? tableRows(drawdownsTable(returns, sessions)),
    benchmark,
    missing,
  };
}

function riskFromFile(risk: Record<string, number | null>): RiskSummary {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(risk)) out[key] = value ?? NaN;
  return out as unknown as RiskSummary;
}

function recomputeRisk(
  parsed: ParsedResults,
  returns: Float64Array,
  benchmark: Float64Array | undefined,
  trips: JsonRow[],
): RiskSummary {
  let annualization = 252;
  try {
    annualization = getCalendar(parsed.meta.calendar).annualization;
  } catch {
    // A calendar this rustybt does not know: exchange-style 252 sessions a year.
  }
  const portfolioValue = Float64Array.from(parsed.performance, (row) => Number(row.portfolioValue));
  const gross = numberColumn(parsed.performance, 'grossLeverage').map(
    (g, i) => g * portfolioValue[i],
  );
  return summarizeRisk(returns, {
    annualization,
    benchmark,
    sessions: Float64Array.from(parsed.performance, (row) => sessionLabel(row.session)),
    tradePnl: Float64Array.from(trips, (t) => Number(t.pnl)),
    book: {
      grossPositionValue: gross,
      portfolioValue,
      tradedValue: tradedValueBySession(
        parsed.transactions,
        parsed.performance.map((r) => r.session),
      ),
    },
  });
}

/** Rows of a results file as a table of string columns (the columns round trips read). */
function rowsTable(name: string, rows: JsonRow[]): Table {
  const names = ['timestamp', 'symbol', 'amount', 'price', 'commission', 'session', 'value'];
  return {
    name,
    columns: names.map((column) => ({
      name: column,
      kind: 'string' as const,
      values: rows.map((row) => String(row[column] ?? '')),
    })),
  };
}

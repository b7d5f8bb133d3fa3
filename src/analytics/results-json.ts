import type { BacktestResults } from '../engine/algorithm/results.js';
import { rowCount, type Table } from './table.js';

/** The tables of a results object, in the order they are exported (`benchmark` only with one). */
export const RESULT_TABLES = [
  'performance',
  'transactions',
  'orders',
  'positions',
  'positionsOverTime',
  'roundTrips',
  'drawdowns',
  'benchmark',
] as const;

/** Version of the results layout `resultsToJson` writes (its `format` field). */
export const RESULTS_FORMAT = 2;

/** The tables a results object has, in export order (without `benchmark` when it has none). */
export function resultTables(results: BacktestResults): Table[] {
  const tables: Table[] = [];
  for (const name of RESULT_TABLES) {
    const table = results[name];
    if (table !== undefined) tables.push(table);
  }
  return tables;
}

/** One table row as a JSON object; keys in column order. */
export type JsonRow = Record<string, string | number | null>;

/**
 * Renders backtest results as JSON: the `format` tag, `meta` and `risk`
 * (keys sorted), then each table as an array of row objects with keys in
 * column order (`benchmark` is `null` without a benchmark). Decimal,
 * date and timestamp columns stay exact strings; NaN and ±Infinity become
 * `null`. Identical results give byte-identical text.
 */
export function resultsToJson(results: BacktestResults): string {
  const document: Record<string, unknown> = {
    format: `rustybt-results/${RESULTS_FORMAT}`,
    meta: sortedKeys(results.meta as unknown as Record<string, unknown>),
    risk: sortedKeys(results.risk as unknown as Record<string, unknown>),
  };
  for (const name of RESULT_TABLES) {
    const table = results[name];
    document[name] = table === undefined ? null : tableRows(table);
  }
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A table as row objects (numbers that are not finite become `null`). */
export function tableRows(table: Table): JsonRow[] {
  const rows: JsonRow[] = [];
  const n = rowCount(table);
  for (let i = 0; i < n; i++) {
    const row: JsonRow = {};
    for (const column of table.columns) row[column.name] = jsonValue(column.values[i]);
    rows.push(row);
  }
  return rows;
}

function jsonValue(value: string | number | undefined): string | number | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return value;
}

function sortedKeys(object: Record<string, unknown>): Record<string, unknown> {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(object).sort()) {
    const value = object[key];
    sorted[key] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
  return sorted;
}

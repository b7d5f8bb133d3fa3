import { basename, dirname, extname, join } from 'node:path';
import { EXPORT_FORMATS } from './export-formats.js';
import { withDuckDB } from '../data/bundles/duckdb-session.js';
import type { BacktestResults } from '../engine/algorithm/results.js';
import { ConfigError } from '../errors/index.js';
import { tableToCsv } from './csv.js';
import { resultTables, resultsToJson } from './results-json.js';
import { writeFilesAtomic, type StagedFile } from './staged-files.js';
import { writeTableParquet } from './table-parquet.js';

/**
 * Writes backtest results to `path`, in the format its extension names:
 * - `.json`: one file with `meta`, `risk` and every table as row objects
 *   (exact decimal strings, NaN as `null`, byte-identical for identical results);
 * - `.csv`: the performance table at `path`, and beside it one file per
 *   table, `<stem>.<table>.csv`: transactions, orders, positions,
 *   positionsOverTime, roundTrips, drawdowns, and benchmark when the run has one;
 * - `.parquet`: the same tables as Parquet files (through DuckDB), with
 *   decimal columns as exact DECIMAL(38, s).
 *
 * Every file goes to a temporary path and is renamed into place only when all
 * are complete: on failure no new file remains.
 *
 * @returns the paths written, the main file first
 * @throws ConfigError for an unsupported extension (before anything is written).
 */
export async function exportResults(results: BacktestResults, path: string): Promise<string[]> {
  const format = extname(path).toLowerCase();
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ConfigError(
      `Cannot export results to ${path}: unsupported extension ${JSON.stringify(format)}; use one of ${EXPORT_FORMATS.join(', ')}.`,
    );
  }
  if (format === '.json') {
    await writeFilesAtomic([{ path, produce: () => Promise.resolve(resultsToJson(results)) }]);
    return [path];
  }
  const targets = resultTables(results).map((table) => ({
    table,
    path: table.name === 'performance' ? path : companionPath(path, table.name),
  }));
  if (format === '.csv') {
    await writeFilesAtomic(
      targets.map(({ table, path: target }): StagedFile => ({
        path: target,
        produce: () => Promise.resolve(tableToCsv(table)),
      })),
    );
  } else {
    await withDuckDB(`Exporting results to ${path}`, (connection) =>
      writeFilesAtomic(
        targets.map(({ table, path: target }): StagedFile => ({
          path: target,
          produce: async (temporary) => {
            await writeTableParquet(connection, table, temporary);
            return undefined;
          },
        })),
      ),
    );
  }
  return targets.map((target) => target.path);
}

/** `out/run.csv` + `orders` → `out/run.orders.csv`. */
export function companionPath(path: string, table: string): string {
  const extension = extname(path);
  return join(dirname(path), `${basename(path, extension)}.${table}${extension}`);
}

export { EXPORT_FORMATS };

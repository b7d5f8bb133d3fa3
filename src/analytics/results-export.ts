import { basename, dirname, extname, join } from 'node:path';
import { EXPORT_FORMATS } from './export-formats.js';
import { withDuckDB } from '../data/bundles/duckdb-session.js';
import type { BacktestResults } from '../engine/algorithm/results.js';
import { OutputError, RustybtError } from '../errors/index.js';
import { tableToCsv } from './csv.js';
import { checkOutputPath } from './output-path.js';
import { RESULT_TABLES, resultTables, resultsToJson } from './results-json.js';
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
 * @throws ConfigError for a path that cannot be written (an unknown extension,
 *   a folder, a kernel filesystem, no permission), before anything is written
 *   ({@link checkResultsPath}).
 * @throws OutputError when writing fails; no new file remains.
 * @throws DataError when a table holds a value its column cannot store.
 */
export async function exportResults(results: BacktestResults, path: string): Promise<string[]> {
  checkResultsPath(path);
  try {
    return await writeResults(results, path);
  } catch (error) {
    if (error instanceof RustybtError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new OutputError(
      `Could not write the results to ${path}: ${reason}. Nothing was written there; check the folder (space, permissions) and run again, or pass another -o.`,
      { cause: error },
    );
  }
}

/**
 * Checks that results can be written to `path` and its companion files, as
 * {@link exportResults} will write them: call it before a long run.
 *
 * @throws ConfigError saying what is wrong with the path.
 */
export function checkResultsPath(path: string): void {
  const format = extname(path).toLowerCase();
  const companions =
    format === '.json' || !(EXPORT_FORMATS as readonly string[]).includes(format)
      ? []
      : RESULT_TABLES.filter((name) => name !== 'performance').map((name) =>
          companionPath(path, name),
        );
  checkOutputPath(path, companions);
}

async function writeResults(results: BacktestResults, path: string): Promise<string[]> {
  const format = extname(path).toLowerCase();
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

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteDatabase } from '../data/catalog/sqlite-driver.js';
import { writeFilesAtomic } from '../analytics/staged-files.js';
import type { Column, Table } from '../analytics/table.js';
import { writeTableParquet } from '../analytics/table-parquet.js';
import { withDuckDB } from '../data/bundles/duckdb-session.js';
import { objectiveValue, STATISTICS } from './objective.js';
import type { SweepOutcome } from './sweep.js';

/** Where a stored sweep went. */
export interface StoredSweep {
  /** The SQLite database (`<home>/sweeps.sqlite`). */
  database: string;
  /** The Parquet file of the runs (`<home>/sweeps/<id>/runs.parquet`). */
  parquet: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sweeps (
  sweep_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL,
  strategy_path TEXT NOT NULL,
  strategy_hash TEXT NOT NULL,
  data_origin TEXT NOT NULL,
  data_version TEXT NOT NULL,
  objective TEXT NOT NULL,
  direction TEXT NOT NULL,
  executor TEXT NOT NULL,
  runs INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  best_index INTEGER,
  best_params TEXT,
  best_value REAL
);
CREATE TABLE IF NOT EXISTS sweep_runs (
  sweep_id TEXT NOT NULL REFERENCES sweeps(sweep_id) ON DELETE CASCADE,
  run_index INTEGER NOT NULL,
  params TEXT NOT NULL,
  status TEXT NOT NULL,
  objective REAL,
  statistics TEXT NOT NULL,
  results_digest TEXT,
  error TEXT,
  PRIMARY KEY (sweep_id, run_index)
);`;

/** The directory of one sweep's files under `home`. */
export function sweepDirectory(home: string, sweepId: string): string {
  return join(home, 'sweeps', sweepId);
}

/**
 * Stores a sweep: every run (parameters, every statistic, the results'
 * digest, the error of a failed run) with the strategy's hash and the data
 * version, in `<home>/sweeps.sqlite` (tables `sweeps`, `sweep_runs`) and in
 * `<home>/sweeps/<id>/runs.parquet`. The Parquet file is written to a
 * temporary path first and the database rows in one transaction after it, so
 * a failure leaves neither half-written. Storing the same sweep again replaces it.
 */
export async function storeSweep(
  home: string,
  outcome: SweepOutcome,
  kind: 'optimize' | 'walkforward' = 'optimize',
): Promise<StoredSweep> {
  const directory = sweepDirectory(home, outcome.sweepId);
  const parquet = join(directory, 'runs.parquet');
  const table = runsTable(outcome);
  await withDuckDB(`Writing ${parquet}`, (connection) =>
    writeFilesAtomic([
      {
        path: parquet,
        produce: async (temporary) => {
          await writeTableParquet(connection, table, temporary);
          return undefined;
        },
      },
    ]),
  );
  mkdirSync(home, { recursive: true });
  const database = join(home, 'sweeps.sqlite');
  const db = new (sqliteDatabase())(database);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    const failed = outcome.records.filter((r) => r.status === 'failed').length;
    const best = outcome.best;
    const insertRun = db.prepare(
      'INSERT INTO sweep_runs VALUES (@sweep_id, @run_index, @params, @status, @objective, @statistics, @results_digest, @error)',
    );
    db.transaction(() => {
      db.prepare('DELETE FROM sweeps WHERE sweep_id = ?').run(outcome.sweepId);
      db.prepare(
        'INSERT INTO sweeps VALUES (@sweep_id, @kind, @created_at, @strategy_path, @strategy_hash, @data_origin, @data_version, @objective, @direction, @executor, @runs, @failed, @best_index, @best_params, @best_value)',
      ).run({
        sweep_id: outcome.sweepId,
        kind,
        created_at: new Date().toISOString(),
        strategy_path: outcome.strategyPath,
        strategy_hash: outcome.strategyHash,
        data_origin: outcome.dataOrigin,
        data_version: outcome.dataVersion,
        objective: outcome.objective.statistic,
        direction: outcome.objective.direction,
        executor: outcome.executor,
        runs: outcome.records.length,
        failed,
        best_index: best?.index ?? null,
        best_params: best === undefined ? null : JSON.stringify(best.params),
        best_value: best === undefined ? null : (objectiveValue(best, outcome.objective) ?? null),
      });
      for (const record of outcome.records) {
        insertRun.run({
          sweep_id: outcome.sweepId,
          run_index: record.index,
          params: JSON.stringify(record.params),
          status: record.status,
          objective: objectiveValue(record, outcome.objective) ?? null,
          statistics: JSON.stringify(record.statistics),
          results_digest: record.digest,
          error:
            record.error === undefined ? null : `${record.error.code}: ${record.error.message}`,
        });
      }
    })();
  } finally {
    db.close();
  }
  return { database, parquet };
}

/** The runs as one table: index, status, a column per parameter and per statistic, hashes, error. */
export function runsTable(outcome: SweepOutcome): Table {
  const records = outcome.records;
  const columns: Column[] = [
    { name: 'run_index', kind: 'integer', values: records.map((r) => r.index) },
    { name: 'status', kind: 'string', values: records.map((r) => r.status) },
  ];
  for (const [name, values] of Object.entries(outcome.space)) {
    if (values.every((v) => typeof v === 'number')) {
      columns.push({
        name: `param_${name}`,
        kind: 'number',
        values: records.map((r) => r.params[name] as number),
      });
    } else {
      columns.push({
        name: `param_${name}`,
        kind: 'string',
        values: records.map((r) => String(r.params[name])),
      });
    }
  }
  for (const statistic of STATISTICS) {
    columns.push({
      name: statistic,
      kind: 'number',
      values: records.map((r) => r.statistics[statistic] ?? NaN),
    });
  }
  const constant = (value: string) => records.map(() => value);
  columns.push(
    { name: 'strategy_hash', kind: 'string', values: constant(outcome.strategyHash) },
    { name: 'data_version', kind: 'string', values: constant(outcome.dataVersion) },
    { name: 'results_digest', kind: 'string', values: records.map((r) => r.digest ?? '') },
    {
      name: 'error',
      kind: 'string',
      values: records.map((r) =>
        r.error === undefined ? '' : `${r.error.code}: ${r.error.message}`,
      ),
    },
  );
  return { name: 'sweep_runs', columns };
}

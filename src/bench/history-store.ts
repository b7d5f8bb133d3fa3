import { existsSync, mkdirSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { machineFingerprint } from './fingerprint.js';
import type Database from 'better-sqlite3';
import { sqliteDatabase } from '../data/catalog/sqlite-driver.js';
import { BenchHistoryError } from '../errors/index.js';
import type { BenchRun } from './bench-run.js';

/** SQLite's `application_id` of a rustybt benchmark history ("RBTB"). */
const APPLICATION_ID = 0x52425442;
const SCHEMA_VERSION = 1;

/** Default path of the benchmark history: `<RUSTYBT_HOME>/bench-history.sqlite`. */
export function benchHistoryPath(home: string): string {
  return join(home, 'bench-history.sqlite');
}

const SQLITE_HEADER = 'SQLite format 3\0';

function readHeader(path: string): string {
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(16);
      const n = readSync(fd, buffer, 0, 16, 0);
      return buffer.subarray(0, n).toString('latin1');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new BenchHistoryError(
      `Cannot read the benchmark history ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; give a file with --history.`,
    );
  }
}

/**
 * The benchmark history: every run of `rustybt bench`, one row per run
 * (version, commit, date, machine fingerprint) and its cell results, in a
 * SQLite file. A file that is not a SQLite database, or a database of
 * another tool, or of a newer rustybt, is refused and left untouched.
 */
export class BenchHistoryStore {
  readonly #db: Database.Database;
  /** Path of the database file. */
  readonly path: string;

  private constructor(db: Database.Database, path: string) {
    this.#db = db;
    this.path = path;
  }

  /**
   * Opens the history at `path`, creating it when missing.
   *
   * @throws BenchHistoryError for a file that is not a rustybt benchmark history.
   */
  static open(path: string): BenchHistoryStore {
    const fresh = !existsSync(path);
    const header = fresh ? '' : readHeader(path);
    if (header !== SQLITE_HEADER && header !== '') {
      throw new BenchHistoryError(
        `${path} is not a SQLite database, so it is no benchmark history; it was left as it is. ` +
          `Move it away, or give another file with --history.`,
      );
    }
    if (fresh) mkdirSync(dirname(path), { recursive: true });
    const Sqlite = sqliteDatabase();
    let db: Database.Database;
    try {
      db = new Sqlite(path);
    } catch (error) {
      throw new BenchHistoryError(`Cannot open the benchmark history ${path}: ${String(error)}`);
    }
    try {
      const id = db.pragma('application_id', { simple: true }) as number;
      const version = db.pragma('user_version', { simple: true }) as number;
      const tables = db
        .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'")
        .get() as {
        n: number;
      };
      if (id === 0 && version === 0 && tables.n === 0) {
        BenchHistoryStore.#create(db);
      } else if (id !== APPLICATION_ID) {
        throw new BenchHistoryError(
          `${path} is a SQLite database of another tool, not a rustybt benchmark history; it was left as it is. ` +
            `Give another file with --history.`,
        );
      } else if (version > SCHEMA_VERSION) {
        throw new BenchHistoryError(
          `${path} was written by a newer rustybt (history schema ${version}, this one reads ${SCHEMA_VERSION}); upgrade rustybt.`,
        );
      }
    } catch (error) {
      db.close();
      if (error instanceof BenchHistoryError) throw error;
      throw new BenchHistoryError(
        `${path} cannot be read as a benchmark history (${(error as Error).message}); it was left as it is.`,
      );
    }
    return new BenchHistoryStore(db, path);
  }

  static #create(db: Database.Database): void {
    db.transaction(() => {
      db.exec(`
        CREATE TABLE runs (
          id INTEGER PRIMARY KEY,
          version TEXT NOT NULL,
          commit_id TEXT NOT NULL,
          date TEXT NOT NULL,
          fingerprint_id TEXT NOT NULL,
          run_json TEXT NOT NULL
        );
        CREATE INDEX runs_by_machine ON runs (fingerprint_id, version, date);
        CREATE TABLE results (
          run_id INTEGER NOT NULL REFERENCES runs (id),
          cell TEXT NOT NULL,
          mode TEXT NOT NULL,
          status TEXT NOT NULL,
          cpu_median_ms REAL,
          cpu_min_ms REAL,
          cpu_max_ms REAL,
          throughput REAL,
          peak_rss_bytes REAL,
          PRIMARY KEY (run_id, cell, mode)
        );
      `);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  /** Appends a run; returns its id. */
  append(run: BenchRun): number {
    const insertRun = this.#db.prepare(
      'INSERT INTO runs (version, commit_id, date, fingerprint_id, run_json) VALUES (?, ?, ?, ?, ?)',
    );
    const insertResult = this.#db.prepare('INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    return this.#db.transaction(() => {
      const id = Number(
        insertRun.run(run.version, run.commit, run.date, run.fingerprint.id, JSON.stringify(run))
          .lastInsertRowid,
      );
      for (const r of run.results) {
        const ok = r.status === 'ok';
        insertResult.run(
          id,
          r.cell,
          r.mode,
          r.status,
          ok ? r.simulateCpuMs.median : null,
          ok ? r.simulateCpuMs.min : null,
          ok ? r.simulateCpuMs.max : null,
          ok ? r.cpuThroughput : null,
          ok ? r.maxRssBytes.median : null,
        );
      }
      return id;
    })();
  }

  /** Every stored run, oldest first. */
  runs(): BenchRun[] {
    const rows = this.#db.prepare('SELECT run_json FROM runs ORDER BY date, id').all() as {
      run_json: string;
    }[];
    return rows.map((row) => JSON.parse(row.run_json) as BenchRun);
  }

  /** Closes the database. */
  close(): void {
    this.#db.close();
  }
}

/**
 * The newest stored run made on this machine (same fingerprint).
 *
 * @throws BenchHistoryError when the history holds none.
 */
export function latestRunHere(runs: readonly BenchRun[], path: string): BenchRun {
  const id = machineFingerprint().id;
  const here = runs.filter((r) => r.fingerprint.id === id);
  const latest = here.at(-1);
  if (latest === undefined) {
    throw new BenchHistoryError(
      `The history ${path} holds no run from this machine (fingerprint ${id}; ${runs.length} runs from others); run rustybt bench without --no-run first.`,
    );
  }
  return latest;
}

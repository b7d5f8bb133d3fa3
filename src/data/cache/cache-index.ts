import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Frequency } from '../bar-frame.js';
import type { FetchReport } from '../sources/data-source.js';

/** A cache entry as the catalog records it. */
export interface CacheEntry {
  id: number;
  versionId: number;
  /** Key of the request that wrote it (series, symbols, range). */
  key: string;
  seriesKey: string;
  source: string;
  /** The source parameters, canonical JSON. */
  params: string;
  frequency: Frequency;
  symbols: string[];
  /** Inclusive range of bar starts it covers, UTC ms. */
  rangeStart: number;
  rangeEnd: number;
  /** Bars up to here were final when fetched (UTC ms). */
  settledEnd: number;
  fetchedAt: number;
  /** When it stops being fresh, or null for never. */
  staleAt: number | null;
  lastAccess: number;
  hits: number;
  bytes: number;
  /** Absolute path of the entry's files. */
  path: string;
}

/** What a new entry records besides its files. */
export interface NewCacheEntry {
  key: string;
  seriesKey: string;
  source: string;
  sourceVersion: string;
  origin: string | null;
  params: string;
  frequency: Frequency;
  symbols: readonly string[];
  rangeStart: number;
  rangeEnd: number;
  settledEnd: number;
  fetchedAt: number;
  staleAt: number | null;
  /** When it was last used: now, for an entry just written. */
  lastAccess: number;
  /** Version id of the written files and their directory. */
  version: string;
  path: string;
  checksum: string;
  bytes: number;
  files: readonly { path: string; bytes: number; sha256: string }[];
  /** Rows per symbol and first/last bar (UTC ms, null when empty). */
  symbolRows: readonly {
    symbol: string;
    rows: number;
    firstBar: number | null;
    lastBar: number | null;
  }[];
  report: FetchReport;
  rowsDropped: number;
  missingSessions: number;
  outliers: number;
}

/** How one lookup went, for the statistics. */
export interface LookupRecord {
  at: number;
  source: string;
  outcome: 'hit' | 'partial' | 'miss';
  latencyMs: number;
  bytesRead: number;
  bytesWritten: number;
}

interface EntryRow {
  id: number;
  version_id: number;
  cache_key: string;
  series_key: string;
  source: string;
  params: string;
  frequency: string;
  symbols: string;
  range_start: number;
  range_end: number;
  settled_end: number;
  fetched_at: number;
  stale_at: number | null;
  last_access: number;
  hits: number;
  bytes: number;
  path: string;
}

const ENTRY_COLUMNS = `e.id, e.version_id, e.cache_key, e.series_key, e.source, e.params, e.frequency,
  e.symbols, e.range_start, e.range_end, e.settled_end, e.fetched_at, e.stale_at, e.last_access,
  e.hits, e.bytes, v.path`;

const OUTCOME_COUNTERS = { hit: 'hits', partial: 'partial_hits', miss: 'misses' } as const;

/** Lookups kept for latency percentiles; older ones are deleted. */
export const LOOKUP_WINDOW = 10_000;

/**
 * The cache's tables in the unified catalog: entries (each a `cache` dataset
 * with one version, its symbols and files), reader leases, lookups and
 * counters. Every write is one immediate transaction, so two processes sharing
 * the catalog see each other's entries whole or not at all.
 */
export class CacheIndex {
  readonly #db: Database.Database;

  /** @param db - an open catalog (schema 2 or later) */
  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Entries of a series holding any of `symbols` whose range meets `[start, end]`. */
  candidates(
    seriesKey: string,
    symbols: readonly string[],
    start: number,
    end: number,
  ): CacheEntry[] {
    const rows = this.#db
      .prepare(
        `SELECT ${ENTRY_COLUMNS} FROM cache_entries e JOIN dataset_versions v ON v.id = e.version_id
         WHERE e.series_key = ? AND e.range_start <= ? AND e.range_end >= ?
           AND EXISTS (SELECT 1 FROM cache_entry_symbols s, json_each(?) w
                       WHERE s.entry_id = e.id AND s.symbol = w.value)
         ORDER BY e.id`,
      )
      .all(seriesKey, end, start, JSON.stringify(symbols)) as EntryRow[];
    return rows.map(entryOf);
  }

  /** One entry by id, or undefined when it is gone. */
  entry(id: number): CacheEntry | undefined {
    const row = this.#db
      .prepare(
        `SELECT ${ENTRY_COLUMNS} FROM cache_entries e JOIN dataset_versions v ON v.id = e.version_id WHERE e.id = ?`,
      )
      .get(id) as EntryRow | undefined;
    return row === undefined ? undefined : entryOf(row);
  }

  /** Every entry, least recently used first; of one source when given. */
  entries(source?: string): CacheEntry[] {
    const rows = this.#db
      .prepare(
        `SELECT ${ENTRY_COLUMNS} FROM cache_entries e JOIN dataset_versions v ON v.id = e.version_id
         WHERE @source IS NULL OR e.source = @source ORDER BY e.last_access, e.id`,
      )
      .all({ source: source ?? null }) as EntryRow[];
    return rows.map(entryOf);
  }

  /** The fetch report stored with an entry. */
  report(id: number): FetchReport {
    const row = this.#db.prepare('SELECT report FROM cache_entries WHERE id = ?').get(id) as
      { report: string } | undefined;
    return row === undefined ? { issues: [], gaps: [] } : (JSON.parse(row.report) as FetchReport);
  }

  /** Files of an entry with their recorded sizes and SHA-256. */
  files(entry: CacheEntry): { path: string; bytes: number; sha256: string }[] {
    return this.#db
      .prepare('SELECT path, bytes, sha256 FROM version_files WHERE version_id = ? ORDER BY path')
      .all(entry.versionId) as { path: string; bytes: number; sha256: string }[];
  }

  /**
   * Records a written entry (dataset, version, symbols, files, entry row) in
   * one transaction. An older entry under the same key is superseded: its key
   * gets a suffix and it is marked stale, so it is never read again and is
   * removed once no reader holds it. Returns the new id and the superseded one.
   */
  insert(entry: NewCacheEntry): { id: number; superseded: number | undefined } {
    const db = this.#db;
    return db
      .transaction(() => {
        const previous = db
          .prepare('SELECT id FROM cache_entries WHERE cache_key = ?')
          .get(entry.key) as { id: number } | undefined;
        if (previous !== undefined) this.#supersede(previous.id);
        const dataset = Number(
          db
            .prepare(
              `INSERT INTO datasets (kind, name, source, created_at) VALUES ('cache', ?, ?, ?)`,
            )
            .run(entry.key, entry.source, iso(entry.fetchedAt)).lastInsertRowid,
        );
        const versionId = Number(
          db
            .prepare(
              `INSERT INTO dataset_versions (dataset_id, version, origin, api_version, fetched_at,
                 frequencies, start_time, end_time, symbol_count, rows_written, rows_dropped,
                 missing_sessions, outliers, checksum, size_bytes, path)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              dataset,
              entry.version,
              entry.origin,
              entry.sourceVersion,
              iso(entry.fetchedAt),
              entry.frequency,
              iso(entry.rangeStart),
              iso(entry.rangeEnd),
              entry.symbols.length,
              entry.symbolRows.reduce((sum, s) => sum + s.rows, 0),
              entry.rowsDropped,
              entry.missingSessions,
              entry.outliers,
              entry.checksum,
              entry.bytes,
              entry.path,
            ).lastInsertRowid,
        );
        const symbolRow = db.prepare('INSERT INTO version_symbols VALUES (?, ?, ?, ?, ?, ?)');
        for (const s of entry.symbolRows) {
          symbolRow.run(
            versionId,
            s.symbol,
            entry.frequency,
            s.rows,
            s.firstBar === null ? null : iso(s.firstBar),
            s.lastBar === null ? null : iso(s.lastBar),
          );
        }
        const drops = new Map<string, number>();
        for (const issue of entry.report.issues) {
          if (issue.action === 'dropped')
            drops.set(issue.problem, (drops.get(issue.problem) ?? 0) + 1);
        }
        const dropRow = db.prepare('INSERT INTO version_drops VALUES (?, ?, ?)');
        for (const [reason, rows] of drops) dropRow.run(versionId, reason, rows);
        const fileRow = db.prepare('INSERT INTO version_files VALUES (?, ?, ?, ?)');
        for (const file of entry.files) fileRow.run(versionId, file.path, file.bytes, file.sha256);
        const id = Number(
          db
            .prepare(
              `INSERT INTO cache_entries (version_id, cache_key, series_key, source, params, frequency,
                 symbols, range_start, range_end, settled_end, fetched_at, stale_at, last_access, hits,
                 bytes, report)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
            )
            .run(
              versionId,
              entry.key,
              entry.seriesKey,
              entry.source,
              entry.params,
              entry.frequency,
              JSON.stringify(entry.symbols),
              entry.rangeStart,
              entry.rangeEnd,
              entry.settledEnd,
              entry.fetchedAt,
              entry.staleAt,
              entry.lastAccess,
              entry.bytes,
              JSON.stringify(entry.report),
            ).lastInsertRowid,
        );
        const symbol = db.prepare('INSERT INTO cache_entry_symbols VALUES (?, ?)');
        for (const s of entry.symbols) symbol.run(id, s);
        return { id, superseded: previous?.id };
      })
      .immediate();
  }

  #supersede(id: number): void {
    this.#db
      .prepare(
        `UPDATE cache_entries SET cache_key = cache_key || '#superseded-' || id, stale_at = 0,
           settled_end = range_start - 1 WHERE id = ?`,
      )
      .run(id);
    this.#db
      .prepare(
        `UPDATE datasets SET name = name || '#superseded-' || @id
         WHERE id = (SELECT dataset_id FROM dataset_versions v JOIN cache_entries e ON e.version_id = v.id WHERE e.id = @id)`,
      )
      .run({ id });
  }

  /**
   * Removes an entry's rows (its dataset, version, symbols, files, leases) and
   * returns its path, or undefined when it was already gone. The caller
   * deletes the files after, so no reader finds a row without files.
   */
  remove(id: number): string | undefined {
    return this.#db
      .transaction(() => {
        const row = this.#db
          .prepare(
            `SELECT v.path, v.dataset_id FROM cache_entries e JOIN dataset_versions v ON v.id = e.version_id WHERE e.id = ?`,
          )
          .get(id) as { path: string; dataset_id: number } | undefined;
        if (row === undefined) return undefined;
        this.#db.prepare('DELETE FROM cache_entries WHERE id = ?').run(id);
        this.#db.prepare('DELETE FROM datasets WHERE id = ?').run(row.dataset_id);
        return row.path;
      })
      .immediate();
  }

  /**
   * Removes the entry's rows unless a live process holds a lease on it, in one
   * transaction (so a reader either got its lease first or finds no entry).
   * Returns whether it is held and the path whose files the caller deletes
   * (undefined when held or already gone).
   */
  removeUnlessHeld(
    id: number,
    isAlive: (pid: number) => boolean,
  ): { held: boolean; path: string | undefined } {
    return this.#db
      .transaction(() =>
        this.isHeld(id, isAlive)
          ? { held: true, path: undefined }
          : { held: false, path: this.remove(id) },
      )
      .immediate();
  }

  /** Marks entries as used now (LRU order) and counts a hit on each. */
  touch(ids: readonly number[], now: number): void {
    const update = this.#db.prepare(
      'UPDATE cache_entries SET last_access = MAX(last_access, ?), hits = hits + 1 WHERE id = ?',
    );
    this.#db.transaction(() => {
      for (const id of ids) update.run(now, id);
    })();
  }

  /** Takes a reader lease on each entry for process `pid`; returns the lease tokens. */
  acquire(ids: readonly number[], pid: number, now: number): string[] {
    const insert = this.#db.prepare(
      'INSERT INTO cache_readers (token, entry_id, pid, acquired_at) SELECT ?, id, ?, ? FROM cache_entries WHERE id = ?',
    );
    return this.#db
      .transaction(() =>
        ids.map((id) => {
          const token = randomBytes(12).toString('hex');
          insert.run(token, pid, now, id);
          return token;
        }),
      )
      .immediate();
  }

  /** Releases reader leases. */
  release(tokens: readonly string[]): void {
    const remove = this.#db.prepare('DELETE FROM cache_readers WHERE token = ?');
    this.#db.transaction(() => {
      for (const token of tokens) remove.run(token);
    })();
  }

  /**
   * Whether a live process holds a lease on the entry. Leases of processes that
   * no longer exist (a crashed reader) are deleted on the way.
   */
  isHeld(id: number, isAlive: (pid: number) => boolean): boolean {
    const leases = this.#db
      .prepare('SELECT token, pid FROM cache_readers WHERE entry_id = ?')
      .all(id) as { token: string; pid: number }[];
    const dead = leases.filter((lease) => !isAlive(lease.pid));
    if (dead.length > 0) this.release(dead.map((lease) => lease.token));
    return dead.length < leases.length;
  }

  /** Total bytes of all entries (survives restarts: it is summed from the catalog). */
  totalBytes(): number {
    return this.#db
      .prepare('SELECT COALESCE(SUM(bytes), 0) FROM cache_entries')
      .pluck()
      .get() as number;
  }

  /** Records a lookup, adds it to the counters and keeps the last {@link LOOKUP_WINDOW} lookups. */
  recordLookup(lookup: LookupRecord): void {
    this.#db
      .transaction(() => {
        this.#db
          .prepare(
            `INSERT INTO cache_lookups (at, source, outcome, latency_ms, bytes_read, bytes_written)
             VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(
            lookup.at,
            lookup.source,
            lookup.outcome,
            lookup.latencyMs,
            lookup.bytesRead,
            lookup.bytesWritten,
          );
        this.#db
          .prepare('DELETE FROM cache_lookups WHERE id <= (SELECT MAX(id) FROM cache_lookups) - ?')
          .run(LOOKUP_WINDOW);
        this.bump(OUTCOME_COUNTERS[lookup.outcome], 1);
        this.bump('bytes_read', lookup.bytesRead);
        this.bump('bytes_written', lookup.bytesWritten);
      })
      .immediate();
  }

  /** Adds `by` to a counter (`evictions`, `invalidations`, ...). */
  bump(name: string, by: number): void {
    this.#db
      .prepare(
        `INSERT INTO cache_counters (name, value) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET value = value + excluded.value`,
      )
      .run(name, by);
  }

  /** Every counter by name. */
  counters(): Record<string, number> {
    const rows = this.#db.prepare('SELECT name, value FROM cache_counters').all() as {
      name: string;
      value: number;
    }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.value]));
  }

  /** Recent lookups (at most {@link LOOKUP_WINDOW}), oldest first; of one source when given. */
  lookups(source?: string): LookupRecord[] {
    return this.#db
      .prepare(
        `SELECT at, source, outcome, latency_ms AS latencyMs, bytes_read AS bytesRead,
           bytes_written AS bytesWritten
         FROM cache_lookups WHERE @source IS NULL OR source = @source ORDER BY id`,
      )
      .all({ source: source ?? null }) as LookupRecord[];
  }
}

function entryOf(row: EntryRow): CacheEntry {
  return {
    id: row.id,
    versionId: row.version_id,
    key: row.cache_key,
    seriesKey: row.series_key,
    source: row.source,
    params: row.params,
    frequency: row.frequency as Frequency,
    symbols: JSON.parse(row.symbols) as string[],
    rangeStart: row.range_start,
    rangeEnd: row.range_end,
    settledEnd: row.settled_end,
    fetchedAt: row.fetched_at,
    staleAt: row.stale_at,
    lastAccess: row.last_access,
    hits: row.hits,
    bytes: row.bytes,
    path: row.path,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

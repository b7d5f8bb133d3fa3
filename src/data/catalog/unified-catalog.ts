import type Database from 'better-sqlite3';
import { openCatalogDatabase, type OpenCatalogOptions } from './catalog-database.js';
import type {
  BundleVersionRecord,
  CatalogDataset,
  DatasetKind,
  StoredBundleVersion,
  VersionFile,
  VersionSymbol,
} from './catalog-types.js';

interface VersionRow {
  id: number;
  bundle: string;
  version: string;
  source: string;
  origin: string | null;
  api_version: string | null;
  fetched_at: string;
  frequencies: string;
  start_time: string | null;
  end_time: string | null;
  rows_written: number;
  rows_dropped: number;
  missing_sessions: number;
  outliers: number;
  checksum: string;
  size_bytes: number;
  path: string;
  pruned_at: string | null;
}

const VERSION_SELECT = `SELECT v.id, d.name AS bundle, v.version, d.source, v.origin, v.api_version,
  v.fetched_at, v.frequencies, v.start_time, v.end_time, v.rows_written, v.rows_dropped,
  v.missing_sessions, v.outliers, v.checksum, v.size_bytes, v.path, v.pruned_at
  FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id AND d.kind = 'bundle'`;

/**
 * The unified catalog: one SQLite file (`<RUSTYBT_HOME>/catalog.sqlite`, WAL
 * mode) describing bundles and cache entries alike as datasets with versions:
 * provenance, date ranges, quality, symbols, and every file with its size and
 * SHA-256. Opening an older catalog backs it up and migrates it first (see
 * `openCatalogDatabase`).
 *
 * The bundle side is served by the methods here; the cache layer runs its own
 * SQL on the `cache_*` tables through {@link UnifiedCatalog.db}.
 */
export class UnifiedCatalog {
  /**
   * The better-sqlite3 handle (WAL, busy timeout, foreign keys on, current
   * schema). The cache layer runs its own statements on the `cache_*` tables
   * and on `datasets`/`dataset_versions` rows of kind `cache` through it; close
   * it only through {@link UnifiedCatalog.close}.
   */
  readonly db: Database.Database;
  /** Path of the catalog file. */
  readonly path: string;

  private constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
  }

  /**
   * Opens (creating if needed) the catalog at `path`; an older schema is
   * backed up next to the file and migrated first.
   *
   * @throws CatalogError when the file was written by a newer rustybt or cannot be migrated.
   */
  static open(path: string, options: OpenCatalogOptions = {}): UnifiedCatalog {
    return new UnifiedCatalog(openCatalogDatabase(path, options), path);
  }

  /**
   * Records a bundle version (provenance, range, quality, symbols, drops and
   * files) in one transaction; creates the bundle's dataset on its first
   * version. Returns the version's id.
   *
   * @throws SqliteError (UNIQUE) when the bundle already has this version; nothing is written then.
   */
  recordBundleVersion(record: BundleVersionRecord): number {
    const upsertDataset = this.db.prepare(
      `INSERT INTO datasets (kind, name, source, created_at) VALUES ('bundle', ?, ?, ?)
       ON CONFLICT (kind, name) DO UPDATE SET source = excluded.source
       RETURNING id`,
    );
    const insertVersion = this.db.prepare(
      `INSERT INTO dataset_versions (dataset_id, version, origin, api_version, fetched_at, frequencies,
         start_time, end_time, symbol_count, rows_written, rows_dropped, missing_sessions, outliers,
         checksum, size_bytes, path)
       VALUES (@datasetId, @version, @origin, @apiVersion, @fetchedAt, @frequencies, @start, @end,
         @symbolCount, @rowsWritten, @rowsDropped, @missingSessions, @outliers, @checksum, @sizeBytes, @path)`,
    );
    const insertSymbol = this.db.prepare(
      'INSERT INTO version_symbols (version_id, symbol, frequency, rows, first_bar, last_bar) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertDrop = this.db.prepare(
      'INSERT INTO version_drops (version_id, reason, rows) VALUES (?, ?, ?)',
    );
    const insertFile = this.db.prepare(
      'INSERT INTO version_files (version_id, path, bytes, sha256) VALUES (?, ?, ?, ?)',
    );
    return this.db
      .transaction(() => {
        const dataset = upsertDataset.get(record.bundle, record.source, record.fetchedAt) as {
          id: number;
        };
        const id = Number(
          insertVersion.run({
            datasetId: dataset.id,
            version: record.version,
            origin: record.origin,
            apiVersion: record.apiVersion,
            fetchedAt: record.fetchedAt,
            frequencies: record.frequencies.join(','),
            start: record.start,
            end: record.end,
            symbolCount: new Set(record.symbols.map((s) => s.symbol)).size,
            rowsWritten: record.rowsWritten,
            rowsDropped: record.rowsDropped,
            missingSessions: record.missingSessions,
            outliers: record.outliers,
            checksum: record.checksum,
            sizeBytes: record.sizeBytes,
            path: record.path,
          }).lastInsertRowid,
        );
        for (const s of record.symbols) {
          insertSymbol.run(id, s.symbol, s.frequency, s.rows, s.firstBar, s.lastBar);
        }
        for (const [reason, rows] of Object.entries(record.drops)) insertDrop.run(id, reason, rows);
        for (const file of record.files) insertFile.run(id, file.path, file.bytes, file.sha256);
        return id;
      })
      .immediate();
  }

  /**
   * Marks versions of a bundle as pruned at `at` (their files are gone; the
   * history stays). Versions already pruned keep their first prune time.
   * Returns how many rows changed.
   */
  markPruned(bundle: string, versions: readonly string[], at: Date = new Date()): number {
    const update = this.db.prepare(
      `UPDATE dataset_versions SET pruned_at = ?
       WHERE dataset_id = (SELECT id FROM datasets WHERE kind = 'bundle' AND name = ?)
         AND version = ? AND pruned_at IS NULL`,
    );
    return this.db.transaction(() =>
      versions.reduce(
        (sum, version) => sum + update.run(at.toISOString(), bundle, version).changes,
        0,
      ),
    )();
  }

  /** Datasets sorted by kind then name, of one kind when `kind` is given, with a summary of their versions. */
  datasets(kind?: DatasetKind): CatalogDataset[] {
    const rows = this.db
      .prepare(
        `SELECT d.id, d.kind, d.name, d.source, d.created_at AS createdAt,
           COUNT(v.id) - COUNT(v.pruned_at) AS versions,
           COUNT(v.pruned_at) AS prunedVersions,
           MAX(CASE WHEN v.pruned_at IS NULL THEN v.version END) AS latestVersion,
           MAX(v.fetched_at) AS lastFetchedAt
         FROM datasets d LEFT JOIN dataset_versions v ON v.dataset_id = d.id
         WHERE @kind IS NULL OR d.kind = @kind
         GROUP BY d.id ORDER BY d.kind, d.name`,
      )
      .all({ kind: kind ?? null }) as CatalogDataset[];
    return rows;
  }

  /**
   * Versions of one bundle (or of every bundle when `bundle` is omitted),
   * sorted by bundle then version, pruned ones included, each with its
   * symbols, drops and files.
   */
  bundleVersions(bundle?: string): StoredBundleVersion[] {
    const rows = (
      bundle === undefined
        ? this.db.prepare(`${VERSION_SELECT} ORDER BY d.name, v.version`).all()
        : this.db.prepare(`${VERSION_SELECT} WHERE d.name = ? ORDER BY v.version`).all(bundle)
    ) as VersionRow[];
    return rows.map((row) => this.storedVersion(row));
  }

  /** The newest version of a bundle that was not pruned, or undefined when there is none. */
  latestBundleVersion(bundle: string): StoredBundleVersion | undefined {
    const row = this.db
      .prepare(
        `${VERSION_SELECT} WHERE d.name = ? AND v.pruned_at IS NULL
         ORDER BY v.version DESC LIMIT 1`,
      )
      .get(bundle) as VersionRow | undefined;
    return row === undefined ? undefined : this.storedVersion(row);
  }

  /** Closes the database handle. */
  close(): void {
    this.db.close();
  }

  private storedVersion(row: VersionRow): StoredBundleVersion {
    const symbols = this.db
      .prepare(
        `SELECT symbol, frequency, rows, first_bar AS firstBar, last_bar AS lastBar
         FROM version_symbols WHERE version_id = ? ORDER BY frequency, symbol`,
      )
      .all(row.id) as VersionSymbol[];
    const drops = this.db
      .prepare('SELECT reason, rows FROM version_drops WHERE version_id = ? ORDER BY reason')
      .all(row.id) as { reason: string; rows: number }[];
    const files = this.db
      .prepare('SELECT path, bytes, sha256 FROM version_files WHERE version_id = ? ORDER BY path')
      .all(row.id) as VersionFile[];
    return {
      id: row.id,
      bundle: row.bundle,
      version: row.version,
      source: row.source,
      origin: row.origin,
      apiVersion: row.api_version,
      fetchedAt: row.fetched_at,
      frequencies: row.frequencies === '' ? [] : row.frequencies.split(','),
      start: row.start_time,
      end: row.end_time,
      rowsWritten: row.rows_written,
      rowsDropped: row.rows_dropped,
      drops: Object.fromEntries(drops.map((d) => [d.reason, d.rows])),
      missingSessions: row.missing_sessions,
      outliers: row.outliers,
      checksum: row.checksum,
      sizeBytes: row.size_bytes,
      path: row.path,
      prunedAt: row.pruned_at,
      symbols,
      files,
    };
  }
}

import type Database from 'better-sqlite3';
import { openCatalogDatabase } from './catalog-database.js';

/** Rows of one symbol at one frequency written by an ingestion. */
export interface IngestedSymbol {
  symbol: string;
  frequency: string;
  rows: number;
  /** ISO-8601 UTC of the first and last bar, null when no bars. */
  firstBar: string | null;
  lastBar: string | null;
}

/** What the catalog records about one ingestion. */
export interface IngestionRecord {
  bundle: string;
  version: string;
  /** Source name as registered (e.g. `yfinance`, `ccxt`, `csv`, `synthetic`). */
  source: string;
  /** Where the data came from: a URL, an exchange id or a directory; null if none. */
  origin: string | null;
  /** Version of the provider's API or of the client library; null if unknown. */
  apiVersion: string | null;
  /** When the data was fetched, ISO-8601 UTC. */
  fetchedAt: string;
  frequencies: string[];
  /** Requested or covered range, ISO-8601 UTC; null when unbounded. */
  start: string | null;
  end: string | null;
  rowsWritten: number;
  rowsDropped: number;
  /** Rows dropped per reason (e.g. `high < low`, `duplicate timestamp`). */
  drops: Record<string, number>;
  missingSessions: number;
  outliers: number;
  checksum: string;
  sizeBytes: number;
  /** Absolute path of the version directory. */
  path: string;
  symbols: IngestedSymbol[];
}

/** An ingestion as read back, with its row id and prune time. */
export interface StoredIngestion extends IngestionRecord {
  id: number;
  prunedAt: string | null;
}

interface IngestionRow {
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

/**
 * The catalog of ingestions: an SQLite file (WAL mode, so readers never block
 * the writer) with a versioned schema (`user_version`). Every bundle version
 * written by an ingest has one row here.
 */
export class BundleCatalog {
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /** Opens (creating if needed) the catalog at `path`. */
  static open(path: string): BundleCatalog {
    return new BundleCatalog(openCatalogDatabase(path));
  }

  /** Records an ingestion with its symbols and drop reasons in one transaction; returns its id. */
  recordIngestion(record: IngestionRecord): number {
    const upsertDataset = this.db.prepare(
      `INSERT INTO datasets (kind, name, source, created_at) VALUES ('bundle', ?, ?, ?)
       ON CONFLICT (kind, name) DO UPDATE SET source = excluded.source
       RETURNING id`,
    );
    const insert = this.db.prepare(
      `INSERT INTO dataset_versions (dataset_id, version, origin, api_version, fetched_at, frequencies,
         start_time, end_time, symbol_count, rows_written, rows_dropped, missing_sessions, outliers,
         checksum, size_bytes, path)
       VALUES (@datasetId, @version, @origin, @apiVersion, @fetchedAt, @frequencies, @start, @end,
         @symbolCount, @rowsWritten, @rowsDropped, @missingSessions, @outliers, @checksum, @sizeBytes, @path)`,
    );
    const insertSymbol = this.db.prepare(`INSERT INTO version_symbols VALUES (?, ?, ?, ?, ?, ?)`);
    const insertDrop = this.db.prepare(`INSERT INTO version_drops VALUES (?, ?, ?)`);
    return this.db
      .transaction(() => {
        const dataset = upsertDataset.get(record.bundle, record.source, record.fetchedAt) as {
          id: number;
        };
        const id = Number(
          insert.run({
            ...record,
            datasetId: dataset.id,
            frequencies: record.frequencies.join(','),
            symbolCount: new Set(record.symbols.map((s) => s.symbol)).size,
          }).lastInsertRowid,
        );
        for (const s of record.symbols) {
          insertSymbol.run(id, s.symbol, s.frequency, s.rows, s.firstBar, s.lastBar);
        }
        for (const [reason, rows] of Object.entries(record.drops)) insertDrop.run(id, reason, rows);
        return id;
      })
      .immediate();
  }

  /** Ingestions, oldest first; of one bundle when `bundle` is given. */
  ingestions(bundle?: string): StoredIngestion[] {
    const rows = (
      bundle === undefined
        ? this.db.prepare('SELECT * FROM ingestions ORDER BY bundle, version').all()
        : this.db.prepare('SELECT * FROM ingestions WHERE bundle = ? ORDER BY version').all(bundle)
    ) as IngestionRow[];
    const symbols = this.db.prepare(
      'SELECT symbol, frequency, rows, first_bar AS firstBar, last_bar AS lastBar FROM ingestion_symbols WHERE ingestion_id = ? ORDER BY frequency, symbol',
    );
    const drops = this.db.prepare(
      'SELECT reason, rows FROM ingestion_drops WHERE ingestion_id = ?',
    );
    return rows.map((row) => ({
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
      drops: Object.fromEntries(
        (drops.all(row.id) as { reason: string; rows: number }[]).map((d) => [d.reason, d.rows]),
      ),
      missingSessions: row.missing_sessions,
      outliers: row.outliers,
      checksum: row.checksum,
      sizeBytes: row.size_bytes,
      path: row.path,
      prunedAt: row.pruned_at,
      symbols: symbols.all(row.id) as IngestedSymbol[],
    }));
  }

  /** Marks versions of a bundle as pruned (their files are gone; the history stays). */
  markPruned(bundle: string, versions: readonly string[], at: Date = new Date()): void {
    const update = this.db.prepare(
      `UPDATE dataset_versions SET pruned_at = ?
       WHERE dataset_id = (SELECT id FROM datasets WHERE kind = 'bundle' AND name = ?)
         AND version = ? AND pruned_at IS NULL`,
    );
    this.db.transaction(() => {
      for (const version of versions) update.run(at.toISOString(), bundle, version);
    })();
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}

import type Database from 'better-sqlite3';
import { ConfigError } from '../../errors/index.js';

/** Schema version this code writes; stored in SQLite's `user_version`. */
export const CATALOG_SCHEMA_VERSION = 1;

/**
 * Version 1 of the catalog: one row per ingestion (provenance, range, quality,
 * checksum, size), its symbols and its drop reasons. A later schema migrates
 * forward from `user_version = 1`.
 */
const SCHEMA_V1 = `
CREATE TABLE ingestions (
  id               INTEGER PRIMARY KEY,
  bundle           TEXT    NOT NULL,
  version          TEXT    NOT NULL,
  source           TEXT    NOT NULL,
  origin           TEXT,
  api_version      TEXT,
  fetched_at       TEXT    NOT NULL,
  frequencies      TEXT    NOT NULL,
  start_time       TEXT,
  end_time         TEXT,
  symbol_count     INTEGER NOT NULL,
  rows_written     INTEGER NOT NULL,
  rows_dropped     INTEGER NOT NULL,
  missing_sessions INTEGER NOT NULL,
  outliers         INTEGER NOT NULL,
  checksum         TEXT    NOT NULL,
  size_bytes       INTEGER NOT NULL,
  path             TEXT    NOT NULL,
  pruned_at        TEXT,
  UNIQUE (bundle, version)
);
CREATE INDEX ingestions_by_bundle ON ingestions (bundle, version);
CREATE TABLE ingestion_symbols (
  ingestion_id INTEGER NOT NULL REFERENCES ingestions (id) ON DELETE CASCADE,
  symbol       TEXT    NOT NULL,
  frequency    TEXT    NOT NULL,
  rows         INTEGER NOT NULL,
  first_bar    TEXT,
  last_bar     TEXT,
  PRIMARY KEY (ingestion_id, symbol, frequency)
);
CREATE TABLE ingestion_drops (
  ingestion_id INTEGER NOT NULL REFERENCES ingestions (id) ON DELETE CASCADE,
  reason       TEXT    NOT NULL,
  rows         INTEGER NOT NULL,
  PRIMARY KEY (ingestion_id, reason)
);
`;

/**
 * Brings a freshly opened catalog to {@link CATALOG_SCHEMA_VERSION}: creates
 * the tables on an empty file, accepts version 1 as is.
 *
 * @throws ConfigError when the file was written by a newer schema.
 */
export function ensureCatalogSchema(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === CATALOG_SCHEMA_VERSION) return;
  if (version > CATALOG_SCHEMA_VERSION) {
    throw new ConfigError(
      `The catalog ${db.name} has schema version ${version}, newer than this rustybt understands (${CATALOG_SCHEMA_VERSION}); upgrade rustybt.`,
    );
  }
  db.transaction(() => {
    db.exec(SCHEMA_V1);
    db.pragma(`user_version = ${CATALOG_SCHEMA_VERSION}`);
  }).immediate();
}

/** One forward step of the catalog schema. */
export interface CatalogMigration {
  /** The `user_version` the catalog has after this step. */
  version: number;
  /** Short name, recorded in `schema_migrations`. */
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
  /** Tables whose rows this step moves into another table, as `[from, to]` pairs (for reports). */
  converts?: readonly (readonly [from: string, to: string])[];
}

/**
 * Version 1, the data issue's metadata store: one row per ingestion
 * (provenance, range, quality, checksum, size), its symbols and its drop reasons.
 */
const V1_INGESTIONS = `
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
 * Version 2, the unified catalog: bundles and cache entries are both
 * datasets with versions (provenance, quality, files with checksums and
 * sizes); cache entries add their key, range, freshness and access times;
 * readers, lookups and counters back the cache's statistics and eviction.
 * The version-1 tables become views over the new ones, so readers of the old
 * layout keep working. Row ids of ingestions are kept as version ids.
 */
const V2_UNIFIED = `
CREATE TABLE schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  applied_at TEXT    NOT NULL
);
CREATE TABLE datasets (
  id         INTEGER PRIMARY KEY,
  kind       TEXT    NOT NULL CHECK (kind IN ('bundle', 'cache')),
  name       TEXT    NOT NULL,
  source     TEXT    NOT NULL,
  created_at TEXT    NOT NULL,
  UNIQUE (kind, name)
);
CREATE TABLE dataset_versions (
  id               INTEGER PRIMARY KEY,
  dataset_id       INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  version          TEXT    NOT NULL,
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
  UNIQUE (dataset_id, version)
);
CREATE TABLE version_symbols (
  version_id INTEGER NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
  symbol     TEXT    NOT NULL,
  frequency  TEXT    NOT NULL,
  rows       INTEGER NOT NULL,
  first_bar  TEXT,
  last_bar   TEXT,
  PRIMARY KEY (version_id, symbol, frequency)
);
CREATE TABLE version_drops (
  version_id INTEGER NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
  reason     TEXT    NOT NULL,
  rows       INTEGER NOT NULL,
  PRIMARY KEY (version_id, reason)
);
CREATE TABLE version_files (
  version_id INTEGER NOT NULL REFERENCES dataset_versions (id) ON DELETE CASCADE,
  path       TEXT    NOT NULL,
  bytes      INTEGER NOT NULL,
  sha256     TEXT    NOT NULL,
  PRIMARY KEY (version_id, path)
);
CREATE TABLE cache_entries (
  id          INTEGER PRIMARY KEY,
  version_id  INTEGER NOT NULL UNIQUE REFERENCES dataset_versions (id) ON DELETE CASCADE,
  cache_key   TEXT    NOT NULL UNIQUE,
  series_key  TEXT    NOT NULL,
  source      TEXT    NOT NULL,
  params      TEXT    NOT NULL,
  frequency   TEXT    NOT NULL,
  symbols     TEXT    NOT NULL,
  range_start INTEGER NOT NULL,
  range_end   INTEGER NOT NULL,
  settled_end INTEGER NOT NULL,
  fetched_at  INTEGER NOT NULL,
  stale_at    INTEGER,
  last_access INTEGER NOT NULL,
  hits        INTEGER NOT NULL DEFAULT 0,
  bytes       INTEGER NOT NULL,
  report      TEXT    NOT NULL
);
CREATE INDEX cache_entries_by_series ON cache_entries (series_key, range_start);
CREATE INDEX cache_entries_by_access ON cache_entries (last_access);
CREATE TABLE cache_entry_symbols (
  entry_id INTEGER NOT NULL REFERENCES cache_entries (id) ON DELETE CASCADE,
  symbol   TEXT    NOT NULL,
  PRIMARY KEY (entry_id, symbol)
);
CREATE INDEX cache_entry_symbols_by_symbol ON cache_entry_symbols (symbol);
CREATE TABLE cache_readers (
  token       TEXT    PRIMARY KEY,
  entry_id    INTEGER NOT NULL REFERENCES cache_entries (id) ON DELETE CASCADE,
  pid         INTEGER NOT NULL,
  acquired_at INTEGER NOT NULL
);
CREATE INDEX cache_readers_by_entry ON cache_readers (entry_id);
CREATE TABLE cache_lookups (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  source        TEXT    NOT NULL,
  outcome       TEXT    NOT NULL CHECK (outcome IN ('hit', 'partial', 'miss')),
  latency_ms    REAL    NOT NULL,
  bytes_read    INTEGER NOT NULL,
  bytes_written INTEGER NOT NULL
);
CREATE TABLE cache_counters (
  name  TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
);

INSERT INTO datasets (kind, name, source, created_at)
  SELECT 'bundle', bundle, source, MIN(fetched_at) FROM ingestions GROUP BY bundle;
INSERT INTO dataset_versions (id, dataset_id, version, origin, api_version, fetched_at, frequencies,
    start_time, end_time, symbol_count, rows_written, rows_dropped, missing_sessions, outliers,
    checksum, size_bytes, path, pruned_at)
  SELECT i.id, d.id, i.version, i.origin, i.api_version, i.fetched_at, i.frequencies, i.start_time,
    i.end_time, i.symbol_count, i.rows_written, i.rows_dropped, i.missing_sessions, i.outliers,
    i.checksum, i.size_bytes, i.path, i.pruned_at
  FROM ingestions i JOIN datasets d ON d.kind = 'bundle' AND d.name = i.bundle;
INSERT INTO version_symbols SELECT * FROM ingestion_symbols;
INSERT INTO version_drops SELECT * FROM ingestion_drops;
DROP TABLE ingestion_drops;
DROP TABLE ingestion_symbols;
DROP TABLE ingestions;

CREATE VIEW ingestions AS
  SELECT v.id, d.name AS bundle, v.version, d.source, v.origin, v.api_version, v.fetched_at,
    v.frequencies, v.start_time, v.end_time, v.symbol_count, v.rows_written, v.rows_dropped,
    v.missing_sessions, v.outliers, v.checksum, v.size_bytes, v.path, v.pruned_at
  FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.kind = 'bundle';
CREATE VIEW ingestion_symbols AS
  SELECT s.version_id AS ingestion_id, s.symbol, s.frequency, s.rows, s.first_bar, s.last_bar
  FROM version_symbols s JOIN ingestions i ON i.id = s.version_id;
CREATE VIEW ingestion_drops AS
  SELECT r.version_id AS ingestion_id, r.reason, r.rows
  FROM version_drops r JOIN ingestions i ON i.id = r.version_id;
`;

/** Every schema step, oldest first; the last one is the version this code writes. */
export const CATALOG_MIGRATIONS: readonly CatalogMigration[] = [
  { version: 1, name: 'ingestions', up: V1_INGESTIONS },
  {
    version: 2,
    name: 'unified-catalog',
    up: V2_UNIFIED,
    converts: [
      ['ingestions', 'dataset_versions'],
      ['ingestion_symbols', 'version_symbols'],
      ['ingestion_drops', 'version_drops'],
    ],
  },
];

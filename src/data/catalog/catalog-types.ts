/** What a dataset of the catalog holds: a bundle (ingested versions) or a cache entry series. */
export type DatasetKind = 'bundle' | 'cache';

/** Rows of one symbol at one frequency in a dataset version. */
export interface VersionSymbol {
  symbol: string;
  frequency: string;
  rows: number;
  /** ISO-8601 UTC of the first and last bar, null when no bars. */
  firstBar: string | null;
  lastBar: string | null;
}

/** One file of a dataset version: path relative to the version directory, size and SHA-256 (hex). */
export interface VersionFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** What the catalog records about one bundle version (one ingest). */
export interface BundleVersionRecord {
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
  /** Rows dropped per reason (e.g. `ohlc-inconsistent`, `duplicate-timestamp`). */
  drops: Record<string, number>;
  missingSessions: number;
  outliers: number;
  /** The manifest's content checksum (SHA-256 hex). */
  checksum: string;
  sizeBytes: number;
  /** Absolute path of the version directory. */
  path: string;
  symbols: VersionSymbol[];
  /** Every file of the version with size and SHA-256, as in the manifest. */
  files: VersionFile[];
}

/** A bundle version as read back: its row id and prune time besides what was recorded. */
export interface StoredBundleVersion extends BundleVersionRecord {
  id: number;
  /** When `rustybt clean` deleted the version's files (ISO-8601 UTC), else null. */
  prunedAt: string | null;
}

/** A dataset of the catalog with a summary of its versions. */
export interface CatalogDataset {
  id: number;
  kind: DatasetKind;
  name: string;
  source: string;
  /** When the dataset was first recorded, ISO-8601 UTC. */
  createdAt: string;
  /** Versions whose files still exist (not pruned). */
  versions: number;
  /** Versions pruned by `rustybt clean` (their history is kept). */
  prunedVersions: number;
  /** Newest version not pruned, or null. */
  latestVersion: string | null;
  /** Latest fetch time over all versions, ISO-8601 UTC, or null. */
  lastFetchedAt: string | null;
}

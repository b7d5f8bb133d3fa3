import type { OpenCatalogOptions } from './catalog-database.js';
import type { BundleVersionRecord, StoredBundleVersion, VersionSymbol } from './catalog-types.js';
import { UnifiedCatalog } from './unified-catalog.js';

/**
 * Rows of one symbol at one frequency written by an ingestion.
 *
 * @deprecated Use {@link VersionSymbol} with {@link UnifiedCatalog}.
 */
export type IngestedSymbol = VersionSymbol;

/**
 * What the catalog records about one ingestion (without its files).
 *
 * @deprecated Use {@link BundleVersionRecord} with {@link UnifiedCatalog.recordBundleVersion}.
 */
export type IngestionRecord = Omit<BundleVersionRecord, 'files'>;

/**
 * An ingestion as read back, with its row id and prune time.
 *
 * @deprecated Use {@link StoredBundleVersion} from {@link UnifiedCatalog.bundleVersions}.
 */
export type StoredIngestion = Omit<StoredBundleVersion, 'files'>;

let warned = false;

/** Emits the deprecation warning of {@link BundleCatalog} the first time in a process. */
function warnOnce(): void {
  if (warned) return;
  warned = true;
  process.emitWarning(
    "BundleCatalog is deprecated: use UnifiedCatalog (UnifiedCatalog.open(path), recordBundleVersion, bundleVersions, markPruned), which also records each version's files.",
    { type: 'DeprecationWarning', code: 'RUSTYBT_DEP_BUNDLE_CATALOG' },
  );
}

/**
 * The catalog of ingestions as the data issue shipped it: now a thin layer
 * over {@link UnifiedCatalog} that keeps the old method names and shapes. The
 * first `open` in a process emits a `DeprecationWarning`
 * (code `RUSTYBT_DEP_BUNDLE_CATALOG`).
 *
 * @deprecated Use {@link UnifiedCatalog}.
 */
export class BundleCatalog {
  private readonly catalog: UnifiedCatalog;

  private constructor(catalog: UnifiedCatalog) {
    this.catalog = catalog;
  }

  /** Opens (creating, backing up and migrating if needed) the catalog at `path`. */
  static open(path: string, options: OpenCatalogOptions = {}): BundleCatalog {
    warnOnce();
    return new BundleCatalog(UnifiedCatalog.open(path, options));
  }

  /** Records an ingestion with its symbols and drop reasons (no files) in one transaction; returns its id. */
  recordIngestion(record: IngestionRecord): number {
    return this.catalog.recordBundleVersion({ ...record, files: [] });
  }

  /** Ingestions, sorted by bundle then version; of one bundle when `bundle` is given. */
  ingestions(bundle?: string): StoredIngestion[] {
    return this.catalog.bundleVersions(bundle).map(({ files: _files, ...ingestion }) => ingestion);
  }

  /** Marks versions of a bundle as pruned (their files are gone; the history stays). */
  markPruned(bundle: string, versions: readonly string[], at: Date = new Date()): void {
    this.catalog.markPruned(bundle, versions, at);
  }

  /** Closes the database. */
  close(): void {
    this.catalog.close();
  }
}

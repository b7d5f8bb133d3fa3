export {
  BundleCatalog,
  type IngestionRecord,
  type IngestedSymbol,
  type StoredIngestion,
} from './bundle-catalog.js';
export { UnifiedCatalog } from './unified-catalog.js';
export type {
  DatasetKind,
  VersionSymbol,
  VersionFile,
  BundleVersionRecord,
  StoredBundleVersion,
  CatalogDataset,
} from './catalog-types.js';
export {
  CATALOG_SCHEMA_VERSION,
  ensureCatalogSchema,
  catalogSchemaVersion,
  pendingMigrations,
  applyMigrations,
} from './catalog-schema.js';
export { CATALOG_MIGRATIONS, type CatalogMigration } from './catalog-migrations.js';
export { openCatalogDatabase, type OpenCatalogOptions } from './catalog-database.js';
export {
  upgradeCatalog,
  migrateCatalogFile,
  type CatalogUpgrade,
  type CatalogMigrationOutcome,
  type TableConversion,
  type UpgradeOptions,
} from './catalog-upgrade.js';
export {
  listCatalogBackups,
  rollbackCatalog,
  backupPathFor,
  type CatalogBackup,
  type CatalogRollback,
} from './catalog-backup.js';
export {
  validateBundle,
  validateBundles,
  calendarNameForAsset,
  sha256OfFile,
  type BundleValidationReport,
  type FileMismatch,
  type ValidateBundleOptions,
} from './bundle-validation.js';
export { ohlcViolations, coverageGap, type OhlcViolation, type CoverageGap } from './bar-checks.js';

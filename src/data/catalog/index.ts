export {
  BundleCatalog,
  type IngestionRecord,
  type IngestedSymbol,
  type StoredIngestion,
} from './bundle-catalog.js';
export {
  CATALOG_SCHEMA_VERSION,
  ensureCatalogSchema,
  catalogSchemaVersion,
  pendingMigrations,
  applyMigrations,
} from './catalog-schema.js';
export { CATALOG_MIGRATIONS, type CatalogMigration } from './catalog-migrations.js';
export { openCatalogDatabase } from './catalog-database.js';

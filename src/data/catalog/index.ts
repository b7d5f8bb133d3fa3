export {
  BundleCatalog,
  type IngestionRecord,
  type IngestedSymbol,
  type StoredIngestion,
} from './bundle-catalog.js';
export { CATALOG_SCHEMA_VERSION, ensureCatalogSchema } from './catalog-schema.js';

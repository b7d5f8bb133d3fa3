/**
 * rustybt: event-driven backtesting for equities and crypto with exact
 * decimal accounting and a Rust core.
 *
 * @packageDocumentation
 */
export { VERSION } from './version.js';
export { backendInfo } from './native/backend.js';
export type { BackendInfo, BackendName } from './native/loader.js';
export { rustSum, sumFloat64, rollingMean } from './native/roundtrip.js';
export {
  RustybtError,
  ConfigError,
  DataError,
  OrderError,
  NativeBackendError,
  CalendarError,
  type ErrorCode,
} from './errors/index.js';
export {
  getCalendar,
  customCalendar,
  sessionLabel,
  formatSessionLabel,
  AlwaysOpenCalendar,
  SessionTableCalendar,
  CALENDAR_NAMES,
  type TradingCalendar,
  type CalendarName,
  type CustomCalendarOptions,
  type CustomSession,
} from './calendar/index.js';
export {
  writeBundle,
  loadBundle,
  readManifest,
  pruneVersions,
  listVersions,
  listBundleNames,
  rustybtHome,
  ingestIntoBundle,
  PROFILING_BUNDLES,
  profilingBundle,
  type WriteBundleOptions,
  type WrittenBundle,
  type LoadBundleOptions,
  type LoadedBundle,
  type BundleContents,
  type BundleAsset,
  type BundleAssetRecord,
  type BundleManifest,
  type Adjustment,
  type SplitAdjustment,
  type DividendAdjustment,
  type PruneResult,
  type BridgeOptions,
  type BundleIngestSummary,
  type ProfilingBundle,
} from './data/bundles/index.js';
export {
  BundleCatalog,
  CATALOG_SCHEMA_VERSION,
  type IngestionRecord,
  type StoredIngestion,
} from './data/catalog/index.js';
export * from './data/sources/index.js';
export {
  DataSourceRegistry,
  type DataSourceFactory,
  type SourceOptions,
} from './data/source-registry.js';
export { BarRows, IssueLog, validateBars, findOutliers } from './data/validation/index.js';
export type { ValidationOptions, ValidatedBars } from './data/validation/index.js';

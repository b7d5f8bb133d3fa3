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
  NumericOverflowError,
  TradingControlError,
  CatalogError,
  CacheError,
  ParameterError,
  SweepError,
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
  simpleReturns,
  cumulativeReturns,
  totalReturn,
  annualReturn,
  annualVolatility,
  maxDrawdown,
  sharpeRatio,
  sortinoRatio,
  downsideRisk,
  calmarRatio,
  alphaBeta,
  valueAtRisk,
  conditionalValueAtRisk,
  stabilityOfTimeseries,
  winRate,
  profitFactor,
  averageTrade,
  exposure,
  turnover,
  summarizeRisk,
  type AlphaBeta,
  type PerPeriodRate,
  type RiskSummary,
  type RiskSummaryOptions,
  type BookSeries,
} from './engine/metrics/index.js';
export {
  runAlgorithm,
  prepareMarket,
  runOnMarket,
  AlgorithmContext,
  BarData,
  dateRules,
  timeRules,
  loadStrategy,
  type RunOptions,
  type MarketOptions,
  type BacktestOptions,
  type PreparedMarket,
  type DataFrequency,
  type AlgorithmStrategy,
  type OrderArgs,
  type ScheduledFunction,
  type BacktestResults,
  type RunMeta,
  type Portfolio,
  type Account,
  type PositionSnapshot,
  type DateRule,
  type TimeRule,
  type SessionOffset,
  type Strategy,
} from './engine/algorithm/index.js';
export {
  PerShareCommission,
  PerTradeCommission,
  PerDollarCommission,
  PercentageCommission,
  MakerTakerCommission,
  TieredCommission,
  type CommissionModel,
} from './engine/commission/index.js';
export {
  NoSlippage,
  FixedBasisPointsSlippage,
  VolumeShareSlippage,
  FixedSpreadSlippage,
  type SlippageModel,
} from './engine/slippage/index.js';
export { StrategyError } from './errors/index.js';
export type { Asset } from './assets/index.js';
export type { Order, OrderStatus } from './engine/orders/order.js';
export type { Table, Column, ColumnKind } from './analytics/table.js';
export { allocateBarFrame, type BarFrame, type Frequency } from './data/bar-frame.js';
export {
  writeBundle,
  loadBundle,
  readManifest,
  pruneVersions,
  listVersions,
  listBundleNames,
  rustybtHome,
  catalogPath,
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
  UnifiedCatalog,
  migrateCatalogFile,
  rollbackCatalog,
  listCatalogBackups,
  type DatasetKind,
  type VersionSymbol,
  type VersionFile,
  type BundleVersionRecord,
  type StoredBundleVersion,
  type CatalogDataset,
  type OpenCatalogOptions,
  type CatalogUpgrade,
  type CatalogMigrationOutcome,
  type TableConversion,
  type CatalogBackup,
  type CatalogRollback,
  validateBundle,
  validateBundles,
  type BundleValidationReport,
  type FileMismatch,
  type ValidateBundleOptions,
  type OhlcViolation,
  type CoverageGap,
} from './data/catalog/index.js';
export * from './data/sources/index.js';
export {
  CachedDataSource,
  cached,
  configuredMaxBytes,
  DEFAULT_CACHE_MAX_BYTES,
  DEFAULT_FRESHNESS,
  SOURCE_FRESHNESS,
  CacheIndex,
  type CacheOptions,
  type CacheWarming,
  type CacheStats,
  type CacheEntry,
  type Freshness,
  type FreshnessPolicy,
  type LookupOutcome,
} from './data/cache/index.js';
export {
  DataSourceRegistry,
  type DataSourceFactory,
  type SourceOptions,
} from './data/source-registry.js';
export { BarRows, IssueLog, validateBars, findOutliers } from './data/validation/index.js';
export type { ValidationOptions, ValidatedBars } from './data/validation/index.js';
export { exportResults, EXPORT_FORMATS } from './analytics/results-export.js';
export * from './optimize/index.js';
export type { ParamValue, StrategyParams } from './engine/algorithm/strategy-params.js';
// Types that appear in the signatures above, exported so users can name them.
export type { NumericMode, Money, Price, Quantity } from './numeric/numeric.js';
export type { DecimalConfig, AssetClass } from './numeric/decimal-config.js';
export type { ModelChoice } from './engine/simulated-account.js';
export type { FillReference } from './engine/blotter/fill-rules.js';
export type { DataSource } from './data/sources/data-source.js';
export type { BarField } from './data/portal/bar-field.js';
export type { AlgorithmSettings } from './engine/algorithm/algorithm-context.js';
export type { SizeLimit } from './engine/controls/trading-controls.js';
export type {
  SlippageInput,
  FixedBasisPointsOptions,
  VolumeShareOptions,
} from './engine/slippage/index.js';
export type { CommissionInput, CommissionTier } from './engine/commission/index.js';
export type { SessionTableCalendarSpec } from './calendar/session-table-calendar.js';
export type {
  TradingControlsOptions,
  ControlViolation,
} from './engine/controls/trading-controls.js';
export type { ClassScales, RoundingPoint } from './numeric/decimal-config.js';
export type { RoundingMode } from './numeric/rounding.js';
export type {
  FetchResult,
  FetchOptions,
  SourceMetadata,
  IngestSummary,
  IngestOptions,
  CorporateActions,
  FetchReport,
  HistoryLimit,
  RateLimit,
  FetchProgress,
  DividendEvent as SourceDividendEvent,
  SplitEvent as SourceSplitEvent,
  MissingSessions,
  RowIssue,
  RowAction,
  RowProblem,
} from './data/sources/data-source.js';
export * from './numeric/index.js';
export * from './assets/index.js';
export * from './engine/index.js';
// Both the sources and the engine define these: the public names are the engine's.
export type { DividendEvent, SplitEvent } from './engine/index.js';

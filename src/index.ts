/**
 * rustybt: event-driven backtesting for equities and crypto with exact
 * decimal accounting and a Rust core.
 *
 * The package root exports what users call, listed by name (no `export *`):
 * running a backtest, the strategy's context and types, order styles, cost
 * models, data sources, the cache, bundles and the catalog, calendars, risk
 * metrics, numeric settings, errors and backend information. Indicators are
 * in `rustybt/indicators`. Anything else is internal and may change.
 *
 * @packageDocumentation
 */

// Version and backend.
export { VERSION } from './version.js';
export { backendInfo } from './native/backend.js';
export type { BackendInfo, BackendName } from './native/loader.js';

// Errors.
export {
  RustybtError,
  ConfigError,
  DataError,
  OrderError,
  StrategyError,
  NativeBackendError,
  CalendarError,
  NumericOverflowError,
  TradingControlError,
  CatalogError,
  CacheError,
  OutputError,
  ResultsFileError,
  ReportError,
  JournalError,
  ExchangeError,
  ParameterError,
  SweepError,
  BenchHistoryError,
  BenchRegressionError,
  type ErrorCode,
} from './errors/index.js';
export { HttpStatusError, NetworkError } from './data/sources/http-error.js';

// Running a backtest: the strategy, its context, the results.
export {
  runAlgorithm,
  prepareMarket,
  runOnMarket,
  loadStrategy,
  type LoadStrategyOptions,
  AlgorithmContext,
  BarData,
  dateRules,
  timeRules,
  type RunOptions,
  type MarketOptions,
  type BacktestOptions,
  type PreparedMarket,
  type DataFrequency,
  type AlgorithmStrategy,
  type Strategy,
  type OrderArgs,
  type ScheduledFunction,
  type BacktestResults,
  PERFORMANCE_COLUMNS,
  type RunMeta,
  type Portfolio,
  type Account,
  type PositionSnapshot,
  type DateRule,
  type TimeRule,
  type SessionOffset,
} from './engine/algorithm/index.js';
export type { AlgorithmSettings } from './engine/algorithm/algorithm-context.js';
export { exportResults, checkResultsPath } from './analytics/results-export.js';
export { EXPORT_FORMATS } from './analytics/export-formats.js';
export type { Table, Column, ColumnKind } from './analytics/table.js';

// Orders.
export {
  MARKET_ORDER,
  limitOrder,
  stopOrder,
  stopLimitOrder,
  trailingStopAmountOrder,
  trailingStopPercentOrder,
  type OrderStyleInput,
  type OrderType,
  type TimeInForce,
} from './engine/orders/order-style.js';
export type { Order, OrderStatus } from './engine/orders/order.js';
export type { Fill } from './engine/orders/fill.js';
export type { FillReference } from './engine/blotter/fill-rules.js';
export type {
  TradingControlsOptions,
  ControlViolation,
  SizeLimit,
} from './engine/controls/trading-controls.js';
export type { ModelChoice, DividendEvent, SplitEvent } from './engine/simulated-account.js';

// Commission and slippage models.
export {
  PerShareCommission,
  PerTradeCommission,
  PerDollarCommission,
  PercentageCommission,
  MakerTakerCommission,
  TieredCommission,
  type CommissionModel,
  type CommissionInput,
  type CommissionTier,
} from './engine/commission/index.js';
export {
  NoSlippage,
  FixedBasisPointsSlippage,
  VolumeShareSlippage,
  FixedSpreadSlippage,
  type SlippageModel,
  type SlippageInput,
  type FixedBasisPointsOptions,
  type VolumeShareOptions,
} from './engine/slippage/index.js';
export { defaultCommission, defaultSlippage } from './engine/default-models.js';

// Assets.
export type { Asset, AssetSpec, Equity, Crypto, ForexPair } from './assets/asset.js';
export { AssetFinder } from './assets/asset-finder.js';
export { sessionFromDate } from './assets/session-date.js';

// The broker seam strategies and results trade through, and the simulated account behind it
// (driven bar by bar in engine units; runAlgorithm does this for a strategy).
export type {
  Broker,
  OrderOptions,
  OcoLeg,
  FillEvent,
  AccountSnapshot,
} from './engine/broker/broker.js';
export { SimulatedBroker, CLOSE_OUT_ORDER_ID } from './engine/broker/simulated-broker.js';
export {
  SimulatedAccount,
  type SimulatedAccountOptions,
  type SessionRecord,
} from './engine/simulated-account.js';
export type { AccountCore, LedgerReader, OrderBookReader } from './engine/core/account-core.js';
export { allocateBarInput, type BarInput } from './engine/blotter/bar-input.js';

// Bars in memory.
export { allocateBarFrame, type BarFrame, type Frequency } from './data/bar-frame.js';
export type { BarField } from './data/portal/bar-field.js';

// Data sources.
export type {
  DataSource,
  FetchResult,
  FetchOptions,
  FetchReport,
  FetchProgress,
  SourceMetadata,
  IngestSummary,
  IngestOptions,
  CorporateActions,
  HistoryLimit,
  RateLimit,
  MissingSessions,
  RowIssue,
  RowAction,
  RowProblem,
  CacheParamValue,
  DividendEvent as SourceDividendEvent,
  SplitEvent as SourceSplitEvent,
} from './data/sources/data-source.js';
export { DataSourceBase } from './data/sources/data-source-base.js';
export {
  DataSourceRegistry,
  type DataSourceFactory,
  type SourceOptions,
} from './data/source-registry.js';
export {
  defaultSourceRegistry,
  BUILTIN_SOURCE_NAMES,
  DEFAULT_SOURCE_NAME,
} from './data/sources/builtin-sources.js';
export {
  yfinance,
  ccxt,
  csv,
  synthetic,
  polygon,
  alpaca,
  alphavantage,
} from './data/sources/source-factories.js';
export { YahooSource, type YahooSourceOptions } from './data/sources/yahoo-source.js';
export { CcxtSource, type CcxtSourceOptions } from './data/sources/ccxt-source.js';
export {
  CsvSource,
  type CsvSourceOptions,
  type MissingDataPolicy,
} from './data/sources/csv-source.js';
export type { CsvColumns } from './data/sources/csv-layout.js';
export type { CsvDateFormat } from './data/sources/csv-time.js';
export { SyntheticSource, type SyntheticOptions } from './data/sources/synthetic-source.js';
export { PolygonSource, type PolygonSourceOptions } from './data/sources/polygon-source.js';
export { AlpacaSource, type AlpacaSourceOptions } from './data/sources/alpaca-source.js';
export {
  AlphaVantageSource,
  type AlphaVantageSourceOptions,
} from './data/sources/alphavantage-source.js';
export type { CalendarChoice } from './data/sources/calendar-choice.js';
export {
  validateBars,
  findOutliers,
  BarRows,
  IssueLog,
  type ValidationOptions,
  type ValidatedBars,
} from './data/validation/index.js';
// For writing a source: HTTP with retries and rate limits, an injectable clock, exact prices.
export {
  HttpClient,
  type HttpClientOptions,
  type JsonResponse,
} from './data/sources/http-client.js';
export { TokenBucket } from './data/sources/rate-limiter.js';
export {
  withRetry,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  type RetryOptions,
  type RetryPolicy,
} from './data/sources/retry.js';
export { systemClock, type Clock } from './data/sources/clock.js';

// The smart cache.
export {
  cached,
  CachedDataSource,
  CacheIndex,
  LOOKUP_WINDOW,
  configuredMaxBytes,
  DEFAULT_CACHE_MAX_BYTES,
  DEFAULT_FRESHNESS,
  SOURCE_FRESHNESS,
  type CacheOptions,
  type CacheWarming,
  type WarmingOptions,
  type LookupRecord,
  type CacheStats,
  type CacheEntry,
  type Freshness,
  type FreshnessPolicy,
  type LookupOutcome,
} from './data/cache/index.js';
export type { NewCacheEntry } from './data/cache/cache-index.js';

// Bundles.
export {
  ingestIntoBundle,
  parseBundleRef,
  DEFAULT_MAX_DROP,
  type BundleRef,
  writeBundle,
  loadBundle,
  readManifest,
  pruneVersions,
  listVersions,
  listBundleNames,
  rustybtHome,
  catalogPath,
  type WriteBundleOptions,
  type WrittenBundle,
  type LoadBundleOptions,
  type LoadedBundle,
  type BundleContents,
  type BundleAsset,
  type BundleAssetRecord,
  type BundleManifest,
  type ManifestFile,
  type ManifestFrame,
  type Adjustment,
  type SplitAdjustment,
  type DividendAdjustment,
  type PruneResult,
  type BridgeOptions,
  type BundleIngestSummary,
} from './data/bundles/index.js';

// The catalog.
export { rebuildCatalog, type CatalogRebuild } from './data/catalog/catalog-rebuild.js';
export {
  UnifiedCatalog,
  BundleCatalog,
  CATALOG_SCHEMA_VERSION,
  migrateCatalogFile,
  rollbackCatalog,
  listCatalogBackups,
  validateBundle,
  validateBundles,
  type IngestionRecord,
  type StoredIngestion,
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
  type BundleValidationReport,
  type FileMismatch,
  type ValidateBundleOptions,
  type OhlcViolation,
  type CoverageGap,
} from './data/catalog/index.js';

// Calendars.
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
export type { SessionTableCalendarSpec } from './calendar/session-table-calendar.js';

// Risk metrics (empyrical's definitions).
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
  exposureTime,
  turnover,
  payoffRatio,
  expectancy,
  kellyCriterion,
  skewness,
  kurtosis,
  tailRatio,
  omegaRatio,
  informationRatio,
  underwater,
  drawdownPeriods,
  drawdownDurations,
  calendarReturns,
  bestAndWorst,
  rollingSharpe,
  rollingVolatility,
  rollingBeta,
  summarizeRisk,
  type DrawdownPeriod,
  type DrawdownDurations,
  type PeriodReturn,
  type AlphaBeta,
  type PerPeriodRate,
  type RiskSummary,
  type RiskSummaryOptions,
  type BookSeries,
} from './engine/metrics/index.js';

// Numeric settings: exact decimals, scales and rounding.
export {
  decimalConfig,
  loadDecimalConfig,
  currencyScale,
  ASSET_CLASSES,
  DEFAULT_CLASS_SCALES,
  DEFAULT_CURRENCY_SCALES,
  ROUNDING_POINTS,
  type DecimalConfig,
  type DecimalConfigInput,
  type ClassScales,
  type RoundingPoint,
  type AssetClass,
} from './numeric/decimal-config.js';
export { ROUNDING_MODES, DEFAULT_ROUNDING, type RoundingMode } from './numeric/rounding.js';
export { parseDecimal, formatDecimal, unitsFromNumber } from './numeric/decimal-text.js';
export {
  NUMERIC_MODES,
  type NumericMode,
  type Money,
  type Price,
  type Quantity,
} from './numeric/numeric.js';
export {
  runLive,
  PaperBroker,
  LiveBroker,
  CcxtExchange,
  exchangeKeysFromEnv,
  keyVariablePrefix,
  Journal,
  LiveClock,
  BAR_LENGTH_MS,
  LiveMarket,
  AcceleratedClock,
  ReplayFeed,
  SafetyGuard,
  type LiveRunOptions,
  type LiveStatus,
  type LiveResults,
  type JournalSession,
  type JournalStatus,
  type JournalState,
  type JournalOrder,
  type JournalEvent,
  type JournalBar,
  type JournalTrade,
  type ClosedBarTime,
  type SafetyLimits,
  type LiveBrokerOptions,
  type CcxtExchangeOptions,
  type ExchangeOrder,
  type ExchangeTrade,
  type OrderRequest,
  type SendOutcome,
  type ExchangeKeys,
} from './live/index.js';
export {
  renderReport,
  writeReport,
  reportFromFiles,
  checkReportPath,
  type ReportSource,
} from './analytics/report/render-report.js';
export {
  readResultsFile,
  resultsDocument,
  type ResultsDocument,
  type ReportMeta,
} from './analytics/report/results-document.js';
export { roundTrips, type RoundTrip } from './engine/metrics/round-trips.js';
export {
  range,
  checkSpace,
  gridOf,
  parseGrid,
  randomCombinations,
  loadSweepStrategy,
  strategyHash,
  SerialExecutor,
  ThreadExecutor,
  shareMarket,
  marketFromShared,
  marketChecksum,
  checkObjective,
  bestRecord,
  STATISTICS,
  runSweep,
  serialExecutor,
  threadExecutor,
  storeSweep,
  sweepReportHtml,
  runWalkForward,
  walkForwardWindows,
  parseSpan,
  type ParameterSpace,
  type Constraint,
  type SweepStrategy,
  type SweepTask,
  type SweepBacktest,
  type RunRecord,
  type SweepExecutor,
  type RecordListener,
  type SharedMarket,
  type Objective,
  type SweepOptions,
  type SweepOutcome,
  type SweepSetup,
  type ExecutorFactory,
  type StoredSweep,
  type WalkForwardOptions,
  type WalkForwardOutcome,
  type WindowOutcome,
  type Span,
  type WalkForwardWindow,
} from './optimize/index.js';
export type { ParamValue, StrategyParams } from './engine/algorithm/strategy-params.js';
// Types named in the signatures above.
export type {
  LiveBarRow,
  LiveBarFeed,
  LiveBarSource,
  LiveFeedOptions,
  FeedConnection,
} from './data/sources/live-bars.js';
export type { PollingPolicy } from './data/sources/ccxt-live-feed.js';
export type { FastWidth } from './data/bundles/fast-columns.js';
export type { JsonRow } from './analytics/results-json.js';
export type { BarStoreColumns } from './data/portal/bar-store.js';
export type { DecimalConfigSchema } from './numeric/decimal-config.js';

export type {
  DataSource,
  CacheParamValue,
  FetchOptions,
  FetchProgress,
  FetchResult,
  FetchReport,
  CorporateActions,
  SplitEvent,
  DividendEvent,
  RowIssue,
  RowProblem,
  RowAction,
  MissingSessions,
  SourceMetadata,
  HistoryLimit,
  RateLimit,
  IngestOptions,
  IngestSummary,
} from './data-source.js';
export { DataSourceBase } from './data-source-base.js';
export { setBundleWriter, ingestWithBundleWriter, type BundleWriter } from './bundle-bridge.js';
export {
  defaultSourceRegistry,
  BUILTIN_SOURCE_NAMES,
  DEFAULT_SOURCE_NAME,
} from './builtin-sources.js';
export { systemClock, type Clock } from './clock.js';
export {
  withRetry,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  type RetryOptions,
} from './retry.js';
export { TokenBucket } from './rate-limiter.js';
export { HttpClient, type HttpClientOptions, type JsonResponse } from './http-client.js';
export { HttpStatusError, NetworkError } from './http-error.js';
export type { CalendarChoice } from './calendar-choice.js';
export { SyntheticSource, type SyntheticOptions } from './synthetic-source.js';
export { CsvSource, type CsvSourceOptions, type MissingDataPolicy } from './csv-source.js';
export type { CsvColumns } from './csv-layout.js';
export type { CsvDateFormat } from './csv-time.js';
export { YahooSource, type YahooSourceOptions, YAHOO_PRICE_SCALE } from './yahoo-source.js';
export { CcxtSource, type CcxtSourceOptions } from './ccxt-source.js';
export {
  isLiveBarSource,
  type LiveBarFeed,
  type LiveBarRow,
  type LiveBarSource,
  type LiveFeedOptions,
  type FeedConnection,
} from './live-bars.js';
export { CcxtLiveFeed, type CandlePoller, type PollingPolicy } from './ccxt-live-feed.js';
export {
  WsCandleStream,
  StreamUnavailable,
  type CandleWatcher,
  type RawCandle,
} from './ccxt-ws-candles.js';
export { SyntheticLiveFeed } from './synthetic-live-feed.js';
export {
  PolygonSource,
  type PolygonSourceOptions,
  POLYGON_ENV_VARS,
  POLYGON_TIERS,
} from './polygon-source.js';
export {
  AlpacaSource,
  type AlpacaSourceOptions,
  ALPACA_ENV_VARS,
  ALPACA_TIERS,
} from './alpaca-source.js';
export {
  AlphaVantageSource,
  type AlphaVantageSourceOptions,
  ALPHAVANTAGE_ENV_VARS,
  ALPHAVANTAGE_TIERS,
} from './alphavantage-source.js';
export {
  yfinance,
  ccxt,
  csv,
  synthetic,
  polygon,
  alpaca,
  alphavantage,
} from './source-factories.js';

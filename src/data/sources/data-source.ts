import type { TradingCalendar } from '../../calendar/index.js';
import type { BarFrame, Frequency } from '../bar-frame.js';

/**
 * A split: on `exDate` each share becomes `numerator / denominator` shares
 * (a 4:1 split has numerator 4, denominator 1; a 1:10 reverse split 1 and 10).
 */
export interface SplitEvent {
  symbol: string;
  /** Ex-date as a session label: UTC epoch ms of the local date at 00:00 UTC. */
  exDate: number;
  /** Shares after the split per `denominator` shares before; positive. */
  numerator: number;
  /** Shares before the split; positive. */
  denominator: number;
}

/** A cash dividend per share, as an exact decimal in units at `scale`. */
export interface DividendEvent {
  symbol: string;
  /** Ex-date as a session label: UTC epoch ms of the local date at 00:00 UTC. */
  exDate: number;
  /** Pay date as a session label, when the source knows it. */
  payDate?: number;
  /** Amount per share in integer units: the dividend is `amount / 10^scale`. */
  amount: number;
  /** Decimal places of `amount`. */
  scale: number;
  /** ISO currency code when the source states it. */
  currency?: string;
}

/** Splits and dividends found in a fetch, each list ordered by symbol then ex-date. */
export interface CorporateActions {
  splits: SplitEvent[];
  dividends: DividendEvent[];
}

/**
 * What was wrong with a row. Stable names that reports, the catalog and tests
 * branch on.
 */
export type RowProblem =
  | 'unparsable' // a field could not be read as a number or a time
  | 'missing-value' // a required field was empty
  | 'ohlc-inconsistent' // high < max(open, close), low > min(open, close), or high < low
  | 'non-positive-price' // a price <= 0
  | 'negative-volume'
  | 'duplicate-timestamp'
  | 'out-of-order'
  | 'outside-session' // the bar's time is not in a session of the calendar
  | 'outlier' // a return far beyond the series' own typical move
  | 'forward-filled'; // a missing bar or value was filled from the previous bar

/** What was done about a row: dropped from the frame, or kept after repair (e.g. forward fill). */
export type RowAction = 'dropped' | 'repaired' | 'flagged';

/** One row a source or the validator dropped, repaired or flagged, with the reason. */
export interface RowIssue {
  symbol: string;
  /** Bar start (UTC epoch ms) when it could be read, else undefined. */
  timestamp?: number;
  /** Where the row came from: a line number in a file, an index in a response; -1 for a bar with no source row (a filled session). */
  row: number;
  problem: RowProblem;
  action: RowAction;
  /** Human-readable detail, e.g. `high 10.5 < close 11.0`. */
  detail: string;
}

/** Sessions of the calendar that had no bar for a symbol (a gap); reported, not fatal. */
export interface MissingSessions {
  symbol: string;
  /** Session labels (daily) or bar starts (intraday) with no bar, ascending. */
  missing: number[];
}

/** Everything a fetch dropped, repaired, flagged or found missing. */
export interface FetchReport {
  issues: RowIssue[];
  gaps: MissingSessions[];
}

/** What `DataSource.fetch` returns. */
export interface FetchResult {
  /** One frame per requested symbol, in the order requested; empty frames for symbols with no bars. */
  frames: BarFrame[];
  corporateActions: CorporateActions;
  report: FetchReport;
}

/** Options every source accepts on `fetch`. */
export interface FetchOptions {
  /**
   * Strict mode: the first bad row fails the fetch with a `DataError` naming the
   * symbol, the row and the problem. Lenient (the default): bad rows are dropped
   * and reported in `FetchResult.report`.
   */
  strict?: boolean;
  /** When given, bars are checked against its sessions and gaps are reported. */
  calendar?: TradingCalendar;
  /** Cancels in-flight requests and waits. */
  signal?: AbortSignal;
  /** Called after each symbol is fetched, for progress bars. */
  onProgress?: (progress: FetchProgress) => void;
}

/** Progress of a multi-symbol fetch. */
export interface FetchProgress {
  symbol: string;
  symbolsDone: number;
  symbolsTotal: number;
  /** Bars kept for this symbol. */
  rows: number;
}

/** How far back a source serves bars at one frequency, and how many per request. */
export interface HistoryLimit {
  /** Oldest bar served, counted back from now, in days; undefined when unlimited. */
  maxLookbackDays?: number;
  /** Longest span one request may cover, in days; longer ranges are split or refused. */
  maxSpanDaysPerRequest?: number;
  /** Most bars one response carries; the source pages beyond it. */
  maxBarsPerRequest?: number;
}

/** A documented request budget. */
export interface RateLimit {
  /** Requests allowed per `perMs` milliseconds. */
  requests: number;
  perMs: number;
  /** Which plan or tier this applies to, e.g. `free`. */
  tier?: string;
}

/** Static facts about a source, for `rustybt ingest --list-sources` and the catalog. */
export interface SourceMetadata {
  /** Registry name, e.g. `yfinance`. */
  name: string;
  /** Adapter version (changes when the adapter's output could change). */
  version: string;
  /** One line for humans. */
  description: string;
  /** Base URL or exchange id of the upstream, when there is one. */
  upstream?: string;
  frequencies: Frequency[];
  historyLimits: Partial<Record<Frequency, HistoryLimit>>;
  /** Rate limits the source enforces on itself, by tier (the first is the default). */
  rateLimits: RateLimit[];
  /** Whether an API key is needed, and the environment variables it is read from (any one, unless `all`). */
  auth: {
    required: boolean;
    envVars: string[];
    /** True when every variable is needed (a key id and a secret), not any one of them. */
    all?: boolean;
  };
  /**
   * Price decimals of the frames this source returns, or `detected` when each
   * symbol's scale is read from its data (CSV files, ccxt markets).
   */
  priceScale: number | 'detected';
  /** Whether live (streaming) bars are available. */
  live: boolean;
}

/** What to ingest into a bundle. */
export interface IngestOptions extends FetchOptions {
  symbols: readonly string[];
  /** First session or bar start to ingest (UTC). */
  start: Date;
  /** Last session or bar start to ingest (UTC), inclusive. */
  end: Date;
  frequency: Frequency;
  /** Where bundles live; the bundle writer's default when omitted. */
  bundleRoot?: string;
  /**
   * Share of fetched rows (0 to 1) that may be dropped as bad before the ingest
   * is refused with a `DataError` and no version is written; default 0.1. An
   * ingest with no valid rows, or a symbol whose every row was dropped (unless
   * 1), is always refused.
   */
  maxDrop?: number;
}

/**
 * What an ingest wrote. The bundle writer (in `src/data/bundles/`) may return
 * more fields; these are the ones every caller can rely on.
 */
export interface IngestSummary {
  bundleName: string;
  /** The ingestion's version id (a timestamp). */
  version: string;
  rowsWritten: number;
  rowsDropped: number;
  report: FetchReport;
}

/** A value of a source parameter the cache keys on. */
export type CacheParamValue = string | number | boolean | null;

/**
 * One provider of bars. Implementations live in `src/data/sources/`, one per
 * file; third parties register theirs with `DataSourceRegistry.register`.
 */
export interface DataSource {
  /** Registry name; equals `getMetadata().name`. */
  readonly name: string;
  /**
   * Fetches bars for `symbols` with bar starts in `[start, end]` (both inclusive,
   * UTC). Prices come back as exact units; one bad row never aborts the fetch in
   * lenient mode.
   *
   * @throws DataError in strict mode on the first bad row; on a symbol unknown upstream.
   * @throws ConfigError when the source needs a key that is not set, or the frequency is unsupported.
   */
  fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options?: FetchOptions,
  ): Promise<FetchResult>;
  /**
   * Optional streaming form of {@link fetch}: hands each symbol's validated frame to
   * `consume` (awaited) as soon as it is read and keeps none, so the result's `frames`
   * is empty while its report is complete. The bundle ingest uses it when present, to
   * hold one symbol's bars at a time. A frame's arrays need only be valid until `consume`
   * settles (a source may read the next symbol into the same memory): a consumer copies
   * what it keeps.
   */
  fetchInto?(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions,
    consume: (frame: BarFrame) => void | Promise<void>,
  ): Promise<FetchResult>;
  /** Static facts about the source. */
  getMetadata(): SourceMetadata;
  /** Whether the source can stream live bars. */
  supportsLive(): boolean;
  /**
   * The parameters that change the bars this instance returns (exchange,
   * adjustment mode, feed, directory, seed...), never secrets. The smart cache
   * keys on them, so two instances with different answers never share entries.
   * Sources without it are keyed on their name, version and upstream only.
   */
  cacheParams?(): Readonly<Record<string, CacheParamValue>>;
  /**
   * Fetches and writes a bundle through the shared bundle writer
   * (`ingestWithBundleWriter` in `bundle-bridge.ts`).
   */
  ingestToBundle(bundleName: string, options: IngestOptions): Promise<IngestSummary>;
}

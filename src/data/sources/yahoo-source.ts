import { utcOffsetAt } from '../../calendar/zoned-time.js';
import { utcDay } from '../../calendar/session-label.js';
import { ConfigError, DataError, RustybtError } from '../../errors/index.js';
import type { Frequency } from '../bar-frame.js';
import type { IssueLog } from '../validation/index.js';
import { BarRows } from '../validation/index.js';
import { systemClock, type Clock } from './clock.js';
import { DataSourceBase } from './data-source-base.js';
import { FetchCollector } from './fetch-collector.js';
import type {
  CacheParamValue,
  CorporateActions,
  FetchOptions,
  FetchResult,
  SourceMetadata,
} from './data-source.js';
import { jsonNumberToUnits } from './decimal-units.js';
import { HttpStatusError, NetworkError, parseRetryAfter } from './http-error.js';
import { TokenBucket } from './rate-limiter.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry.js';
import { SeededRandom } from './seeded-random.js';

/** Price decimals of yfinance frames: Yahoo sends float32-rounded prices; 4 places recovers cents and forex pips. */
export const YAHOO_PRICE_SCALE = 4;
/** Decimals of yfinance dividend amounts. */
export const YAHOO_DIVIDEND_SCALE = 6;

const DAY_MS = 86_400_000;
/** Yahoo serves 1m bars for the last 30 days, at most 8 days per request; 1h bars for the last 730 days. */
const LIMITS = {
  '1m': { lookbackDays: 30, chunkDays: 7, interval: '1m', stepMs: 60_000 },
  '1h': { lookbackDays: 730, chunkDays: 365, interval: '1h', stepMs: 3_600_000 },
  '1d': { lookbackDays: undefined, chunkDays: undefined, interval: '1d', stepMs: DAY_MS },
} as const;

/** How to reach Yahoo. */
export interface YahooSourceOptions {
  /** Chart API base URL; `https://query2.finance.yahoo.com` by default (a loopback server in tests). */
  baseUrl?: string;
  /** Time source for the lookback limits and retries. */
  clock?: Clock;
  retry?: RetryPolicy;
  /** Requests per minute this source allows itself; 60 by default (Yahoo publishes no limit). */
  requestsPerMinute?: number;
}

/** The part of Yahoo's chart result this source reads. */
interface ChartObject {
  meta?: { exchangeTimezoneName?: string; gmtoffset?: number; currency?: string };
  timestamp?: number[];
  indicators?: { quote?: Array<Record<string, Array<number | null> | undefined>> };
  events?: {
    dividends?: Record<string, { amount: number; date: number | Date }>;
    splits?: Record<string, { date: number | Date; numerator: number; denominator: number }>;
  };
}

type ChartClient = {
  chart(
    symbol: string,
    query: Record<string, unknown>,
    moduleOptions?: Record<string, unknown>,
  ): Promise<unknown>;
};

/**
 * Yahoo Finance daily, hourly and minute bars with splits and dividends,
 * through `yahoo-finance2`'s `chart()`. yahoo-finance2 builds
 * `https://${YF_QUERY_HOST}/v8/finance/chart/...` and accepts a `fetch`
 * function; this source passes one that sends the request to `baseUrl`
 * (scheme included) through its rate limiter and retries, which is how
 * tests point it at a loopback server.
 */
export class YahooSource extends DataSourceBase {
  /** Registry name. */
  readonly name = 'yfinance';
  readonly #baseUrl: URL;
  readonly #clock: Clock;
  readonly #retry: RetryPolicy;
  readonly #limiter: TokenBucket;
  #client: ChartClient | undefined;

  /** @param options - base URL, clock, retry policy, self-imposed rate */
  constructor(options: YahooSourceOptions = {}) {
    super();
    this.#baseUrl = new URL(options.baseUrl ?? 'https://query2.finance.yahoo.com');
    this.#clock = options.clock ?? systemClock;
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#limiter = new TokenBucket(options.requestsPerMinute ?? 60, 60_000, 5, this.#clock);
  }

  /** Fetches each symbol's chart in windows Yahoo accepts, with splits and dividends. */
  async fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    const limit = LIMITS[frequency];
    if (limit.lookbackDays !== undefined) {
      const earliest = this.#clock.now() - limit.lookbackDays * DAY_MS;
      if (start.getTime() < earliest) {
        throw new ConfigError(
          `Yahoo serves ${frequency} bars only for the last ${limit.lookbackDays} days: start at or after ${new Date(earliest).toISOString()}, or use a coarser frequency.`,
        );
      }
    }
    const client = await this.#chartClient();
    const collector = new FetchCollector(symbols.length, start, end, options);
    const log = collector.log;
    const actions: CorporateActions = { splits: [], dividends: [] };
    for (const symbol of symbols) {
      const raw = new BarRows(symbol, frequency, YAHOO_PRICE_SCALE, 0);
      const endExclusive = end.getTime() + limit.stepMs;
      const chunk = (limit.chunkDays ?? Infinity) * DAY_MS;
      for (let from = start.getTime(); from < endExclusive; from += chunk) {
        const to = Math.min(endExclusive, from + chunk);
        const chart = await this.#chart(client, symbol, frequency, from, to);
        readChart(chart, raw, frequency, actions, log, start.getTime(), end.getTime());
      }
      collector.add(raw);
    }
    return collector.result(actions);
  }

  /** Parameters that change the bars this instance returns (the smart cache keys on them). */
  cacheParams(): Readonly<Record<string, CacheParamValue>> {
    return { baseUrl: this.#baseUrl.href };
  }

  /** Static facts: Yahoo's intraday lookback limits, no key, a self-imposed rate. */
  getMetadata(): SourceMetadata {
    return {
      name: this.name,
      version: '1',
      description: 'Yahoo Finance chart API through yahoo-finance2: bars, splits, dividends.',
      upstream: this.#baseUrl.origin,
      frequencies: ['1d', '1h', '1m'],
      historyLimits: {
        '1d': {},
        '1h': { maxLookbackDays: 730 },
        '1m': { maxLookbackDays: 30, maxSpanDaysPerRequest: 8 },
      },
      rateLimits: [{ requests: 60, perMs: 60_000, tier: 'self-imposed' }],
      auth: { required: false, envVars: [] },
      priceScale: YAHOO_PRICE_SCALE,
      live: false,
    };
  }

  async #chartClient(): Promise<ChartClient> {
    if (this.#client === undefined) {
      const { default: YahooFinance } = await import('yahoo-finance2');
      const client = new YahooFinance({
        YF_QUERY_HOST: this.#baseUrl.host,
        fetch: (input: string | URL | Request, init?: RequestInit) => this.#send(input, init),
        versionCheck: false,
        suppressNotices: ['yahooSurvey'],
        validation: { logErrors: false, logOptionsErrors: false },
        logger: YAHOO_LOGGER,
      });
      this.#client = client as unknown as ChartClient;
    }
    return this.#client;
  }

  /** yahoo-finance2's fetch: rewrites the scheme and host to `baseUrl`, rate limits and retries. */
  #send(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const requested = new URL(input instanceof Request ? input.url : String(input));
    const target = new URL(requested.pathname + requested.search, this.#baseUrl);
    return withRetry(
      async () => {
        await this.#limiter.take();
        let response: Response;
        try {
          response = await fetch(target, {
            headers: init?.headers,
            signal: AbortSignal.timeout(30_000),
          });
        } catch (error) {
          throw new NetworkError(
            `yfinance: request to ${target.origin}${target.pathname} failed: ${error instanceof Error ? error.message : String(error)}. Check the network or try again later.`,
            { cause: error },
          );
        }
        if (response.status === 429 || response.status >= 500) {
          const body = await response.text();
          throw new HttpStatusError(
            `yfinance: ${target.pathname} answered HTTP ${response.status}: ${body.slice(0, 200)}`,
            response.status,
            parseRetryAfter(response.headers.get('retry-after'), this.#clock.now()),
          );
        }
        return response;
      },
      { policy: this.#retry, clock: this.#clock, random: new SeededRandom(0x7a400) },
    );
  }

  async #chart(
    client: ChartClient,
    symbol: string,
    frequency: Frequency,
    from: number,
    to: number,
  ): Promise<ChartObject> {
    try {
      return (await client.chart(symbol, {
        period1: Math.floor(from / 1000),
        period2: Math.floor(to / 1000),
        interval: LIMITS[frequency].interval,
        includePrePost: false,
        events: 'div|split',
        return: 'object',
      })) as ChartObject;
    } catch (error) {
      if (error instanceof RustybtError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new DataError(
        `yfinance: the chart of ${symbol} (${frequency}, ${new Date(from).toISOString()} to ${new Date(to).toISOString()}) could not be read: ${message.slice(0, 300)}`,
        { cause: error },
      );
    }
  }
}

/**
 * yahoo-finance2's logger: warnings and errors go to stderr, chatter is
 * dropped. Its runtime check asks for Node 22 although its package declares
 * Node >= 20; this source is tested on Node 20, so that one warning is dropped.
 */
const YAHOO_LOGGER = {
  info: (): void => undefined,
  debug: (): void => undefined,
  dir: (): void => undefined,
  warn: (...args: unknown[]): void => {
    const text = args.map(String).join(' ');
    if (!text.includes('Unsupported environment: Requires Node')) process.stderr.write(`${text}\n`);
  },
  error: (...args: unknown[]): void => {
    process.stderr.write(`${args.map(String).join(' ')}\n`);
  },
};

function readChart(
  chart: ChartObject,
  raw: BarRows,
  frequency: Frequency,
  actions: CorporateActions,
  log: IssueLog,
  start: number,
  end: number,
): void {
  const symbol = raw.symbol;
  const zone = chart.meta?.exchangeTimezoneName;
  const fixedOffset = (chart.meta?.gmtoffset ?? 0) * 1000;
  const label = (instant: number): number =>
    utcDay(instant + (zone === undefined ? fixedOffset : utcOffsetAt(zone, instant)));
  const times = chart.timestamp ?? [];
  const quote = chart.indicators?.quote?.[0] ?? {};
  const column = (name: string): Array<number | null> => {
    const values = quote[name];
    if (values === undefined || values.length !== times.length) {
      throw new DataError(
        `yfinance: ${symbol}: the response has ${times.length} timestamps but ${values?.length ?? 0} ${name} values; Yahoo's format may have changed.`,
      );
    }
    return values;
  };
  if (times.length > 0) {
    const [open, high, low, close, volume] = ['open', 'high', 'low', 'close', 'volume'].map(column);
    for (let i = 0; i < times.length; i++) {
      const instant = times[i] * 1000;
      const at = frequency === '1d' ? label(instant) : instant;
      if (at < start || at > end) continue;
      if (open[i] === null || high[i] === null || low[i] === null || close[i] === null) {
        log.record({
          symbol,
          timestamp: at,
          row: i,
          problem: 'missing-value',
          action: 'dropped',
          detail: 'Yahoo sent null prices for this bar',
        });
        continue;
      }
      raw.push(
        at,
        jsonNumberToUnits(open[i], YAHOO_PRICE_SCALE),
        jsonNumberToUnits(high[i], YAHOO_PRICE_SCALE),
        jsonNumberToUnits(low[i], YAHOO_PRICE_SCALE),
        jsonNumberToUnits(close[i], YAHOO_PRICE_SCALE),
        volume[i] === null ? 0 : jsonNumberToUnits(volume[i], 0),
        i,
      );
    }
  }
  const seconds = (date: number | Date): number =>
    date instanceof Date ? date.getTime() : date * 1000;
  for (const split of Object.values(chart.events?.splits ?? {})) {
    const exDate = label(seconds(split.date));
    if (exDate < utcDay(start) || exDate > end) continue;
    actions.splits.push({
      symbol,
      exDate,
      numerator: split.numerator,
      denominator: split.denominator,
    });
  }
  for (const dividend of Object.values(chart.events?.dividends ?? {})) {
    const exDate = label(seconds(dividend.date));
    if (exDate < utcDay(start) || exDate > end) continue;
    actions.dividends.push({
      symbol,
      exDate,
      amount: jsonNumberToUnits(dividend.amount, YAHOO_DIVIDEND_SCALE),
      scale: YAHOO_DIVIDEND_SCALE,
      currency: chart.meta?.currency,
    });
  }
}

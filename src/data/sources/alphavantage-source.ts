import { utcDay } from '../../calendar/session-label.js';
import { zonedTimeToUtc } from '../../calendar/zoned-time.js';
import { DataError } from '../../errors/index.js';
import type { Frequency } from '../bar-frame.js';
import { BarRows } from '../validation/index.js';
import { requireEnv } from './api-key.js';
import { systemClock, type Clock } from './clock.js';
import { DataSourceBase } from './data-source-base.js';
import { FetchCollector } from './fetch-collector.js';
import type {
  CacheParamValue,
  FetchOptions,
  FetchResult,
  RateLimit,
  SourceMetadata,
} from './data-source.js';
import { decimalTextToUnits } from './decimal-units.js';
import { HttpClient } from './http-client.js';
import { HttpStatusError } from './http-error.js';
import { bucketForTier, tierLimit } from './rate-tiers.js';
import type { RetryPolicy } from './retry.js';

/** Price decimals of alphavantage frames: its text prices carry 4 decimals. */
export const ALPHAVANTAGE_PRICE_SCALE = 4;
/** Environment variables the key is read from, in order. */
export const ALPHAVANTAGE_ENV_VARS = ['ALPHAVANTAGE_API_KEY', 'ALPHA_VANTAGE_API_KEY'] as const;

/** Documented plans: free is 5 requests a minute (and 25 a day); premium plans by requests per minute. */
export const ALPHAVANTAGE_TIERS: readonly RateLimit[] = [
  { tier: 'free', requests: 5, perMs: 60_000 },
  { tier: 'premium-75', requests: 75, perMs: 60_000 },
  { tier: 'premium-150', requests: 150, perMs: 60_000 },
  { tier: 'premium-300', requests: 300, perMs: 60_000 },
  { tier: 'premium-600', requests: 600, perMs: 60_000 },
  { tier: 'premium-1200', requests: 1200, perMs: 60_000 },
];

const INTERVAL: Record<'1h' | '1m', { name: string; ms: number }> = {
  '1h': { name: '60min', ms: 3_600_000 },
  '1m': { name: '1min', ms: 60_000 },
};

/** How to reach Alpha Vantage. */
export interface AlphaVantageSourceOptions {
  /** `https://www.alphavantage.co` by default. */
  baseUrl?: string;
  /** The key; read from `ALPHAVANTAGE_API_KEY` when omitted. */
  apiKey?: string;
  /** `free` (default: compact daily history, the last 100 sessions) or a premium tier (full history). */
  tier?: string;
  env?: Readonly<Record<string, string | undefined>>;
  clock?: Clock;
  retry?: RetryPolicy;
}

type Series = Record<string, Record<string, string | undefined> | undefined>;

/**
 * Daily and intraday stock bars from Alpha Vantage's `query` endpoint
 * (`TIME_SERIES_DAILY`, `TIME_SERIES_INTRADAY` month by month). Prices arrive
 * as decimal text and are read exactly. Alpha Vantage reports rate limits in a
 * 200 answer (`Note` or `Information`); the per-minute one is retried after a
 * minute, the daily one fails at once.
 */
export class AlphaVantageSource extends DataSourceBase {
  /** Registry name. */
  readonly name = 'alphavantage';
  readonly #options: AlphaVantageSourceOptions;
  #http: HttpClient | undefined;

  /** @param options - base URL, key, tier */
  constructor(options: AlphaVantageSourceOptions = {}) {
    super();
    this.#options = options;
    tierLimit('alphavantage', ALPHAVANTAGE_TIERS, options.tier);
  }

  /** Fetches each symbol's series and keeps bars in `[start, end]`. */
  async fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    const http = this.#client();
    const collector = new FetchCollector(symbols.length, start, end, options);
    const premium = (this.#options.tier ?? 'free') !== 'free';
    for (const symbol of symbols) {
      const raw = new BarRows(symbol, frequency, ALPHAVANTAGE_PRICE_SCALE, 0);
      const requests: Array<Record<string, string>> =
        frequency === '1d'
          ? [{ function: 'TIME_SERIES_DAILY', outputsize: premium ? 'full' : 'compact' }]
          : monthsBetween(start, end).map((month) => ({
              function: 'TIME_SERIES_INTRADAY',
              interval: INTERVAL[frequency].name,
              month,
              outputsize: 'full',
              extended_hours: 'false',
            }));
      let row = 0;
      for (const request of requests) {
        const { body } = await http.getJson(
          '/query',
          { ...request, symbol, datatype: 'json' },
          options.signal,
        );
        const response = body as Record<string, unknown>;
        const seriesKey = Object.keys(response).find((key) => key.startsWith('Time Series'));
        if (seriesKey === undefined) {
          throw new DataError(
            `alphavantage: no time series for ${symbol}: ${JSON.stringify(body).slice(0, 200)}`,
          );
        }
        const zone = timeZoneOf(response['Meta Data']);
        const series = response[seriesKey] as Series;
        for (const stamp of Object.keys(series).sort()) {
          const bar = series[stamp] ?? {};
          const at = barStart(stamp, frequency, zone);
          row++;
          if (at < start.getTime() || at > end.getTime()) continue;
          raw.push(
            at,
            decimalTextToUnits(bar['1. open'] ?? '', ALPHAVANTAGE_PRICE_SCALE),
            decimalTextToUnits(bar['2. high'] ?? '', ALPHAVANTAGE_PRICE_SCALE),
            decimalTextToUnits(bar['3. low'] ?? '', ALPHAVANTAGE_PRICE_SCALE),
            decimalTextToUnits(bar['4. close'] ?? '', ALPHAVANTAGE_PRICE_SCALE),
            decimalTextToUnits(bar['5. volume'] ?? '', 0),
            row,
          );
        }
      }
      collector.add(raw);
    }
    return collector.result();
  }

  /** Parameters that change the bars this instance returns (the smart cache keys on them). */
  cacheParams(): Readonly<Record<string, CacheParamValue>> {
    return { baseUrl: this.#options.baseUrl ?? null };
  }

  /** Static facts: key in `ALPHAVANTAGE_API_KEY`, 5 requests a minute and 25 a day free. */
  getMetadata(): SourceMetadata {
    return {
      name: this.name,
      version: '1',
      description: 'Alpha Vantage TIME_SERIES_DAILY and TIME_SERIES_INTRADAY (month by month).',
      upstream: this.#options.baseUrl ?? 'https://www.alphavantage.co',
      frequencies: ['1d', '1h', '1m'],
      historyLimits: {
        '1d': { maxBarsPerRequest: 100 },
        '1h': { maxSpanDaysPerRequest: 31 },
        '1m': { maxSpanDaysPerRequest: 31 },
      },
      rateLimits: [...ALPHAVANTAGE_TIERS],
      auth: { required: true, envVars: [...ALPHAVANTAGE_ENV_VARS] },
      priceScale: ALPHAVANTAGE_PRICE_SCALE,
      live: false,
    };
  }

  #client(): HttpClient {
    if (this.#http === undefined) {
      const apiKey =
        this.#options.apiKey ??
        requireEnv(ALPHAVANTAGE_ENV_VARS, 'alphavantage', this.#options.env);
      const clock = this.#options.clock ?? systemClock;
      this.#http = new HttpClient({
        baseUrl: this.#options.baseUrl ?? 'https://www.alphavantage.co',
        sourceName: 'alphavantage',
        rateLimiter: bucketForTier('alphavantage', ALPHAVANTAGE_TIERS, this.#options.tier, clock),
        clock,
        retry: this.#options.retry,
        defaultQuery: { apikey: apiKey }, // Alpha Vantage takes the key in the query only
        secretParams: ['apikey'],
        inspect: throwOnProviderMessage,
      });
    }
    return this.#http;
  }
}

/** Alpha Vantage's in-band errors: `Error Message`, and rate limits in `Note` or `Information`. */
function throwOnProviderMessage(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const record = body as Record<string, unknown>;
  const error = record['Error Message'];
  if (typeof error === 'string') throw new DataError(`alphavantage: ${error}`);
  const note = record.Note ?? record.Information;
  if (
    typeof note === 'string' &&
    !Object.keys(record).some((key) => key.startsWith('Time Series'))
  ) {
    if (/per day|premium endpoint/i.test(note)) {
      throw new DataError(
        `alphavantage: ${note} (not retried: wait for the next day or upgrade the plan).`,
      );
    }
    throw new HttpStatusError(`alphavantage: rate limited: ${note}`, 429, 60_000);
  }
}

function timeZoneOf(meta: unknown): string {
  if (typeof meta === 'object' && meta !== null) {
    for (const [key, value] of Object.entries(meta)) {
      if (key.endsWith('Time Zone') && typeof value === 'string') return value;
    }
  }
  return 'US/Eastern';
}

/**
 * Bar start of an Alpha Vantage stamp: the session label for daily bars; for
 * intraday, the stamp is read as the bar's end in the series' time zone.
 */
function barStart(stamp: string, frequency: Frequency, zone: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(stamp);
  if (match === null) return NaN;
  const label = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (frequency === '1d') return label;
  const minutes = Number(match[4] ?? 0) * 60 + Number(match[5] ?? 0);
  return zonedTimeToUtc(zone, utcDay(label), minutes) - INTERVAL[frequency].ms;
}

function monthsBetween(start: Date, end: Date): string[] {
  const months: string[] = [];
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth();
  while (
    year < end.getUTCFullYear() ||
    (year === end.getUTCFullYear() && month <= end.getUTCMonth())
  ) {
    months.push(`${year}-${String(month + 1).padStart(2, '0')}`);
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
  return months;
}

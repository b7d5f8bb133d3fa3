import { utcDay } from '../../calendar/session-label.js';
import { utcOffsetAt } from '../../calendar/zoned-time.js';
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
import { jsonNumberToUnits } from './decimal-units.js';
import { HttpClient } from './http-client.js';
import { bucketForTier, tierLimit } from './rate-tiers.js';
import { dailyDates } from './request-range.js';
import type { RetryPolicy } from './retry.js';

/** Price decimals of polygon frames: US equities trade in at most 4 decimals. */
export const POLYGON_PRICE_SCALE = 4;
/** Volume decimals: polygon sends volumes as JSON numbers, fractional for crypto and forex. */
export const POLYGON_VOLUME_SCALE = 4;
/** Environment variables the key is read from, in order. */
export const POLYGON_ENV_VARS = ['POLYGON_API_KEY'] as const;

/** Documented plans: the free plan allows 5 requests a minute; paid plans are unlimited (we keep 100/s). */
export const POLYGON_TIERS: readonly RateLimit[] = [
  { tier: 'free', requests: 5, perMs: 60_000 },
  { tier: 'paid', requests: 100, perMs: 1_000 },
];

const TIMESPAN: Record<Frequency, string> = { '1d': 'day', '1h': 'hour', '1m': 'minute' };

/** How to reach polygon.io. */
export interface PolygonSourceOptions {
  /** `https://api.polygon.io` by default. */
  baseUrl?: string;
  /** The key; read from `POLYGON_API_KEY` when omitted. */
  apiKey?: string;
  /** `free` (default) or `paid`. */
  tier?: string;
  /** Split-adjusted bars (polygon's `adjusted=true`, the default) or raw ones. */
  adjusted?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
  clock?: Clock;
  retry?: RetryPolicy;
}

/** The aggregates response fields this source reads. */
interface PolygonAggregates {
  status?: string;
  results?: Array<{ t?: number; o?: number; h?: number; l?: number; c?: number; v?: number }>;
  next_url?: string;
}

/**
 * US stock, option, forex and crypto bars from polygon.io's aggregates
 * endpoint (`/v2/aggs/ticker/{ticker}/range/1/{timespan}/{from}/{to}`),
 * following `next_url` pages. Daily bars are stamped by polygon at midnight
 * New York time; they are labelled with that date, and asked for by date
 * (`from`/`to` as `YYYY-MM-DD`, whole days inclusive), so the range's last
 * session is included.
 */
export class PolygonSource extends DataSourceBase {
  /** Registry name. */
  readonly name = 'polygon';
  readonly #options: PolygonSourceOptions;
  #http: HttpClient | undefined;

  /** @param options - base URL, key, tier, adjustment */
  constructor(options: PolygonSourceOptions = {}) {
    super();
    this.#options = options;
    tierLimit('polygon', POLYGON_TIERS, options.tier);
  }

  /** Fetches each ticker's aggregates over `[start, end]`. */
  async fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    const http = this.#client();
    const collector = new FetchCollector(symbols.length, start, end, options);
    // Daily bars are stamped at New York midnight (04:00 or 05:00 UTC), after `end` (00:00 UTC):
    // ask by date, which polygon documents as the whole day; intraday by millisecond bounds.
    const { from, to } =
      frequency === '1d'
        ? dailyDates(start, end)
        : { from: String(start.getTime()), to: String(end.getTime()) };
    for (const symbol of symbols) {
      const raw = new BarRows(symbol, frequency, POLYGON_PRICE_SCALE, POLYGON_VOLUME_SCALE);
      let next: string | undefined =
        `/v2/aggs/ticker/${encodeURIComponent(symbol)}/range/1/${TIMESPAN[frequency]}/${from}/${to}`;
      let query: Record<string, string | number | undefined> = {
        adjusted: String(this.#options.adjusted ?? true),
        sort: 'asc',
        limit: 50_000,
      };
      let row = 0;
      while (next !== undefined) {
        const { body } = await http.getJson(next, query, options.signal);
        const page = body as PolygonAggregates;
        if (page.status === 'ERROR' || !Array.isArray(page.results ?? [])) {
          throw new DataError(
            `polygon: unexpected aggregates response for ${symbol}: ${JSON.stringify(body).slice(0, 200)}`,
          );
        }
        for (const bar of page.results ?? []) {
          const t = bar.t ?? NaN;
          const at = frequency === '1d' ? utcDay(t + utcOffsetAt('America/New_York', t)) : t;
          raw.push(
            at,
            jsonNumberToUnits(bar.o, POLYGON_PRICE_SCALE),
            jsonNumberToUnits(bar.h, POLYGON_PRICE_SCALE),
            jsonNumberToUnits(bar.l, POLYGON_PRICE_SCALE),
            jsonNumberToUnits(bar.c, POLYGON_PRICE_SCALE),
            jsonNumberToUnits(bar.v ?? 0, POLYGON_VOLUME_SCALE),
            row++,
          );
        }
        next = page.next_url;
        query = {};
      }
      collector.add(raw);
    }
    return collector.result();
  }

  /** Parameters that change the bars this instance returns (the smart cache keys on them). */
  cacheParams(): Readonly<Record<string, CacheParamValue>> {
    return { baseUrl: this.#options.baseUrl ?? null, adjusted: this.#options.adjusted ?? null };
  }

  /** Static facts: key in `POLYGON_API_KEY`, 5 requests a minute on the free plan. */
  getMetadata(): SourceMetadata {
    return {
      name: this.name,
      version: '1',
      description: 'polygon.io aggregates (v2), split-adjusted by default.',
      upstream: this.#options.baseUrl ?? 'https://api.polygon.io',
      frequencies: ['1d', '1h', '1m'],
      historyLimits: {
        '1d': { maxBarsPerRequest: 50_000 },
        '1h': { maxBarsPerRequest: 50_000 },
        '1m': { maxBarsPerRequest: 50_000 },
      },
      rateLimits: [...POLYGON_TIERS],
      auth: { required: true, envVars: [...POLYGON_ENV_VARS] },
      priceScale: POLYGON_PRICE_SCALE,
      live: false,
    };
  }

  #client(): HttpClient {
    if (this.#http === undefined) {
      const apiKey =
        this.#options.apiKey ?? requireEnv(POLYGON_ENV_VARS, 'polygon', this.#options.env);
      const clock = this.#options.clock ?? systemClock;
      this.#http = new HttpClient({
        baseUrl: this.#options.baseUrl ?? 'https://api.polygon.io',
        sourceName: 'polygon',
        headers: { Authorization: `Bearer ${apiKey}` },
        rateLimiter: bucketForTier('polygon', POLYGON_TIERS, this.#options.tier, clock),
        clock,
        retry: this.#options.retry,
      });
    }
    return this.#http;
  }
}

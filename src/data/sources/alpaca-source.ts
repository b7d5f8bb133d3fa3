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
import { newYorkDailyWindow, rfc3339Seconds } from './request-range.js';
import type { RetryPolicy } from './retry.js';

/** Price decimals of alpaca frames: US equities trade in at most 4 decimals. */
export const ALPACA_PRICE_SCALE = 4;
/** Environment variables holding the key id and the secret. */
export const ALPACA_ENV_VARS = ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'] as const;

/** Documented plans: Basic allows 200 requests a minute, Algo Trader Plus 10,000. */
export const ALPACA_TIERS: readonly RateLimit[] = [
  { tier: 'basic', requests: 200, perMs: 60_000 },
  { tier: 'algo-trader-plus', requests: 10_000, perMs: 60_000 },
];

const TIMEFRAME: Record<Frequency, string> = { '1d': '1Day', '1h': '1Hour', '1m': '1Min' };

/** How to reach Alpaca's market data API. */
export interface AlpacaSourceOptions {
  /** `https://data.alpaca.markets` by default. */
  baseUrl?: string;
  /** Key id; read from `APCA_API_KEY_ID` when omitted. */
  keyId?: string;
  /** Secret; read from `APCA_API_SECRET_KEY` when omitted. */
  secretKey?: string;
  /** `basic` (default) or `algo-trader-plus`. */
  tier?: string;
  /** Data feed: `iex` (free, default) or `sip` (paid). */
  feed?: 'iex' | 'sip';
  /** Corporate-action adjustment: `raw` (default), `split`, `dividend` or `all`. */
  adjustment?: 'raw' | 'split' | 'dividend' | 'all';
  env?: Readonly<Record<string, string | undefined>>;
  clock?: Clock;
  retry?: RetryPolicy;
}

/** The bars response fields this source reads. */
interface AlpacaBars {
  bars?: Array<{ t?: string; o?: number; h?: number; l?: number; c?: number; v?: number }> | null;
  next_page_token?: string | null;
}

/**
 * US stock bars from Alpaca's market data API v2
 * (`/v2/stocks/{symbol}/bars`), following `next_page_token`. Daily bars are
 * stamped at midnight New York time and labelled with that date; the query
 * (`start`/`end`, RFC 3339, both inclusive) spans the range's New York dates
 * so the last session is included.
 */
export class AlpacaSource extends DataSourceBase {
  /** Registry name. */
  readonly name = 'alpaca';
  readonly #options: AlpacaSourceOptions;
  #http: HttpClient | undefined;

  /** @param options - base URL, keys, tier, feed, adjustment */
  constructor(options: AlpacaSourceOptions = {}) {
    super();
    this.#options = options;
    tierLimit('alpaca', ALPACA_TIERS, options.tier);
  }

  /** Fetches each symbol's bars over `[start, end]`. */
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
    // the query spans the New York dates of the range, to the last second of its last day.
    const window =
      frequency === '1d'
        ? newYorkDailyWindow(start, end)
        : { from: start.getTime(), to: end.getTime() };
    const from = rfc3339Seconds(window.from, 'up');
    const to = rfc3339Seconds(window.to, 'down');
    for (const symbol of symbols) {
      const raw = new BarRows(symbol, frequency, ALPACA_PRICE_SCALE, 0);
      let pageToken: string | undefined;
      let row = 0;
      do {
        const { body } = await http.getJson(
          `/v2/stocks/${encodeURIComponent(symbol)}/bars`,
          {
            timeframe: TIMEFRAME[frequency],
            start: from,
            end: to,
            limit: 10_000,
            adjustment: this.#options.adjustment ?? 'raw',
            feed: this.#options.feed ?? 'iex',
            page_token: pageToken,
          },
          options.signal,
        );
        const page = body as AlpacaBars;
        if (page.bars !== undefined && page.bars !== null && !Array.isArray(page.bars)) {
          throw new DataError(
            `alpaca: unexpected bars response for ${symbol}: ${JSON.stringify(body).slice(0, 200)}`,
          );
        }
        for (const bar of page.bars ?? []) {
          const t = Date.parse(bar.t ?? '');
          const at = frequency === '1d' ? utcDay(t + utcOffsetAt('America/New_York', t)) : t;
          raw.push(
            at,
            jsonNumberToUnits(bar.o, ALPACA_PRICE_SCALE),
            jsonNumberToUnits(bar.h, ALPACA_PRICE_SCALE),
            jsonNumberToUnits(bar.l, ALPACA_PRICE_SCALE),
            jsonNumberToUnits(bar.c, ALPACA_PRICE_SCALE),
            jsonNumberToUnits(bar.v ?? 0, 0),
            row++,
          );
        }
        pageToken = page.next_page_token ?? undefined;
      } while (pageToken !== undefined);
      collector.add(raw);
    }
    return collector.result();
  }

  /** Parameters that change the bars this instance returns (the smart cache keys on them). */
  cacheParams(): Readonly<Record<string, CacheParamValue>> {
    const o = this.#options;
    return { baseUrl: o.baseUrl ?? null, feed: o.feed ?? null, adjustment: o.adjustment ?? null };
  }

  /** Static facts: keys in `APCA_API_KEY_ID` and `APCA_API_SECRET_KEY`, 200 requests a minute on Basic. */
  getMetadata(): SourceMetadata {
    return {
      name: this.name,
      version: '1',
      description: 'Alpaca market data v2: US stock bars (IEX feed by default).',
      upstream: this.#options.baseUrl ?? 'https://data.alpaca.markets',
      frequencies: ['1d', '1h', '1m'],
      historyLimits: {
        '1d': { maxBarsPerRequest: 10_000 },
        '1h': { maxBarsPerRequest: 10_000 },
        '1m': { maxBarsPerRequest: 10_000 },
      },
      rateLimits: [...ALPACA_TIERS],
      auth: { required: true, envVars: [...ALPACA_ENV_VARS], all: true },
      priceScale: ALPACA_PRICE_SCALE,
      live: false,
    };
  }

  #client(): HttpClient {
    if (this.#http === undefined) {
      const env = this.#options.env;
      const keyId = this.#options.keyId ?? requireEnv([ALPACA_ENV_VARS[0]], 'alpaca', env);
      const secret = this.#options.secretKey ?? requireEnv([ALPACA_ENV_VARS[1]], 'alpaca', env);
      const clock = this.#options.clock ?? systemClock;
      this.#http = new HttpClient({
        baseUrl: this.#options.baseUrl ?? 'https://data.alpaca.markets',
        sourceName: 'alpaca',
        headers: { 'APCA-API-KEY-ID': keyId, 'APCA-API-SECRET-KEY': secret },
        rateLimiter: bucketForTier('alpaca', ALPACA_TIERS, this.#options.tier, clock),
        clock,
        retry: this.#options.retry,
      });
    }
    return this.#http;
  }
}

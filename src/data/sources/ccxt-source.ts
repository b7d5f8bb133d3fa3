import type * as CcxtModule from 'ccxt';
import type { Exchange, Market } from 'ccxt';

import { ConfigError, DataError, RustybtError } from '../../errors/index.js';
import type { Frequency } from '../bar-frame.js';
import { BarRows } from '../validation/index.js';
import { systemClock, type Clock } from './clock.js';
import { DataSourceBase } from './data-source-base.js';
import { FetchCollector } from './fetch-collector.js';
import type { CacheParamValue, FetchOptions, FetchResult, SourceMetadata } from './data-source.js';
import { jsonNumberToUnits } from './decimal-units.js';
import { CcxtLiveFeed, type PollingPolicy } from './ccxt-live-feed.js';
import { StreamUnavailable, WsCandleStream } from './ccxt-ws-candles.js';
import type { LiveBarFeed, LiveBarRow, LiveBarSource, LiveFeedOptions } from './live-bars.js';
import { TokenBucket } from './rate-limiter.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry.js';
import { SeededRandom } from './seeded-random.js';

const STEP_MS: Record<Frequency, number> = { '1d': 86_400_000, '1h': 3_600_000, '1m': 60_000 };
/** Decimals used when a market states no precision. */
const FALLBACK_SCALE = 8;

/** Which exchange and how to talk to it. */
export interface CcxtSourceOptions {
  /** ccxt exchange id, e.g. `binance`, `kraken`, `coinbase`; `binance` by default. */
  exchange?: string;
  /** Extra ccxt constructor options: `urls` (to point it elsewhere), `options`, `timeout`, keys. */
  exchangeConfig?: Record<string, unknown>;
  /** Bars asked per request; the exchange's own cap applies. 1000 by default. */
  pageSize?: number;
  retry?: RetryPolicy;
  clock?: Clock;
  /** How the live feed polls for closed candles. */
  polling?: PollingPolicy;
  /** Stream live candles over the exchange's websocket where ccxt has `watchOHLCV` (true by default). */
  websocket?: boolean;
}

/**
 * OHLCV bars from any exchange ccxt supports, by exchange id. Ranges are
 * fetched page by page with `fetchOHLCV(symbol, timeframe, since, limit)`,
 * every HTTP request at least the exchange's `rateLimit` ms after the last
 * (on the wire, besides ccxt's own cost-weighted throttle), and
 * retried with backoff on ccxt's network errors (timeouts, 429, maintenance).
 *
 * ccxt hands prices over as JS numbers parsed from the exchange's text; each
 * is turned back into exact units through its shortest decimal text at the
 * market's price precision (tick size), and volume at its amount precision.
 */
export class CcxtSource extends DataSourceBase implements LiveBarSource {
  /** Registry name. */
  readonly name = 'ccxt';
  readonly #exchangeId: string;
  readonly #config: Record<string, unknown>;
  readonly #pageSize: number;
  readonly #retry: RetryPolicy;
  readonly #clock: Clock;
  readonly #polling: PollingPolicy;
  readonly #websocket: boolean;
  #exchange: Exchange | undefined;
  #ccxt: typeof CcxtModule | undefined;

  /** @param options - exchange id, ccxt config, page size, retry policy */
  constructor(options: CcxtSourceOptions = {}) {
    super();
    this.#exchangeId = options.exchange ?? 'binance';
    this.#config = options.exchangeConfig ?? {};
    this.#pageSize = options.pageSize ?? 1000;
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#clock = options.clock ?? systemClock;
    this.#polling = options.polling ?? {};
    this.#websocket = options.websocket ?? true;
  }

  /**
   * Live bars: candles streamed over the exchange's websocket (`watchOHLCV`,
   * where ccxt has it), or fetched with `fetchOHLCV` after each bar closes (by
   * `options.clock`) when the stream does not hold the candle final (no
   * stream, a dropped socket). Units are those of `fetch` (the market's
   * precision), so live bars continue the history without rescaling.
   */
  liveBars(
    symbols: readonly string[],
    frequency: Frequency,
    options: LiveFeedOptions,
  ): LiveBarFeed {
    const stream = this.#websocket ? this.#candleStream(symbols, frequency) : undefined;
    return new CcxtLiveFeed(
      symbols,
      {
        candles: (symbol, since, signal) => this.#candles(symbol, frequency, since, signal),
        isTransient: (error) =>
          this.#ccxt !== undefined &&
          (error instanceof this.#ccxt.NetworkError ||
            (error instanceof DataError && error.cause instanceof this.#ccxt.NetworkError)),
      },
      options.clock,
      this.#polling,
      stream,
    );
  }

  /**
   * A websocket candle stream over ccxt pro's `watchOHLCV`; when this exchange
   * has none, the stream reports itself unavailable and the feed polls REST.
   */
  #candleStream(symbols: readonly string[], frequency: Frequency): WsCandleStream {
    let pro: Promise<Exchange> | undefined;
    const connect = (): Promise<Exchange> =>
      (pro ??= (async () => {
        const ccxt = this.#ccxt ?? (await import('ccxt'));
        this.#ccxt = ccxt;
        const constructors = ccxt.pro as unknown as Record<
          string,
          (new (config: object) => Exchange) | undefined
        >;
        const ProExchange = Object.hasOwn(constructors, this.#exchangeId)
          ? constructors[this.#exchangeId]
          : undefined;
        if (ProExchange === undefined) throw new StreamUnavailable(this.#exchangeId);
        const defaults =
          this.#exchangeId === 'binance' ? { options: { fetchMarkets: { types: ['spot'] } } } : {};
        const exchange = new ProExchange({ enableRateLimit: true, ...defaults, ...this.#config });
        if (exchange.has.watchOHLCV !== true) throw new StreamUnavailable(this.#exchangeId);
        // ccxt opens plain ws:// sockets (a local gateway, a test exchange) only through an http agent.
        await exchange.loadHttpProxyAgent();
        return exchange;
      })());
    const scales = new Map<string, { price: number; volume: number }>();
    return new WsCandleStream(
      {
        watch: async (symbol) => {
          const exchange = await connect();
          const candles = await exchange.watchOHLCV(symbol, frequency);
          if (!scales.has(symbol)) {
            const market = exchange.market(symbol);
            scales.set(symbol, {
              price: this.#scale(market.precision.price),
              volume: this.#scale(market.precision.amount),
            });
          }
          return candles;
        },
        toRow: (symbol, [t, o, h, l, c, v]) => {
          const scale = scales.get(symbol)!;
          return {
            timestamp: t!,
            open: jsonNumberToUnits(o, scale.price),
            high: jsonNumberToUnits(h, scale.price),
            low: jsonNumberToUnits(l, scale.price),
            close: jsonNumberToUnits(c, scale.price),
            volume: jsonNumberToUnits(v ?? 0, scale.volume),
            priceScale: scale.price,
            volumeScale: scale.volume,
          };
        },
        close: async () => {
          if (pro !== undefined) await (await pro.catch(() => undefined))?.close();
        },
      },
      symbols,
    );
  }

  /** The few candles of `symbol` from `since` on, exact units. */
  async #candles(
    symbol: string,
    frequency: Frequency,
    since: number,
    signal: AbortSignal | undefined,
  ): Promise<LiveBarRow[]> {
    const exchange = await this.#connect();
    await this.#call(() => exchange.loadMarkets(), 'loading markets', signal);
    const market = ((exchange.markets ?? {}) as Record<string, Market | undefined>)[symbol];
    if (market === undefined) {
      throw new DataError(
        `ccxt ${this.#exchangeId}: no market '${symbol}'; use the unified form BASE/QUOTE, e.g. BTC/USDT.`,
      );
    }
    const priceScale = this.#scale(market.precision.price);
    const volumeScale = this.#scale(market.precision.amount);
    const page = await this.#call(
      () => this.#page(exchange, symbol, frequency, since, since + 2 * STEP_MS[frequency]),
      `polling ${symbol} ${frequency} at ${new Date(since).toISOString()}`,
      signal,
    );
    return page.flatMap(([t, o, h, l, c, v]) =>
      t === undefined
        ? []
        : [
            {
              timestamp: t,
              open: jsonNumberToUnits(o, priceScale),
              high: jsonNumberToUnits(h, priceScale),
              low: jsonNumberToUnits(l, priceScale),
              close: jsonNumberToUnits(c, priceScale),
              volume: jsonNumberToUnits(v ?? 0, volumeScale),
              priceScale,
              volumeScale,
            },
          ],
    );
  }

  /** Fetches each symbol (ccxt unified, e.g. `BTC/USDT`) page by page over `[start, end]`. */
  async fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    const exchange = await this.#connect();
    if (exchange.has.fetchOHLCV !== true && exchange.has.fetchOHLCV !== 'emulated') {
      throw new ConfigError(
        `ccxt exchange '${this.#exchangeId}' does not offer OHLCV bars; choose another exchange.`,
      );
    }
    await this.#call(() => exchange.loadMarkets(), 'loading markets', options.signal);
    const collector = new FetchCollector(symbols.length, start, end, options);
    for (const symbol of symbols) {
      const markets = (exchange.markets ?? {}) as Record<string, Market | undefined>;
      const market = markets[symbol];
      if (market === undefined) {
        throw new DataError(
          `ccxt ${this.#exchangeId}: no market '${symbol}'; use the unified form BASE/QUOTE, e.g. BTC/USDT.`,
        );
      }
      const priceScale = this.#scale(market.precision.price);
      const volumeScale = this.#scale(market.precision.amount);
      const raw = new BarRows(symbol, frequency, priceScale, volumeScale);
      let since = start.getTime();
      let row = 0;
      while (since <= end.getTime()) {
        const page = await this.#call(
          () => this.#page(exchange, symbol, frequency, since, end.getTime()),
          `fetching ${symbol} ${frequency} from ${new Date(since).toISOString()}`,
          options.signal,
        );
        let last = -Infinity;
        for (const [t, o, h, l, c, v] of page) {
          if (t === undefined || t < since || t > end.getTime()) continue;
          raw.push(
            t,
            jsonNumberToUnits(o, priceScale),
            jsonNumberToUnits(h, priceScale),
            jsonNumberToUnits(l, priceScale),
            jsonNumberToUnits(c, priceScale),
            jsonNumberToUnits(v ?? 0, volumeScale),
            row++,
          );
          last = Math.max(last, t);
        }
        if (last === -Infinity) break;
        since = last + STEP_MS[frequency];
      }
      collector.add(raw);
    }
    return collector.result();
  }

  /**
   * One page of bars. ccxt answers an unparsable body with an empty list, so
   * the raw response is checked: a body that is not JSON is an error, not "no bars".
   */
  async #page(
    exchange: Exchange,
    symbol: string,
    frequency: Frequency,
    since: number,
    until: number,
  ): Promise<Awaited<ReturnType<Exchange['fetchOHLCV']>>> {
    exchange.last_json_response = undefined;
    exchange.last_http_response = undefined;
    const page = await exchange.fetchOHLCV(symbol, frequency, since, this.#pageSize, { until });
    const body: unknown = exchange.last_http_response;
    if (
      exchange.last_json_response === undefined &&
      typeof body === 'string' &&
      body.trim() !== ''
    ) {
      throw new DataError(
        `ccxt ${this.#exchangeId}: the OHLCV response for ${symbol} is not JSON (${body.slice(0, 120)}); the exchange may be down or changed its format.`,
      );
    }
    return page;
  }

  /** Parameters that change the bars this instance returns (the smart cache keys on them). */
  cacheParams(): Readonly<Record<string, CacheParamValue>> {
    return { exchange: this.#exchangeId };
  }

  /** Static facts; the rate limit is the exchange's `rateLimit` once connected (else ccxt's default for binance, 50 ms). */
  getMetadata(): SourceMetadata {
    const rateLimitMs = this.#exchange?.rateLimit ?? 50;
    return {
      name: this.name,
      version: '1',
      description: `Any ccxt exchange (here '${this.#exchangeId}'): paginated fetchOHLCV.`,
      upstream: this.#exchangeId,
      frequencies: ['1d', '1h', '1m'],
      historyLimits: {
        '1d': { maxBarsPerRequest: this.#pageSize },
        '1h': { maxBarsPerRequest: this.#pageSize },
        '1m': { maxBarsPerRequest: this.#pageSize },
      },
      rateLimits: [{ requests: 1, perMs: rateLimitMs, tier: 'exchange rateLimit' }],
      auth: { required: false, envVars: [] },
      priceScale: 'detected',
      live: true,
    };
  }

  async #connect(): Promise<Exchange> {
    if (this.#exchange !== undefined) return this.#exchange;
    const ccxt = await import('ccxt');
    this.#ccxt = ccxt;
    const constructors = ccxt as unknown as Record<
      string,
      (new (config: object) => Exchange) | undefined
    >;
    const ExchangeClass = Object.hasOwn(ccxt.exchanges, this.#exchangeId)
      ? constructors[this.#exchangeId]
      : undefined;
    if (ExchangeClass === undefined) {
      throw new ConfigError(
        `Unknown ccxt exchange '${this.#exchangeId}': use an id from ccxt.exchanges, e.g. binance, kraken, coinbase.`,
      );
    }
    const defaults =
      this.#exchangeId === 'binance' ? { options: { fetchMarkets: { types: ['spot'] } } } : {};
    this.#exchange = new ExchangeClass({
      enableRateLimit: true,
      enableLastJsonResponse: true,
      enableLastHttpResponse: true,
      ...defaults,
      ...this.#config,
    });
    // Space every request on the wire by rateLimit, under ccxt's throttle.
    const exchange = this.#exchange;
    const spacing = new TokenBucket(1, Math.max(1, Number(exchange.rateLimit)), 1, this.#clock);
    const inner =
      (this.#config.fetchImplementation as typeof fetch | undefined) ?? globalThis.fetch;
    exchange.fetchImplementation = async (input: string | URL | Request, init?: RequestInit) => {
      await spacing.take();
      return inner(input, init);
    };
    return this.#exchange;
  }

  /** Runs a ccxt call, retrying its network errors; anything else becomes a DataError. */
  async #call<T>(
    operation: () => Promise<T>,
    what: string,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const ccxt = this.#ccxt;
    const rateLimit = this.#exchange?.rateLimit ?? 0;
    try {
      return await withRetry(operation, {
        policy: { ...this.#retry, baseDelayMs: Math.max(this.#retry.baseDelayMs, rateLimit) },
        clock: this.#clock,
        random: new SeededRandom(0xcc47),
        isRetryable: (error) => ccxt !== undefined && error instanceof ccxt.NetworkError,
        signal,
      });
    } catch (error) {
      if (error instanceof RustybtError) throw error;
      const message =
        error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
      throw new DataError(`ccxt ${this.#exchangeId}: ${what} failed: ${message.slice(0, 300)}`, {
        cause: error,
      });
    }
  }

  /** Decimal places of a market precision, in the exchange's precision mode. */
  #scale(precision: number | undefined): number {
    if (precision === undefined || !Number.isFinite(precision) || precision <= 0)
      return FALLBACK_SCALE;
    const ccxt = this.#ccxt;
    if (ccxt !== undefined && this.#exchange?.precisionMode === ccxt.functions.DECIMAL_PLACES) {
      return Math.min(18, Math.round(precision));
    }
    for (let k = 0; k <= 12; k++) {
      const scaled = precision * 10 ** k;
      if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return k;
    }
    return FALLBACK_SCALE;
  }
}

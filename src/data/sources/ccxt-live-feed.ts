import { DataError } from '../../errors/index.js';
import type { Clock } from './clock.js';
import type { WsCandleStream } from './ccxt-ws-candles.js';
import type { FeedConnection, LiveBarFeed, LiveBarRow } from './live-bars.js';

/** What the live feed asks of its exchange: recent candles of a symbol in exact units. */
export interface CandlePoller {
  /** Candles of `symbol` from `since` on (a few), exact units; throws on failure. */
  candles(symbol: string, since: number, signal?: AbortSignal): Promise<LiveBarRow[]>;
  /** True for a failure worth waiting out (network, 429, 5xx, timeout), false for a bad request. */
  isTransient(error: unknown): boolean;
}

/** How patient the feed is. */
export interface PollingPolicy {
  /** Times to ask again when the exchange has not published a closed candle yet. 3 by default. */
  lateRetries?: number;
  /** Wait between those asks, ms. 2,000 by default. */
  lateDelayMs?: number;
  /** Wait between attempts while the exchange is unreachable, ms. 5,000 by default. */
  outageDelayMs?: number;
  /** Longest outage tolerated before the run stops with a DataError, ms. 15 minutes by default. */
  maxOutageMs?: number;
}

/**
 * Closed bars from an exchange: from its websocket stream when one is given
 * and holds the candle final, else by REST polling: once the live clock says
 * a bar has closed, each symbol's candle at that time is fetched. A candle the
 * exchange has not published yet is asked for again a few times; when a later
 * candle exists and this one does not, the symbol printed no bar. While the
 * exchange is unreachable (network errors, 429, 5xx, timeouts, each already
 * retried with backoff by the source) the feed reports `reconnecting` and
 * keeps trying, so no bar is skipped; past `maxOutageMs` it gives up.
 */
export class CcxtLiveFeed implements LiveBarFeed {
  readonly symbols: readonly string[];
  private readonly poller: CandlePoller;
  private readonly clock: Clock;
  private readonly policy: Required<PollingPolicy>;
  private readonly stream: WsCandleStream | undefined;
  private state: FeedConnection = 'polling';
  /** Candles fetched by REST polling (the others came from the stream). */
  polled = 0;

  constructor(
    symbols: readonly string[],
    poller: CandlePoller,
    clock: Clock,
    policy: PollingPolicy = {},
    stream?: WsCandleStream,
  ) {
    this.symbols = [...symbols];
    this.stream = stream;
    this.poller = poller;
    this.clock = clock;
    this.policy = {
      lateRetries: policy.lateRetries ?? 3,
      lateDelayMs: policy.lateDelayMs ?? 2_000,
      outageDelayMs: policy.outageDelayMs ?? 5_000,
      maxOutageMs: policy.maxOutageMs ?? 15 * 60_000,
    };
  }

  async closedBars(
    barStart: number,
    _barClose: number,
    signal?: AbortSignal,
  ): Promise<(LiveBarRow | undefined)[]> {
    const rows: (LiveBarRow | undefined)[] = [];
    for (const symbol of this.symbols) rows.push(await this.closedBar(symbol, barStart, signal));
    return rows;
  }

  connection(): FeedConnection {
    if (this.state === 'closed' || this.state === 'reconnecting') return this.state;
    return this.stream === undefined ? 'polling' : this.stream.state();
  }

  /** The websocket stream, when there is one. */
  get candleStream(): WsCandleStream | undefined {
    return this.stream;
  }

  async close(): Promise<void> {
    this.state = 'closed';
    await this.stream?.close();
  }

  private async closedBar(
    symbol: string,
    barStart: number,
    signal: AbortSignal | undefined,
  ): Promise<LiveBarRow | undefined> {
    const streamed = this.stream?.finalCandle(symbol, barStart);
    if (streamed !== undefined) return streamed;
    this.polled++;
    for (let attempt = 0; ; attempt++) {
      const candles = await this.reachable(symbol, barStart, signal);
      const candle = candles.find((row) => row.timestamp === barStart);
      if (candle !== undefined) return candle;
      if (candles.some((row) => row.timestamp > barStart)) return undefined;
      if (attempt >= this.policy.lateRetries) return undefined;
      await this.clock.sleep(this.policy.lateDelayMs, signal);
    }
  }

  /** Polls until the exchange answers, waiting out transient failures. */
  private async reachable(
    symbol: string,
    since: number,
    signal: AbortSignal | undefined,
  ): Promise<LiveBarRow[]> {
    const started = this.clock.now();
    for (;;) {
      try {
        const candles = await this.poller.candles(symbol, since, signal);
        this.state = 'polling';
        return candles;
      } catch (error) {
        signal?.throwIfAborted();
        if (!this.poller.isTransient(error)) throw error;
        this.state = 'reconnecting';
        if (this.clock.now() - started > this.policy.maxOutageMs) {
          throw new DataError(
            `The exchange has been unreachable for ${Math.round(this.policy.maxOutageMs / 60_000)} minutes while fetching ${symbol}; stopping. Restart the session to resume from the journal.`,
            { cause: error },
          );
        }
        await this.clock.sleep(this.policy.outageDelayMs, signal);
      }
    }
  }
}

import { systemClock, type Clock } from './clock.js';
import type { LiveBarRow } from './live-bars.js';

/** Thrown by a watcher whose exchange has no websocket candles: the feed polls REST only. */
export class StreamUnavailable extends Error {
  /** @param exchange - the exchange id */
  constructor(exchange: string) {
    super(`ccxt has no websocket candles (watchOHLCV) for ${exchange}; polling REST instead.`);
  }
}

/** A raw ccxt candle: `[timestamp, open, high, low, close, volume]`. */
export type RawCandle = readonly (number | undefined)[];

/** What the stream needs of a ccxt pro exchange. */
export interface CandleWatcher {
  /** Resolves with the candles updated since the last call (ccxt `watchOHLCV`); rejects when the socket drops. */
  watch(symbol: string): Promise<RawCandle[]>;
  /** Exact units of a raw candle of `symbol`. */
  toRow(symbol: string, candle: RawCandle): LiveBarRow;
  /** Closes the sockets. */
  close(): Promise<void>;
}

/**
 * Candles streamed over the exchange's websocket (`watchOHLCV`), kept per
 * symbol and time as they update. A candle is final once a later candle of
 * the same symbol has arrived (the exchange moved on); until then the feed
 * polls REST for it instead. A dropped socket is reopened with backoff and
 * reported as `reconnecting`; the bars of the outage come from REST polling.
 */
export class WsCandleStream {
  /** Candles taken from the stream (for status and tests). */
  streamed = 0;
  /** Times the socket dropped. */
  disconnects = 0;
  private readonly watcher: CandleWatcher;
  private readonly symbols: readonly string[];
  private readonly wall: Clock;
  private readonly candles = new Map<string, Map<number, RawCandle>>();
  private readonly latest = new Map<string, number>();
  private readonly down = new Set<string>();
  private closed = false;
  private unavailable = false;

  /**
   * @param wall - the real clock, for reconnect backoff (the socket lives in real time)
   */
  constructor(watcher: CandleWatcher, symbols: readonly string[], wall: Clock = systemClock) {
    this.watcher = watcher;
    this.symbols = symbols;
    this.wall = wall;
    for (const symbol of symbols) {
      this.candles.set(symbol, new Map());
      void this.pump(symbol);
    }
  }

  /** The final candle of `symbol` at `barStart`, when the stream has it; undefined otherwise. */
  finalCandle(symbol: string, barStart: number): LiveBarRow | undefined {
    const bySymbol = this.candles.get(symbol);
    if (bySymbol === undefined) return undefined;
    for (const time of bySymbol.keys()) if (time < barStart) bySymbol.delete(time);
    const candle = bySymbol.get(barStart);
    if (candle === undefined || !((this.latest.get(symbol) ?? -Infinity) > barStart)) {
      return undefined;
    }
    this.streamed++;
    return this.watcher.toRow(symbol, candle);
  }

  /** `connected` while every symbol's socket is up, `reconnecting` while one is down, `polling` without a stream. */
  state(): 'connected' | 'reconnecting' | 'polling' {
    if (this.unavailable) return 'polling';
    return this.down.size === 0 ? 'connected' : 'reconnecting';
  }

  /** Stops streaming and closes the sockets. */
  async close(): Promise<void> {
    this.closed = true;
    await this.watcher.close();
  }

  private async pump(symbol: string): Promise<void> {
    let backoff = 250;
    while (!this.closed) {
      try {
        const updates = await this.watcher.watch(symbol);
        this.down.delete(symbol);
        backoff = 250;
        const bySymbol = this.candles.get(symbol)!;
        for (const candle of updates) {
          const time = candle[0];
          if (time === undefined) continue;
          bySymbol.set(time, candle);
          if (time > (this.latest.get(symbol) ?? -Infinity)) this.latest.set(symbol, time);
        }
      } catch (error) {
        if (this.closed) return;
        if (error instanceof StreamUnavailable) {
          this.unavailable = true;
          return;
        }
        this.disconnects++;
        this.down.add(symbol);
        // What arrived before the drop may lack its last updates: forget it. Each update carries the
        // candle's whole state so far, so a candle seen after the reconnect is complete once a later one arrives.
        this.latest.delete(symbol);
        this.candles.get(symbol)!.clear();
        await this.wall.sleep(backoff).catch(() => undefined);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }
}

import type { TradingCalendar } from '../../calendar/index.js';
import type { Frequency } from '../bar-frame.js';
import type { Clock } from './clock.js';

/** One closed bar of one symbol, exact units at the stated scales (as in a `BarFrame`). */
export interface LiveBarRow {
  /** Bar start, UTC epoch ms. */
  readonly timestamp: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  /** Decimal places of the prices. */
  readonly priceScale: number;
  /** Decimal places of the volume. */
  readonly volumeScale: number;
}

/** How a live feed is connected right now, for the status line and the journal. */
export type FeedConnection = 'connected' | 'polling' | 'reconnecting' | 'closed';

/**
 * Closed bars of a set of symbols, asked for one bar time at a time by the
 * live clock (which waits until the bar has closed). A feed never hands over
 * a bar that is still forming.
 */
export interface LiveBarFeed {
  /** The symbols, in the order of the rows returned. */
  readonly symbols: readonly string[];
  /**
   * The closed bar of every symbol starting at `barStart` (undefined for a
   * symbol that printed no bar then), in the order of `symbols`.
   *
   * @param barClose - when the bar closed (UTC epoch ms)
   */
  closedBars(
    barStart: number,
    barClose: number,
    signal?: AbortSignal,
  ): Promise<(LiveBarRow | undefined)[]>;
  /** How the feed is connected now. */
  connection(): FeedConnection;
  /** Stops the feed (closes sockets, timers). */
  close(): Promise<void>;
}

/** What a source needs to open a live feed. */
export interface LiveFeedOptions {
  /** The calendar the bars follow. */
  calendar: TradingCalendar;
  /**
   * First bar start of the start-up history. Seeded sources generate one path
   * from here, so history fetched from the same instant and live bars are one series.
   */
  anchor: number;
  /** What "now" is: the system clock or an accelerated one. */
  clock: Clock;
}

/** A source that streams live bars (`supportsLive()` is true). */
export interface LiveBarSource {
  /** Opens a live feed of closed bars. */
  liveBars(symbols: readonly string[], frequency: Frequency, options: LiveFeedOptions): LiveBarFeed;
}

/** True when `source` can open a live feed. */
export function isLiveBarSource(source: object): source is LiveBarSource {
  return typeof (source as Partial<LiveBarSource>).liveBars === 'function';
}

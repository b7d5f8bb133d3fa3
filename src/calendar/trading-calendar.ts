import type { Frequency } from '../data/bar-frame.js';

/**
 * The sessions of a market: which dates it trades, when each session opens
 * and closes, and where its intraday bars start.
 *
 * A session is named by its label: UTC epoch ms of the session's local date
 * at 00:00 UTC, the same stamp daily bars carry in a `BarFrame`. Opens, closes
 * and bar starts are real instants in UTC epoch ms.
 *
 * Every method throws a `CalendarError` for dates outside
 * `[firstSession, lastSession]`; methods that need a session throw one for a
 * date that is not a session.
 */
export interface TradingCalendar {
  /** Name the calendar is registered under, e.g. `XNYS` or `24/7`. */
  readonly name: string;
  /** IANA time zone the sessions' open and close times are written in. */
  readonly timeZone: string;
  /** Periods per year used to annualize per-session statistics: 252 for exchanges, 365 for 24/7. */
  readonly annualization: number;
  /** Label of the first session the calendar knows. */
  readonly firstSession: number;
  /** Label of the last session the calendar knows. */
  readonly lastSession: number;
  /**
   * Labels of the sessions whose dates fall in `[start, end]`, ascending.
   * `start` and `end` are instants; each is truncated to its UTC date.
   */
  sessionsInRange(start: number, end: number): Float64Array;
  /** Whether the UTC date of `date` is a session. */
  isSession(date: number): boolean;
  /** The first session strictly after the UTC date of `date`. */
  nextSession(date: number): number;
  /** The last session strictly before the UTC date of `date`. */
  previousSession(date: number): number;
  /** Open of a session, UTC epoch ms. */
  sessionOpen(label: number): number;
  /** Close of a session, UTC epoch ms (early closes included). */
  sessionClose(label: number): number;
  /**
   * Start times of the bars of a session at `frequency`, UTC epoch ms: `1d`
   * gives the label itself; `1h` and `1m` give one bar every hour or minute
   * from the open, the last starting before the close (a session of 09:30–16:00
   * has hourly bars at 09:30, 10:30, ..., 15:30, the last one half an hour long).
   */
  barsForSession(label: number, frequency: Frequency): Float64Array;
}

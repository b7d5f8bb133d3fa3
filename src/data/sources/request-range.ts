import { formatSessionLabel, utcDay } from '../../calendar/session-label.js';
import { zonedTimeToUtc } from '../../calendar/zoned-time.js';

const NEW_YORK = 'America/New_York';

/**
 * The instants a provider query must span to return the daily bars labelled
 * `start` to `end` (both inclusive) when the provider stamps each daily bar
 * at some time of its New York trading date (Alpaca and polygon stamp it at
 * New York midnight, 04:00 or 05:00 UTC): from New York midnight of the first
 * date to the last second of the last one. Asking up to `end` itself
 * (00:00 UTC) would miss the last day's bar.
 */
export function newYorkDailyWindow(start: Date, end: Date): { from: number; to: number } {
  return {
    from: zonedTimeToUtc(NEW_YORK, utcDay(start.getTime()), 0),
    to: zonedTimeToUtc(NEW_YORK, utcDay(end.getTime()), 1440) - 1000,
  };
}

/** The `YYYY-MM-DD` dates of a daily range's first and last labels (polygon's date form of `from`/`to`). */
export function dailyDates(start: Date, end: Date): { from: string; to: string } {
  return {
    from: formatSessionLabel(utcDay(start.getTime())),
    to: formatSessionLabel(utcDay(end.getTime())),
  };
}

/**
 * An instant as RFC 3339 in UTC to the second (`2024-01-02T14:30:00Z`), the
 * form Alpaca documents (no fractions of a second): a start rounds up, an
 * end down, so the window never grows.
 */
export function rfc3339Seconds(instant: number, round: 'up' | 'down'): string {
  const seconds = round === 'up' ? Math.ceil(instant / 1000) : Math.floor(instant / 1000);
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

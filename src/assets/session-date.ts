import { ConfigError } from '../errors/index.js';

const DAY_MS = 86_400_000;

/**
 * A session date (`YYYY-MM-DD` or epoch ms) as UTC epoch ms of 00:00, the
 * way daily bars are stamped.
 *
 * @throws ConfigError when the date is malformed.
 */
export function sessionFromDate(value: string | number, what = 'date'): number {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    checkCalendarDate(value, what);
    ms = Date.parse(`${value}T00:00:00Z`);
  } else ms = Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ConfigError(`${what} ${JSON.stringify(value)} is not a date; write YYYY-MM-DD.`);
  }
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * Refuses a `YYYY-MM-DD` (or the date part of an ISO-8601 time) that names no
 * day of the calendar: month 13, February 30, April 31. JavaScript's own
 * parser would roll such a date over into the next month.
 *
 * @throws ConfigError naming `what` (e.g. `--start`), the date and the last day of its month.
 */
export function checkCalendarDate(text: string, what = 'date'): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (match === null) return;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) {
    throw new ConfigError(
      `${what} ${text} is not a date: month ${match[2]} does not exist; write YYYY-MM-DD with a month from 01 to 12.`,
    );
  }
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) {
    throw new ConfigError(
      `${what} ${text} is not a date: ${match[1]}-${match[2]} has days 01 to ${last}.`,
    );
  }
}

/** The session (UTC 00:00) containing the instant `ms`. */
export function sessionOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

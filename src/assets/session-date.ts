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
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) ms = Date.parse(`${value}T00:00:00Z`);
  else ms = Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ConfigError(`${what} ${JSON.stringify(value)} is not a date; write YYYY-MM-DD.`);
  }
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The session (UTC 00:00) containing the instant `ms`. */
export function sessionOf(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

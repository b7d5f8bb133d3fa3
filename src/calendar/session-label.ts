import { CalendarError } from '../errors/index.js';

/** Milliseconds in one UTC day. */
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The session label of a date written `YYYY-MM-DD`: UTC epoch ms of that date
 * at 00:00 UTC, the stamp daily bars carry.
 *
 * @throws CalendarError when the text is not a valid calendar date.
 */
export function sessionLabel(date: string): number {
  const match = ISO_DATE.exec(date);
  if (match !== null) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const label = Date.UTC(year, month - 1, day);
    const back = new Date(label);
    if (back.getUTCMonth() === month - 1 && back.getUTCDate() === day) return label;
  }
  throw new CalendarError(
    `'${date}' is not a date: write session dates as YYYY-MM-DD, e.g. '2024-01-02'.`,
  );
}

/** The `YYYY-MM-DD` text of a session label (or of the UTC date of any instant). */
export function formatSessionLabel(label: number): string {
  const days = Math.floor(label / DAY_MS);
  // 1970-01-01 to 9999-12-31 by arithmetic (results write a date per row and session);
  // any other instant, and NaN (a RangeError), as `Date` writes it.
  if (!(days >= 0 && days < DAYS_TO_YEAR_10000)) return new Date(label).toISOString().slice(0, 10);
  // The proleptic Gregorian date of a day count, in eras of 400 years starting on 1 March.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Days from 1970-01-01 to 10000-01-01, where `YYYY` needs a fifth digit. */
const DAYS_TO_YEAR_10000 = 2_932_897;

/** The UTC date of an instant as a session label: the instant truncated to 00:00 UTC. */
export function utcDay(instant: number): number {
  return Math.floor(instant / DAY_MS) * DAY_MS;
}

/** Day of the week of a label, 0 = Sunday ... 6 = Saturday. */
export function weekday(label: number): number {
  return new Date(label).getUTCDay();
}

/**
 * A session label given as epoch ms or `YYYY-MM-DD` text, as a label.
 *
 * @throws CalendarError when the number is not an integer millisecond instant.
 */
export function toLabel(date: number | string): number {
  if (typeof date === 'string') return sessionLabel(date);
  if (!Number.isSafeInteger(date)) {
    throw new CalendarError(
      `${date} is not a date: pass UTC epoch milliseconds (an integer) or 'YYYY-MM-DD' text.`,
    );
  }
  return date;
}

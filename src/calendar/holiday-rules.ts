import { DAY_MS, weekday } from './session-label.js';

/** Day-of-week numbers as `Date#getUTCDay` returns them. */
export const SUNDAY = 0;
/** Monday. */
export const MONDAY = 1;
/** Tuesday. */
export const TUESDAY = 2;
/** Wednesday. */
export const WEDNESDAY = 3;
/** Thursday. */
export const THURSDAY = 4;
/** Friday. */
export const FRIDAY = 5;
/** Saturday. */
export const SATURDAY = 6;

/** Label of a date; `month` is 1-based. */
export function dateLabel(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

/**
 * The `n`-th given weekday of a month (`n` from 1), or the last one for `n = -1`;
 * e.g. Thanksgiving is `nthWeekday(year, 11, THURSDAY, 4)`.
 */
export function nthWeekday(year: number, month: number, day: number, n: number): number {
  if (n < 0) {
    const last = dateLabel(year, month + 1, 0);
    return last - ((weekday(last) - day + 7) % 7) * DAY_MS;
  }
  const first = dateLabel(year, month, 1);
  return first + (((day - weekday(first) + 7) % 7) + (n - 1) * 7) * DAY_MS;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dateLabel(year, month, day);
}

/** A holiday falling on a Saturday is observed the Friday before, on a Sunday the Monday after. */
export function nearestWeekday(label: number): number {
  const day = weekday(label);
  if (day === SATURDAY) return label - DAY_MS;
  if (day === SUNDAY) return label + DAY_MS;
  return label;
}

/** Whether a label falls on Saturday or Sunday. */
export function isWeekend(label: number): boolean {
  const day = weekday(label);
  return day === SATURDAY || day === SUNDAY;
}

import { DAY_MS, sessionLabel, weekday } from './session-label.js';
import {
  FRIDAY,
  MONDAY,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  TUESDAY,
  WEDNESDAY,
  dateLabel,
  easterSunday,
  nearestWeekday,
  nthWeekday,
} from './holiday-rules.js';

/** First year the XNYS calendar covers. */
export const XNYS_FIRST_YEAR = 1990;
/** Last year the XNYS calendar covers. */
export const XNYS_LAST_YEAR = 2030;

/** Regular open, minutes after local midnight (09:30 New York time). */
export const XNYS_OPEN_MINUTES = 9 * 60 + 30;
/** Regular close, minutes after local midnight (16:00). */
export const XNYS_CLOSE_MINUTES = 16 * 60;
/** Early close since 1993 (13:00). */
const EARLY_CLOSE = 13 * 60;
/** Early close before 1993 (14:00). */
const EARLY_CLOSE_BEFORE_1993 = 14 * 60;

/** Whole-day closures outside the yearly rules: days of mourning, attacks, storms. */
const IRREGULAR_CLOSURES: readonly string[] = [
  '1994-04-27', // Richard Nixon, national day of mourning
  '2001-09-11', // September 11 attacks, through the 14th
  '2001-09-12',
  '2001-09-13',
  '2001-09-14',
  '2004-06-11', // Ronald Reagan
  '2007-01-02', // Gerald Ford
  '2012-10-29', // Hurricane Sandy
  '2012-10-30',
  '2018-12-05', // George H. W. Bush
  '2025-01-09', // Jimmy Carter
];

/** 13:00 closes outside the yearly rules. */
const IRREGULAR_EARLY_CLOSES: readonly string[] = ['1997-12-26', '1999-12-31', '2003-12-26'];

/** The NYSE's full-day holidays of a year, by the rules in force that year. */
export function xnysHolidays(year: number): number[] {
  const holidays: number[] = [];
  const newYear = dateLabel(year, 1, 1);
  // A Sunday New Year's Day moves to Monday; a Saturday one is not observed at all.
  if (weekday(newYear) === SUNDAY) holidays.push(newYear + DAY_MS);
  else if (weekday(newYear) !== SATURDAY) holidays.push(newYear);
  if (year >= 1998) holidays.push(nthWeekday(year, 1, MONDAY, 3));
  holidays.push(nthWeekday(year, 2, MONDAY, 3));
  holidays.push(easterSunday(year) - 2 * DAY_MS);
  holidays.push(nthWeekday(year, 5, MONDAY, -1));
  if (year >= 2022) holidays.push(nearestWeekday(dateLabel(year, 6, 19)));
  holidays.push(nearestWeekday(dateLabel(year, 7, 4)));
  holidays.push(nthWeekday(year, 9, MONDAY, 1));
  holidays.push(nthWeekday(year, 11, THURSDAY, 4));
  holidays.push(nearestWeekday(dateLabel(year, 12, 25)));
  for (const date of IRREGULAR_CLOSURES) {
    if (date.startsWith(`${year}-`)) holidays.push(sessionLabel(date));
  }
  return holidays.sort((a, b) => a - b);
}

/**
 * The NYSE's early closes of a year as label → close in minutes after local
 * midnight. Days that are not sessions (e.g. a Christmas Eve that is the
 * observed Christmas) are filtered out by the caller.
 */
export function xnysEarlyCloses(year: number): Map<number, number> {
  const closes = new Map<number, number>();
  const july3 = dateLabel(year, 7, 3);
  const july3Day = weekday(july3);
  if (year >= 1995 && (july3Day === MONDAY || july3Day === TUESDAY || july3Day === THURSDAY)) {
    closes.set(july3, EARLY_CLOSE);
  }
  // Independence Day on a Thursday: the Friday after closed early until 2012,
  // the Wednesday before has closed early since 2013.
  if (year >= 2013 && july3Day === WEDNESDAY) closes.set(july3, EARLY_CLOSE);
  const july5 = dateLabel(year, 7, 5);
  if (year >= 1995 && year <= 2012 && weekday(july5) === FRIDAY) closes.set(july5, EARLY_CLOSE);
  if (year >= 1992) {
    const dayAfterThanksgiving = nthWeekday(year, 11, THURSDAY, 4) + DAY_MS;
    closes.set(dayAfterThanksgiving, year >= 1993 ? EARLY_CLOSE : EARLY_CLOSE_BEFORE_1993);
  }
  const christmasEve = dateLabel(year, 12, 24);
  const eveDay = weekday(christmasEve);
  if (eveDay >= MONDAY && eveDay <= THURSDAY) {
    closes.set(christmasEve, year >= 1993 ? EARLY_CLOSE : EARLY_CLOSE_BEFORE_1993);
  }
  for (const date of IRREGULAR_EARLY_CLOSES) {
    if (date.startsWith(`${year}-`)) closes.set(sessionLabel(date), EARLY_CLOSE);
  }
  return closes;
}

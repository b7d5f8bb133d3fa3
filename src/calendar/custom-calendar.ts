import { CalendarError } from '../errors/index.js';
import { formatSessionLabel, toLabel, utcDay } from './session-label.js';
import { SessionTableCalendar } from './session-table-calendar.js';
import { checkTimeZone, zonedTimeToUtc } from './zoned-time.js';

/** One session of a custom calendar, with times that differ from the calendar's defaults. */
export interface CustomSession {
  /** The session date: `YYYY-MM-DD` or its label (UTC epoch ms at 00:00 UTC). */
  date: string | number;
  /** Local open `HH:MM`; the calendar's `open` when omitted. */
  open?: string;
  /** Local close `HH:MM` (`24:00` for midnight); the calendar's `close` when omitted. */
  close?: string;
}

/** How to build a calendar from a list of sessions. */
export interface CustomCalendarOptions {
  /** Name the calendar reports. */
  name: string;
  /** The sessions, in any order: dates, labels or sessions with their own times. */
  sessions: ReadonlyArray<string | number | CustomSession>;
  /** IANA time zone of the open and close times; `UTC` by default. */
  timeZone?: string;
  /** Default local open `HH:MM`; `00:00` by default. */
  open?: string;
  /** Default local close `HH:MM`; `24:00` by default. */
  close?: string;
  /** Periods per year for annualizing statistics; 252 by default. */
  annualization?: number;
}

const CLOCK_TIME = /^(\d{2}):(\d{2})$/;

function minutesOf(time: string, what: string): number {
  const match = CLOCK_TIME.exec(time);
  const minutes = match === null ? NaN : Number(match[1]) * 60 + Number(match[2]);
  if (match === null || Number(match[2]) > 59 || minutes > 24 * 60) {
    throw new CalendarError(`${what} '${time}' is not a clock time: write HH:MM, 00:00 to 24:00.`);
  }
  return minutes;
}

/**
 * A calendar whose sessions are exactly the dates given, e.g. the trading days
 * of an exchange rustybt does not ship, or the dates present in a data set.
 *
 * @throws CalendarError for an empty or duplicated session list, a malformed
 *   date or time, a close not after its open, or an unknown time zone.
 */
export function customCalendar(options: CustomCalendarOptions): SessionTableCalendar {
  const timeZone = options.timeZone ?? 'UTC';
  checkTimeZone(timeZone);
  const annualization = options.annualization ?? 252;
  if (!(Number.isFinite(annualization) && annualization > 0)) {
    throw new CalendarError(
      `annualization ${annualization} is not a positive number of periods per year: use e.g. 252 or 365.`,
    );
  }
  if (options.sessions.length === 0) {
    throw new CalendarError(`Calendar '${options.name}' has no sessions: give at least one date.`);
  }
  const defaultOpen = minutesOf(options.open ?? '00:00', 'open');
  const defaultClose = minutesOf(options.close ?? '24:00', 'close');
  const rows = options.sessions.map((entry) => {
    const session = typeof entry === 'object' ? entry : { date: entry };
    const label = toLabel(session.date);
    if (utcDay(label) !== label) {
      throw new CalendarError(
        `Session ${label} is not a label (00:00 UTC of a date): pass 'YYYY-MM-DD' or Date.UTC(year, month, day).`,
      );
    }
    const openMinutes = session.open === undefined ? defaultOpen : minutesOf(session.open, 'open');
    const closeMinutes =
      session.close === undefined ? defaultClose : minutesOf(session.close, 'close');
    if (closeMinutes <= openMinutes) {
      throw new CalendarError(
        `Session ${formatSessionLabel(label)} closes at or before it opens: give a close after the open.`,
      );
    }
    return {
      label,
      open: zonedTimeToUtc(timeZone, label, openMinutes),
      close: zonedTimeToUtc(timeZone, label, closeMinutes),
    };
  });
  rows.sort((a, b) => a.label - b.label);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].label === rows[i - 1].label) {
      throw new CalendarError(
        `Session ${formatSessionLabel(rows[i].label)} is listed twice in calendar '${options.name}': list each date once.`,
      );
    }
  }
  return new SessionTableCalendar({
    name: options.name,
    timeZone,
    annualization,
    rangeStart: rows[0].label,
    rangeEnd: rows[rows.length - 1].label,
    sessions: {
      labels: Float64Array.from(rows, (row) => row.label),
      opens: Float64Array.from(rows, (row) => row.open),
      closes: Float64Array.from(rows, (row) => row.close),
    },
  });
}

import type { Frequency } from '../data/bar-frame.js';
import { CalendarError } from '../errors/index.js';
import { dateLabel } from './holiday-rules.js';
import { DAY_MS, formatSessionLabel, utcDay } from './session-label.js';
import type { TradingCalendar } from './trading-calendar.js';

const FIRST_SESSION = dateLabel(1970, 1, 1);
const LAST_SESSION = dateLabel(2099, 12, 31);
const BAR_STEP_MS = { '1h': 3_600_000, '1m': 60_000 } as const;

/**
 * The 24/7 calendar for crypto: every UTC date from 1970 to 2099 is a session
 * running 00:00–24:00 UTC; 365 periods a year for annualization.
 */
export class AlwaysOpenCalendar implements TradingCalendar {
  readonly name = '24/7';
  readonly timeZone = 'UTC';
  readonly annualization = 365;
  readonly firstSession = FIRST_SESSION;
  readonly lastSession = LAST_SESSION;

  sessionsInRange(start: number, end: number): Float64Array {
    const first = inRange(start);
    const last = inRange(end);
    if (last < first) {
      throw new CalendarError(
        `Session range starts ${formatSessionLabel(first)} after it ends ${formatSessionLabel(last)}: swap start and end.`,
      );
    }
    const sessions = new Float64Array((last - first) / DAY_MS + 1);
    for (let i = 0; i < sessions.length; i++) sessions[i] = first + i * DAY_MS;
    return sessions;
  }

  isSession(date: number): boolean {
    inRange(date);
    return true;
  }

  nextSession(date: number): number {
    const day = inRange(date);
    if (day === LAST_SESSION) throw beyond('after', day);
    return day + DAY_MS;
  }

  previousSession(date: number): number {
    const day = inRange(date);
    if (day === FIRST_SESSION) throw beyond('before', day);
    return day - DAY_MS;
  }

  sessionOpen(label: number): number {
    return sessionOf(label);
  }

  sessionClose(label: number): number {
    return sessionOf(label) + DAY_MS;
  }

  barsForSession(label: number, frequency: Frequency): Float64Array {
    const open = sessionOf(label);
    if (frequency === '1d') return Float64Array.of(open);
    const step: number | undefined = BAR_STEP_MS[frequency];
    if (step === undefined) {
      throw new CalendarError(
        `Unknown bar frequency '${String(frequency)}': use '1d', '1h' or '1m'.`,
      );
    }
    const bars = new Float64Array(DAY_MS / step);
    for (let i = 0; i < bars.length; i++) bars[i] = open + i * step;
    return bars;
  }
}

function inRange(date: number): number {
  if (!Number.isFinite(date)) {
    throw new CalendarError(`${date} is not a date: pass UTC epoch milliseconds.`);
  }
  const day = utcDay(date);
  if (day < FIRST_SESSION || day > LAST_SESSION) {
    throw new CalendarError(
      `${formatSessionLabel(day)} is outside the 24/7 calendar, which covers ${formatSessionLabel(FIRST_SESSION)} to ${formatSessionLabel(LAST_SESSION)}.`,
    );
  }
  return day;
}

function sessionOf(label: number): number {
  const day = inRange(label);
  if (day !== label) {
    throw new CalendarError(
      `${label} is not a session label (00:00 UTC of a date): pass a label from sessionsInRange or nextSession.`,
    );
  }
  return day;
}

function beyond(direction: 'after' | 'before', day: number): CalendarError {
  return new CalendarError(
    `No 24/7 session ${direction} ${formatSessionLabel(day)}: the calendar covers ${formatSessionLabel(FIRST_SESSION)} to ${formatSessionLabel(LAST_SESSION)}.`,
  );
}

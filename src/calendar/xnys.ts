import { DAY_MS } from './session-label.js';
import { SessionTableCalendar } from './session-table-calendar.js';
import { XNYS_CLOSE_MINUTES, XNYS_OPEN_MINUTES } from './xnys-schedule.js';
import {
  XNYS_CLOSED_WEEKDAYS,
  XNYS_DAYLIGHT_PERIODS,
  XNYS_EARLY_CLOSES,
  XNYS_TABLE_FIRST_YEAR,
  XNYS_TABLE_LAST_YEAR,
} from './xnys-table.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

let built: SessionTableCalendar | undefined;

/**
 * The New York Stock Exchange calendar (XNYS), 1990–2030, in America/New_York:
 * weekdays that are not holidays, 09:30–16:00 local, early closes at 13:00
 * (14:00 before 1993). Built once on first use and shared.
 */
export function xnysCalendar(): SessionTableCalendar {
  built ??= buildXnysCalendar();
  return built;
}

/**
 * Builds a fresh XNYS calendar from the generated table (`xnys-table.ts`):
 * a pass over the days of the range, no time-zone database lookups.
 */
export function buildXnysCalendar(): SessionTableCalendar {
  const first = Date.UTC(XNYS_TABLE_FIRST_YEAR, 0, 1) / DAY_MS;
  const end = Date.UTC(XNYS_TABLE_LAST_YEAR + 1, 0, 1) / DAY_MS;
  const closed = new Set(XNYS_CLOSED_WEEKDAYS);
  const early = new Map<number, number>();
  for (let k = 0; k < XNYS_EARLY_CLOSES.length; k += 2)
    early.set(XNYS_EARLY_CLOSES[k], XNYS_EARLY_CLOSES[k + 1]);
  const labels: number[] = [];
  const opens: number[] = [];
  const closes: number[] = [];
  let period = 0;
  for (let day = first; day < end; day++) {
    // 1970-01-01 was a Thursday: (day + 4) % 7 is the weekday, 0 = Sunday.
    const weekday = (day + 4) % 7;
    if (weekday === 0 || weekday === 6 || closed.has(day)) continue;
    while (period < XNYS_DAYLIGHT_PERIODS.length && XNYS_DAYLIGHT_PERIODS[period + 1] <= day)
      period += 2;
    const daylight = period < XNYS_DAYLIGHT_PERIODS.length && XNYS_DAYLIGHT_PERIODS[period] <= day;
    const label = day * DAY_MS;
    const open = label + XNYS_OPEN_MINUTES * MINUTE_MS + (daylight ? 4 : 5) * HOUR_MS;
    const closeMinutes = early.get(day) ?? XNYS_CLOSE_MINUTES;
    labels.push(label);
    opens.push(open);
    closes.push(open + (closeMinutes - XNYS_OPEN_MINUTES) * MINUTE_MS);
  }
  return new SessionTableCalendar({
    name: 'XNYS',
    timeZone: 'America/New_York',
    annualization: 252,
    rangeStart: first * DAY_MS,
    rangeEnd: (end - 1) * DAY_MS,
    sessions: {
      labels: Float64Array.from(labels),
      opens: Float64Array.from(opens),
      closes: Float64Array.from(closes),
    },
  });
}

import { isWeekend, dateLabel } from './holiday-rules.js';
import { DAY_MS } from './session-label.js';
import { SessionTableCalendar } from './session-table-calendar.js';
import {
  XNYS_CLOSE_MINUTES,
  XNYS_FIRST_YEAR,
  XNYS_LAST_YEAR,
  XNYS_OPEN_MINUTES,
  xnysEarlyCloses,
  xnysHolidays,
} from './xnys-schedule.js';
import { zonedTimeToUtc } from './zoned-time.js';

const TIME_ZONE = 'America/New_York';

let built: SessionTableCalendar | undefined;

/**
 * The New York Stock Exchange calendar (XNYS), 1990–2030, in America/New_York:
 * weekdays that are not holidays, 09:30–16:00 local, early closes at 13:00
 * (14:00 before 1993). Built once on first use and shared.
 */
export function xnysCalendar(): SessionTableCalendar {
  built ??= buildXnys();
  return built;
}

function buildXnys(): SessionTableCalendar {
  const labels: number[] = [];
  const opens: number[] = [];
  const closes: number[] = [];
  for (let year = XNYS_FIRST_YEAR; year <= XNYS_LAST_YEAR; year++) {
    const holidays = new Set(xnysHolidays(year));
    const earlyCloses = xnysEarlyCloses(year);
    const end = dateLabel(year + 1, 1, 1);
    for (let day = dateLabel(year, 1, 1); day < end; day += DAY_MS) {
      if (isWeekend(day) || holidays.has(day)) continue;
      const open = zonedTimeToUtc(TIME_ZONE, day, XNYS_OPEN_MINUTES);
      // New York changes its clocks at 02:00, never between the open and the close.
      const closeMinutes = earlyCloses.get(day) ?? XNYS_CLOSE_MINUTES;
      labels.push(day);
      opens.push(open);
      closes.push(open + (closeMinutes - XNYS_OPEN_MINUTES) * 60_000);
    }
  }
  return new SessionTableCalendar({
    name: 'XNYS',
    timeZone: TIME_ZONE,
    annualization: 252,
    rangeStart: dateLabel(XNYS_FIRST_YEAR, 1, 1),
    rangeEnd: dateLabel(XNYS_LAST_YEAR, 12, 31),
    sessions: {
      labels: Float64Array.from(labels),
      opens: Float64Array.from(opens),
      closes: Float64Array.from(closes),
    },
  });
}

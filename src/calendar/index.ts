export type { TradingCalendar } from './trading-calendar.js';
export { getCalendar, CALENDAR_NAMES, type CalendarName } from './calendar-registry.js';
export {
  customCalendar,
  type CustomCalendarOptions,
  type CustomSession,
} from './custom-calendar.js';
export { AlwaysOpenCalendar } from './always-open.js';
export { SessionTableCalendar } from './session-table-calendar.js';
export { sessionLabel, formatSessionLabel, DAY_MS } from './session-label.js';

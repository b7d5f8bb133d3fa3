import { getCalendar, type TradingCalendar } from '../../calendar/index.js';

/** A calendar, or the name of one rustybt ships (`XNYS`, `24/7`). */
export type CalendarChoice = TradingCalendar | string;

/** Resolves a calendar choice to the calendar. @throws ConfigError for an unknown name. */
export function resolveCalendar(choice: CalendarChoice): TradingCalendar {
  return typeof choice === 'string' ? getCalendar(choice) : choice;
}

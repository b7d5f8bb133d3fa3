import { ConfigError } from '../errors/index.js';
import { AlwaysOpenCalendar } from './always-open.js';
import type { TradingCalendar } from './trading-calendar.js';
import { xnysCalendar } from './xnys.js';

/** Names of the calendars rustybt ships: the NYSE and the 24/7 crypto calendar. */
export type CalendarName = 'XNYS' | '24/7';

/** Every name `getCalendar` accepts, aliases included. */
export const CALENDAR_NAMES: readonly string[] = ['XNYS', 'NYSE', '24/7'];

let alwaysOpen: AlwaysOpenCalendar | undefined;

/**
 * A calendar rustybt ships, by name: `XNYS` (alias `NYSE`) or `24/7`. Each is
 * built once per process and shared; calendars are immutable.
 *
 * @throws ConfigError naming the calendars available when the name is unknown.
 */
export function getCalendar(name: CalendarName | (string & {})): TradingCalendar {
  switch (name) {
    case 'XNYS':
    case 'NYSE':
      return xnysCalendar();
    case '24/7':
      alwaysOpen ??= new AlwaysOpenCalendar();
      return alwaysOpen;
    default:
      throw new ConfigError(
        `Unknown trading calendar '${name}': use one of ${CALENDAR_NAMES.join(', ')}, or build one with customCalendar().`,
      );
  }
}

/**
 * rustybt: event-driven backtesting for equities and crypto with exact
 * decimal accounting and a Rust core.
 *
 * @packageDocumentation
 */
export { VERSION } from './version.js';
export { backendInfo } from './native/backend.js';
export type { BackendInfo, BackendName } from './native/loader.js';
export { rustSum, sumFloat64, rollingMean } from './native/roundtrip.js';
export {
  RustybtError,
  ConfigError,
  DataError,
  OrderError,
  NativeBackendError,
  CalendarError,
  type ErrorCode,
} from './errors/index.js';
export {
  getCalendar,
  customCalendar,
  sessionLabel,
  formatSessionLabel,
  AlwaysOpenCalendar,
  SessionTableCalendar,
  CALENDAR_NAMES,
  type TradingCalendar,
  type CalendarName,
  type CustomCalendarOptions,
  type CustomSession,
} from './calendar/index.js';
export * from './data/sources/index.js';
export {
  DataSourceRegistry,
  type DataSourceFactory,
  type SourceOptions,
} from './data/source-registry.js';
export { BarRows, IssueLog, validateBars, findOutliers } from './data/validation/index.js';
export type { ValidationOptions, ValidatedBars } from './data/validation/index.js';

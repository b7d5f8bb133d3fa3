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
export {
  simpleReturns,
  cumulativeReturns,
  totalReturn,
  annualReturn,
  annualVolatility,
  maxDrawdown,
  sharpeRatio,
  sortinoRatio,
  downsideRisk,
  calmarRatio,
  alphaBeta,
  valueAtRisk,
  conditionalValueAtRisk,
  stabilityOfTimeseries,
  winRate,
  profitFactor,
  averageTrade,
  exposure,
  turnover,
  summarizeRisk,
  type AlphaBeta,
  type PerPeriodRate,
  type RiskSummary,
  type RiskSummaryOptions,
  type BookSeries,
} from './engine/metrics/index.js';

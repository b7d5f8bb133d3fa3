export {
  RustybtError,
  ConfigError,
  DataError,
  OrderError,
  NativeBackendError,
  StrategyError,
  CalendarError,
  NumericOverflowError,
  TradingControlError,
  type ErrorCode,
} from './rustybt-error.js';

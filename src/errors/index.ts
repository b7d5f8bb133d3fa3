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
  ProfileError,
  type ErrorCode,
} from './rustybt-error.js';

export {
  RustybtError,
  ConfigError,
  DataError,
  OrderError,
  NativeBackendError,
  StrategyError,
  CalendarError,
  type ErrorCode,
} from './rustybt-error.js';

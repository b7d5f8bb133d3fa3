export {
  RustybtError,
  ConfigError,
  DataError,
  OrderError,
  NativeBackendError,
  NumericOverflowError,
  TradingControlError,
  type ErrorCode,
} from './rustybt-error.js';

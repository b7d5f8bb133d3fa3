export {
  RustybtError,
  ConfigError,
  DataError,
  OrderError,
  NativeBackendError,
  StrategyError,
  type ErrorCode,
} from './rustybt-error.js';

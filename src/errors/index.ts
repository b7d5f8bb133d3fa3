export {
  RustybtError,
  ConfigError,
  DataError,
  OrderError,
  NativeBackendError,
  type ErrorCode,
} from './rustybt-error.js';

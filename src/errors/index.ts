export {
  RustybtError,
  ConfigError,
  DataError,
  OrderError,
  NativeBackendError,
  CalendarError,
  type ErrorCode,
} from './rustybt-error.js';

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
  NumericOverflowError,
  TradingControlError,
  type ErrorCode,
} from './errors/index.js';
export * from './numeric/index.js';
export * from './assets/index.js';
export * from './engine/index.js';

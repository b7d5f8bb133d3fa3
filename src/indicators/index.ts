/**
 * `rustybt/indicators`: technical indicators with TA-Lib's definitions in
 * three forms with identical values: vectorized ({@link compute}), streaming
 * ({@link IndicatorStream}) and declared per asset ({@link IndicatorBatch}).
 *
 * @packageDocumentation
 */
export type { BarField, IndicatorSpec, IndicatorStep, ValueOutput } from './spec.js';
export type { KernelKind, KernelSpec } from './kernel.js';
export { MAX_PERIOD } from './params.js';
export { sma, ema, smma, wma, dema, tema, kama } from './moving-averages.js';
export { rsi, stoch, willr, cci, roc, mom, type StochOutput } from './oscillators.js';
export { macd, type MacdOutput } from './macd.js';
export { stddev, bbands, trueRange, atr, type BandsOutput } from './volatility.js';
export { trueRangeOf } from './steps.js';
export { highest, lowest, donchian, type ChannelOutput } from './channels.js';
export { adx, type AdxOutput } from './adx.js';
export { obv, vwap } from './volume.js';
export { crossedAbove, crossedBelow, crossover, crossunder } from './crossover.js';
export { on } from './source.js';
export { compute, type BarColumns, type IndicatorColumns } from './compute.js';
export { IndicatorStream, type BarValues } from './stream.js';
export { IndicatorBatch, type DeclareOptions } from './batch.js';
export { DeclaredIndicator } from './declared.js';
export { IndicatorComparison } from './comparison.js';
export { SidList } from './sid-list.js';
export { MAX_INPUT_SCALE, type InputScales } from './units.js';

import { rsiColumn } from './fast-columns.js';
import { kernelOf } from './kernel.js';
import { checkPeriod } from './params.js';
import type { IndicatorSpec, ValueOutput } from './spec.js';
import { LAG_FIELDS, SMA_FIELDS, extremeSize, extremeStep, lagStep, smaStep } from './steps.js';

const VALUE: readonly ValueOutput[] = ['value'];
const CLOSE = ['close'] as const;
const HLC = ['high', 'low', 'close'] as const;

/**
 * Relative strength index with Wilder's smoothing of gains and losses, seeded
 * with their simple means over the first `period` changes (TA-Lib RSI).
 * `100 * avgGain / (avgGain + avgLoss)`; 0 when both are 0 (a flat series), as
 * TA-Lib. First valid index: `period`.
 */
export function rsi(period = 14): IndicatorSpec<ValueOutput> {
  checkPeriod('rsi', 'period', period);
  // fields: 0 t, 1 previous close, 2 average gain, 3 average loss
  return {
    name: `rsi(${period})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [period],
    stateSize: 4,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = rsiStep(s, L, a, period, x / u);
    },
    columns: (inputs, outputs, units) => rsiColumn(inputs[0], outputs[0], period, units[0]),
    kernel: kernelOf('rsi', period),
  };
}

/** One bar of {@link rsi} on the value `x` (shared with the declared kernel's twin). */
export function rsiStep(s: Float64Array, L: number, a: number, period: number, x: number): number {
  const t = s[a];
  const iPrev = L + a;
  if (t === 0) {
    s[a] = 1;
    s[iPrev] = x;
    return NaN;
  }
  const change = x - s[iPrev];
  s[iPrev] = x;
  const iGain = 2 * L + a;
  const iLoss = 3 * L + a;
  let gain = s[iGain];
  let loss = s[iLoss];
  if (t > period) {
    gain *= period - 1;
    loss *= period - 1;
  } else {
    s[a] = t + 1;
  }
  if (change < 0) loss -= change;
  else gain += change;
  if (t < period) {
    s[iGain] = gain;
    s[iLoss] = loss;
    return NaN;
  }
  gain /= period;
  loss /= period;
  s[iGain] = gain;
  s[iLoss] = loss;
  const total = gain + loss;
  return total !== 0 ? 100 * (gain / total) : 0;
}

/** Output names of {@link stoch}. */
export type StochOutput = 'k' | 'd';

/**
 * Slow stochastic (TA-Lib STOCH with SMA smoothing): raw %K =
 * `(close - lowest low) / ((highest high - lowest low) / 100)` over `fastK`
 * bars (0 when the range is 0), %K = SMA(raw, `slowK`), %D = SMA(%K, `slowD`).
 * First valid index: %K `fastK + slowK - 2`, %D `fastK + slowK + slowD - 3`.
 */
export function stoch(fastK = 5, slowK = 3, slowD = 3): IndicatorSpec<StochOutput> {
  checkPeriod('stoch', 'fastK', fastK);
  checkPeriod('stoch', 'slowK', slowK);
  checkPeriod('stoch', 'slowD', slowD);
  const lowBase = extremeSize(fastK);
  const kBase = 2 * lowBase;
  const dBase = kBase + SMA_FIELDS + slowK;
  return {
    name: `stoch(${fastK}, ${slowK}, ${slowD})`,
    inputs: HLC,
    outputs: ['k', 'd'],
    firstValid: [fastK + slowK - 2, fastK + slowK + slowD - 3],
    stateSize: dBase + SMA_FIELDS + slowD,
    units: true,
    // %K is a ratio of differences: computed on units, exact up to its one division.
    step: (s, L, a, high, low, close, _3, r) => {
      stochStep(s, L, a, fastK, slowK, slowD, high, low, close, r);
    },
    kernel: kernelOf('stoch', fastK, slowK, slowD),
  };
}

/** One bar of {@link stoch} into `r` (%K, %D) (shared with the declared kernel's twin). */
export function stochStep(
  s: Float64Array,
  L: number,
  a: number,
  fastK: number,
  slowK: number,
  slowD: number,
  high: number,
  low: number,
  close: number,
  r: Float64Array,
): void {
  const lowBase = extremeSize(fastK);
  const kBase = 2 * lowBase;
  const dBase = kBase + SMA_FIELDS + slowK;
  r[0] = NaN;
  r[1] = NaN;
  const hh = extremeStep(s, L, a, 0, fastK, 1, high);
  const ll = extremeStep(s, L, a, lowBase, fastK, -1, low);
  if (hh !== hh) return;
  const range = (hh - ll) / 100;
  const raw = range !== 0 ? (close - ll) / range : 0;
  const k = smaStep(s, L, a, kBase, slowK, raw, 1);
  if (k !== k) return;
  r[0] = k;
  r[1] = smaStep(s, L, a, dBase, slowD, k, 1);
}

/**
 * Williams %R (TA-Lib WILLR): `(highest high - close) / ((highest high - lowest low) * -0.01)`
 * over `period` bars, in [-100, 0]; 0 when the range is 0. First valid index: `period - 1`.
 */
export function willr(period = 14): IndicatorSpec<ValueOutput> {
  checkPeriod('willr', 'period', period);
  const lowBase = extremeSize(period);
  return {
    name: `willr(${period})`,
    inputs: HLC,
    outputs: VALUE,
    firstValid: [period - 1],
    stateSize: 2 * lowBase,
    units: true,
    step: (s, L, a, high, low, close, _3, r) => {
      r[0] = willrStep(s, L, a, period, high, low, close);
    },
    kernel: kernelOf('willr', period),
  };
}

/** One bar of {@link willr} (shared with the declared kernel's twin). */
export function willrStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  high: number,
  low: number,
  close: number,
): number {
  const hh = extremeStep(s, L, a, 0, period, 1, high);
  const ll = extremeStep(s, L, a, extremeSize(period), period, -1, low);
  if (hh !== hh) return NaN;
  const range = (hh - ll) * -0.01;
  return range !== 0 ? (hh - close) / range : 0;
}

/**
 * Commodity channel index (TA-Lib CCI): typical price `(h + l + c) / 3`,
 * `(tp - mean) / (0.015 * meanAbsDeviation)` over `period` bars; 0 when either
 * is 0. The mean deviation is recomputed over the window: O(period) per bar.
 * First valid index: `period - 1`.
 */
export function cci(period = 14): IndicatorSpec<ValueOutput> {
  checkPeriod('cci', 'period', period);
  // fields: 0 t, 1.. ring of typical prices
  return {
    name: `cci(${period})`,
    inputs: HLC,
    outputs: VALUE,
    firstValid: [period - 1],
    stateSize: 1 + period,
    units: true,
    // A ratio of deviations: the same on units as on values (no division by the unit).
    step: (s, L, a, high, low, close, _3, r) => {
      r[0] = cciStep(s, L, a, period, high, low, close);
    },
    kernel: kernelOf('cci', period),
  };
}

/** One bar of {@link cci} (shared with the declared kernel's twin). */
export function cciStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  high: number,
  low: number,
  close: number,
): number {
  const t = s[a];
  const tp = (high + low + close) / 3;
  s[(1 + ((t % period) | 0)) * L + a] = tp;
  if (t + 1 < period) {
    s[a] = t + 1;
    return NaN;
  }
  s[a] = t + 1 === 2 * period ? period : t + 1;
  let mean = 0;
  for (let j = 0; j < period; j++) mean += s[(1 + j) * L + a];
  mean /= period;
  let deviation = 0;
  for (let j = 0; j < period; j++) deviation += Math.abs(mean - s[(1 + j) * L + a]);
  const distance = tp - mean;
  return distance !== 0 && deviation !== 0 ? distance / (0.015 * (deviation / period)) : 0;
}

/**
 * Rate of change in percent (TA-Lib ROC): `(close / close[period bars ago] - 1) * 100`;
 * 0 when the earlier close is 0. First valid index: `period`.
 */
export function roc(period = 10): IndicatorSpec<ValueOutput> {
  checkPeriod('roc', 'period', period);
  return {
    name: `roc(${period})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [period],
    stateSize: LAG_FIELDS + period,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r) => {
      r[0] = rocStep(s, L, a, period, x);
    },
    kernel: kernelOf('roc', period),
  };
}

/** One bar of {@link roc} (shared with the declared kernel's twin). */
export function rocStep(s: Float64Array, L: number, a: number, period: number, x: number): number {
  const before = lagStep(s, L, a, 0, period, x);
  return before !== before ? NaN : before !== 0 ? (x / before - 1) * 100 : 0;
}

/**
 * Momentum (TA-Lib MOM): `close - close[period bars ago]`, exact on integer
 * units. First valid index: `period`.
 */
export function mom(period = 10): IndicatorSpec<ValueOutput> {
  checkPeriod('mom', 'period', period);
  return {
    name: `mom(${period})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [period],
    stateSize: LAG_FIELDS + period,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = momStep(s, L, a, period, x, u);
    },
    kernel: kernelOf('mom', period),
  };
}

/** One bar of {@link mom} on `x` in units of `u`: the difference in units, divided once. */
export function momStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  x: number,
  u: number,
): number {
  return (x - lagStep(s, L, a, 0, period, x)) / u;
}

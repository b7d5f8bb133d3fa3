import { checkPeriod } from './params.js';
import type { IndicatorSpec, ValueOutput } from './spec.js';
import { emaColumn, smaColumn } from './fast-columns.js';
import { kernelOf } from './kernel.js';
import { EMA_FIELDS, SMA_FIELDS, emaStep, smaStep, wilderStep, WILDER_FIELDS } from './steps.js';

const VALUE: readonly ValueOutput[] = ['value'];
const CLOSE = ['close'] as const;

/**
 * Simple moving average of `period` closes (TA-Lib SMA). Exact on integer
 * units: the window sum is kept in units and divided once, so the value is
 * the correctly rounded window mean and equal means compare equal.
 * First valid index: `period - 1`.
 */
export function sma(period = 30): IndicatorSpec<ValueOutput> {
  checkPeriod('sma', 'period', period);
  return {
    name: `sma(${period})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [period - 1],
    stateSize: SMA_FIELDS + period,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = smaStep(s, L, a, 0, period, x, u);
    },
    columns: (inputs, outputs, units) => smaColumn(inputs[0], outputs[0], period, units[0]),
    kernel: kernelOf('sma', period),
  };
}

/**
 * Exponential moving average, `k = 2 / (period + 1)`, seeded with the SMA of
 * the first `period` closes (TA-Lib EMA). First valid index: `period - 1`.
 */
export function ema(period = 30): IndicatorSpec<ValueOutput> {
  checkPeriod('ema', 'period', period);
  const k = 2 / (period + 1);
  return {
    name: `ema(${period})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [period - 1],
    stateSize: EMA_FIELDS,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = emaStep(s, L, a, 0, period, k, x / u);
    },
    columns: (inputs, outputs, units) => emaColumn(inputs[0], outputs[0], period, k, units[0]),
    kernel: kernelOf('ema', period, k),
  };
}

/**
 * Wilder's smoothed moving average (SMMA, RMA): seeded with the SMA of the
 * first `period` closes, then `(prev * (period - 1) + x) / period`.
 * First valid index: `period - 1`.
 */
export function smma(period = 14): IndicatorSpec<ValueOutput> {
  checkPeriod('smma', 'period', period);
  return {
    name: `smma(${period})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [period - 1],
    stateSize: WILDER_FIELDS,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = wilderStep(s, L, a, 0, period, x / u);
    },
    kernel: kernelOf('smma', period),
  };
}

/**
 * Linearly weighted moving average, weights 1..period with the newest
 * heaviest (TA-Lib WMA, same running-sum order). Exact on integer units (the
 * weighted sums stay integers, divided once). First valid index: `period - 1`.
 */
export function wma(period = 30): IndicatorSpec<ValueOutput> {
  checkPeriod('wma', 'period', period);
  const divider = (period * (period + 1)) / 2;
  // fields: 0 count, 1 pos, 2 periodSub, 3 periodSum, 4 trailing, 5.. ring
  return {
    name: `wma(${period})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [period - 1],
    stateSize: 5 + period,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = wmaStep(s, L, a, period, divider, x, u);
    },
    kernel: kernelOf('wma', period, divider),
  };
}

/** One bar of {@link wma} on `x` in units of `u` (shared with the declared kernel's twin). */
export function wmaStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  divider: number,
  x: number,
  u: number,
): number {
  if (period === 1) return x / u;
  const pos = s[L + a] | 0;
  s[(5 + pos) * L + a] = x;
  const next = pos + 1 === period ? 0 : pos + 1;
  s[L + a] = next;
  const count = s[a];
  const iSub = 2 * L + a;
  const iSum = 3 * L + a;
  if (count < period - 1) {
    s[iSub] += x;
    s[iSum] += x * (count + 1);
    s[a] = count + 1;
    return NaN;
  }
  s[a] = period;
  const iTrail = 4 * L + a;
  const sub = s[iSub] + x - s[iTrail];
  s[iSub] = sub;
  const sum = s[iSum] + x * period;
  s[iTrail] = s[(5 + next) * L + a];
  s[iSum] = sum - sub;
  return sum / divider / u;
}

/**
 * Double EMA: `2 * ema1 - ema2` with ema2 the EMA of ema1 (TA-Lib DEMA).
 * First valid index: `2 * (period - 1)`.
 */
export function dema(period = 30): IndicatorSpec<ValueOutput> {
  checkPeriod('dema', 'period', period);
  const k = 2 / (period + 1);
  return {
    name: `dema(${period})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [2 * (period - 1)],
    stateSize: 2 * EMA_FIELDS,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = demaStep(s, L, a, period, k, x / u);
    },
    kernel: kernelOf('dema', period, k),
  };
}

/** One bar of {@link dema} on the value `x` (shared with the declared kernel's twin). */
export function demaStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  k: number,
  x: number,
): number {
  const e1 = emaStep(s, L, a, 0, period, k, x);
  if (e1 !== e1) return NaN;
  const e2 = emaStep(s, L, a, EMA_FIELDS, period, k, e1);
  return 2 * e1 - e2;
}

/**
 * Triple EMA: `ema3 + (3 * ema1 - 3 * ema2)` (TA-Lib TEMA).
 * First valid index: `3 * (period - 1)`.
 */
export function tema(period = 30): IndicatorSpec<ValueOutput> {
  checkPeriod('tema', 'period', period);
  const k = 2 / (period + 1);
  return {
    name: `tema(${period})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [3 * (period - 1)],
    stateSize: 3 * EMA_FIELDS,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = temaStep(s, L, a, period, k, x / u);
    },
    kernel: kernelOf('tema', period, k),
  };
}

/** One bar of {@link tema} on the value `x` (shared with the declared kernel's twin). */
export function temaStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  k: number,
  x: number,
): number {
  const e1 = emaStep(s, L, a, 0, period, k, x);
  if (e1 !== e1) return NaN;
  const e2 = emaStep(s, L, a, EMA_FIELDS, period, k, e1);
  if (e2 !== e2) return NaN;
  const e3 = emaStep(s, L, a, 2 * EMA_FIELDS, period, k, e2);
  return e3 + (3 * e1 - 3 * e2);
}

/**
 * Kaufman adaptive moving average (TA-Lib KAMA): efficiency ratio over
 * `period` bars, smoothing constant `(er * (2/(fast+1) - 2/(slow+1)) + 2/(slow+1))^2`,
 * seeded with the close before the first output. First valid index: `period`.
 */
export function kama(period = 30, fast = 2, slow = 30): IndicatorSpec<ValueOutput> {
  checkPeriod('kama', 'period', period);
  checkPeriod('kama', 'fast', fast);
  checkPeriod('kama', 'slow', slow);
  const slowest = 2 / (slow + 1);
  const diff = 2 / (fast + 1) - slowest;
  const size = period + 2;
  // fields: 0 t, 1 sum of |changes|, 2 kama, 3.. ring of the last period + 2 closes
  return {
    name: `kama(${period}, ${fast}, ${slow})`,
    inputs: CLOSE,
    outputs: VALUE,
    firstValid: [period],
    stateSize: 3 + size,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = kamaStep(s, L, a, period, slowest, diff, x / u);
    },
    kernel: kernelOf('kama', period, slowest, diff),
  };
}

/** One bar of {@link kama} on the value `x` (shared with the declared kernel's twin). */
export function kamaStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  slowest: number,
  diff: number,
  x: number,
): number {
  const size = period + 2;
  const t = s[a];
  s[a] = t + 1;
  const slotNow = (t % size) | 0;
  s[(3 + slotNow) * L + a] = x;
  if (t === 0) return NaN;
  const iSum = L + a;
  const prevClose = s[(3 + (((t - 1) % size) | 0)) * L + a];
  if (t > period)
    s[iSum] -= Math.abs(
      s[(3 + (((t - period - 1) % size) | 0)) * L + a] -
        s[(3 + (((t - period) % size) | 0)) * L + a],
    );
  const sum = s[iSum] + Math.abs(x - prevClose);
  s[iSum] = sum;
  if (t < period) return NaN;
  const change = x - s[(3 + (((t - period) % size) | 0)) * L + a];
  const iKama = 2 * L + a;
  const prev = t === period ? prevClose : s[iKama];
  const er = sum <= change || sum === 0 ? 1 : Math.abs(change / sum);
  let sc = er * diff + slowest;
  sc *= sc;
  const value = (x - prev) * sc + prev;
  s[iKama] = value;
  return value;
}

import { windowMean } from '../numeric/unit-arithmetic.js';
import { atrColumn, bbandsColumn } from './fast-columns.js';
import { kernelOf } from './kernel.js';
import { checkFinite, checkPeriod } from './params.js';
import type { IndicatorSpec, ValueOutput } from './spec.js';
import { WILDER_FIELDS, trueRangeOf, wilderStep } from './steps.js';

const VALUE: readonly ValueOutput[] = ['value'];
const HLC = ['high', 'low', 'close'] as const;

// Window moments in TA-Lib's order (running sum and sum of squares): fields
// 0 count, 1 pos, 2 sum, 3 sum of squares, 4 mean of the window, 5.. ring.
// The sum and the ring are in the input's units (an exact mean on integer
// units), the squares in values (float by nature).
const MOMENT_FIELDS = 5;

/** The window variance in values (NaN before `period` bars); the mean lands in field 4. */
export function varianceStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  x: number,
  unit: number,
): number {
  const pos = s[L + a] | 0;
  s[(MOMENT_FIELDS + pos) * L + a] = x;
  const next = pos + 1 === period ? 0 : pos + 1;
  s[L + a] = next;
  const iSum = 2 * L + a;
  const iSquares = 3 * L + a;
  const sum = s[iSum] + x;
  const value = x / unit;
  const squares = s[iSquares] + value * value;
  const count = s[a] + 1;
  if (count < period) {
    s[a] = count;
    s[iSum] = sum;
    s[iSquares] = squares;
    return NaN;
  }
  s[a] = period;
  const mean = windowMean(sum, period, unit);
  const meanSquare = squares / period;
  const oldest = s[(MOMENT_FIELDS + next) * L + a];
  s[iSum] = sum - oldest;
  const oldestValue = oldest / unit;
  s[iSquares] = squares - oldestValue * oldestValue;
  s[4 * L + a] = mean;
  return meanSquare - mean * mean;
}

/**
 * Population standard deviation of the last `period` closes times `nbDev`
 * (TA-Lib STDDEV: `sqrt(E[x²] - E[x]²)` from running sums; 0 when that
 * variance is <= 0). First valid index: `period - 1`.
 */
export function stddev(period = 5, nbDev = 1): IndicatorSpec<ValueOutput> {
  checkPeriod('stddev', 'period', period);
  checkFinite('stddev', 'nbDev', nbDev);
  return {
    name: `stddev(${period}, ${nbDev})`,
    inputs: ['close'],
    outputs: VALUE,
    firstValid: [period - 1],
    stateSize: MOMENT_FIELDS + period,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = stddevStep(s, L, a, period, nbDev, x, u);
    },
    kernel: kernelOf('stddev', period, nbDev),
  };
}

/** One bar of {@link stddev} on `x` in units of `u`. */
export function stddevStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  nbDev: number,
  x: number,
  u: number,
): number {
  const variance = varianceStep(s, L, a, period, x, u);
  return variance !== variance ? NaN : variance > 0 ? Math.sqrt(variance) * nbDev : 0;
}

/** Output names of {@link bbands}. */
export type BandsOutput = 'middle' | 'upper' | 'lower';

/**
 * Bollinger Bands (TA-Lib BBANDS with an SMA): middle = SMA(`period`),
 * upper/lower = middle ± population stddev × `nbDevUp`/`nbDevDn`. The middle
 * is exact on integer units (as {@link sma}); the deviation is float.
 * First valid index: `period - 1`.
 */
export function bbands(period = 5, nbDevUp = 2, nbDevDn = nbDevUp): IndicatorSpec<BandsOutput> {
  checkPeriod('bbands', 'period', period);
  checkFinite('bbands', 'nbDevUp', nbDevUp);
  checkFinite('bbands', 'nbDevDn', nbDevDn);
  return {
    name: `bbands(${period}, ${nbDevUp}, ${nbDevDn})`,
    inputs: ['close'],
    outputs: ['middle', 'upper', 'lower'],
    firstValid: [period - 1, period - 1, period - 1],
    stateSize: MOMENT_FIELDS + period,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      bbandsStep(s, L, a, period, nbDevUp, nbDevDn, x, u, r);
    },
    kernel: kernelOf('bbands', period, nbDevUp, nbDevDn),
    columns: (inputs, outputs, units) =>
      bbandsColumn(
        inputs[0],
        outputs[0],
        outputs[1],
        outputs[2],
        period,
        nbDevUp,
        nbDevDn,
        units[0],
      ),
  };
}

/** One bar of {@link bbands} on `x` in units of `u` into `r` (shared with the declared kernel's twin). */
export function bbandsStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  nbDevUp: number,
  nbDevDn: number,
  x: number,
  u: number,
  r: Float64Array,
): void {
  const variance = varianceStep(s, L, a, period, x, u);
  if (variance !== variance) {
    r[0] = NaN;
    r[1] = NaN;
    r[2] = NaN;
    return;
  }
  const middle = s[4 * L + a];
  const deviation = variance > 0 ? Math.sqrt(variance) : 0;
  r[0] = middle;
  r[1] = middle + deviation * nbDevUp;
  r[2] = middle - deviation * nbDevDn;
}

/**
 * True range (TA-Lib TRANGE): max(high - low, |prevClose - high|, |prevClose - low|),
 * exact on integer units. The first bar has no previous close: first valid index 1.
 */
export function trueRange(): IndicatorSpec<ValueOutput> {
  // fields: 0 seen a bar, 1 previous close
  return {
    name: 'trueRange()',
    inputs: HLC,
    outputs: VALUE,
    firstValid: [1],
    stateSize: 2,
    units: true,
    step: (s, L, a, high, low, close, _3, r, u) => {
      r[0] = trueRangeStep(s, L, a, high, low, close, u);
    },
    kernel: kernelOf('trueRange'),
  };
}

/** One bar of {@link trueRange} on units of `u` (shared with the declared kernel's twin). */
export function trueRangeStep(
  s: Float64Array,
  L: number,
  a: number,
  high: number,
  low: number,
  close: number,
  u: number,
): number {
  // In units the differences are exact: one rounding, in the division.
  const value = s[a] === 0 ? NaN : trueRangeOf(high, low, s[L + a]) / u;
  s[a] = 1;
  s[L + a] = close;
  return value;
}

/**
 * Average true range (TA-Lib ATR): Wilder's smoothing of the true range,
 * seeded with the mean of the first `period` true ranges. First valid index: `period`.
 */
export function atr(period = 14): IndicatorSpec<ValueOutput> {
  checkPeriod('atr', 'period', period);
  // fields: 0 seen a bar, 1 previous close, 2.. Wilder block
  return {
    name: `atr(${period})`,
    inputs: HLC,
    outputs: VALUE,
    firstValid: [period],
    stateSize: 2 + WILDER_FIELDS,
    units: true,
    step: (s, L, a, high, low, close, _3, r, u) => {
      r[0] = atrStep(s, L, a, period, high, low, close, u);
    },
    kernel: kernelOf('atr', period),
    columns: (inputs, outputs, units) =>
      atrColumn(inputs[0], inputs[1], inputs[2], outputs[0], period, units[0]),
  };
}

/** One bar of {@link atr} on units of `u` (shared with the declared kernel's twin). */
export function atrStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  high: number,
  low: number,
  close: number,
  u: number,
): number {
  const seen = s[a];
  const prevClose = s[L + a];
  s[a] = 1;
  s[L + a] = close / u;
  return seen === 0
    ? NaN
    : wilderStep(s, L, a, 2, period, trueRangeOf(high / u, low / u, prevClose));
}

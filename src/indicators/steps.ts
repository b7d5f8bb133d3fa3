import { windowMean } from '../numeric/unit-arithmetic.js';
// Building blocks shared by the indicator steps. Each works on a block of
// state fields starting at field `base`; field f of lane a is s[(base + f) * L + a].
// All of them accept a zero-filled block as a fresh start.

/** Fields used by {@link smaStep} besides its ring of `period` values. */
export const SMA_FIELDS = 3;

/**
 * Simple moving average in TA-Lib's running-sum order: add the new value,
 * divide, then subtract the value leaving the window. NaN until `period` values.
 * With integer units `x` (and `unit` = 10^scale) the running sum is an exact
 * integer (while below 2^53), and the mean (see `windowMean`) is the
 * correctly rounded window mean, whatever the series length.
 */
export function smaStep(
  s: Float64Array,
  L: number,
  a: number,
  base: number,
  period: number,
  x: number,
  unit: number,
): number {
  const iCount = base * L + a;
  const iPos = iCount + L;
  const iSum = iPos + L;
  const ring = base + SMA_FIELDS;
  const pos = s[iPos] | 0;
  s[(ring + pos) * L + a] = x;
  const next = pos + 1 === period ? 0 : pos + 1;
  s[iPos] = next;
  const sum = s[iSum] + x;
  const count = s[iCount] + 1;
  if (count < period) {
    s[iCount] = count;
    s[iSum] = sum;
    return NaN;
  }
  s[iCount] = period;
  // Slot `next` holds the oldest value of the window that ends at this bar.
  s[iSum] = sum - s[(ring + next) * L + a];
  return windowMean(sum, period, unit);
}

/** Fields used by {@link emaStep}. */
export const EMA_FIELDS = 3;

/**
 * Exponential moving average seeded, as TA-Lib does, with the simple mean of
 * its first `period` values; then `prev + k * (x - prev)` computed as
 * `(x - prev) * k + prev`.
 */
export function emaStep(
  s: Float64Array,
  L: number,
  a: number,
  base: number,
  period: number,
  k: number,
  x: number,
): number {
  const iCount = base * L + a;
  const iSum = iCount + L;
  const iValue = iSum + L;
  const count = s[iCount];
  if (count >= period) {
    const prev = s[iValue];
    const value = (x - prev) * k + prev;
    s[iValue] = value;
    return value;
  }
  const sum = s[iSum] + x;
  s[iSum] = sum;
  s[iCount] = count + 1;
  if (count + 1 < period) return NaN;
  const value = sum / period;
  s[iValue] = value;
  return value;
}

/** Fields used by {@link wilderStep} (same layout as the EMA). */
export const WILDER_FIELDS = 3;

/**
 * Wilder's smoothing (SMMA, RMA): seeded with the simple mean of the first
 * `period` values, then `(prev * (period - 1) + x) / period` as in TA-Lib's
 * RSI and ATR.
 */
export function wilderStep(
  s: Float64Array,
  L: number,
  a: number,
  base: number,
  period: number,
  x: number,
): number {
  const iCount = base * L + a;
  const iSum = iCount + L;
  const iValue = iSum + L;
  const count = s[iCount];
  if (count >= period) {
    const value = (s[iValue] * (period - 1) + x) / period;
    s[iValue] = value;
    return value;
  }
  const sum = s[iSum] + x;
  s[iSum] = sum;
  s[iCount] = count + 1;
  if (count + 1 < period) return NaN;
  const value = sum / period;
  s[iValue] = value;
  return value;
}

/** Fields used by {@link lagStep} besides its ring of `period` values. */
export const LAG_FIELDS = 2;

/** Records `x` and returns the value `period` bars before it (NaN until there is one). */
export function lagStep(
  s: Float64Array,
  L: number,
  a: number,
  base: number,
  period: number,
  x: number,
): number {
  const iCount = base * L + a;
  const iPos = iCount + L;
  const pos = s[iPos] | 0;
  const slot = (base + LAG_FIELDS + pos) * L + a;
  const count = s[iCount];
  const old = count >= period ? s[slot] : NaN;
  s[slot] = x;
  s[iPos] = pos + 1 === period ? 0 : pos + 1;
  if (count < period) s[iCount] = count + 1;
  return old;
}

/** Fields used by {@link extremeStep} besides its queue. */
export const EXTREME_FIELDS = 3;

/** State size of one {@link extremeStep} block over `period` bars. */
export function extremeSize(period: number): number {
  return EXTREME_FIELDS + 2 * period;
}

/**
 * Highest (`sign` = 1) or lowest (`sign` = -1) of the last `period` values.
 * Keeps a monotonic queue (a circular buffer of `period` values and their bar
 * indexes, best first): a new value drops the queued values it dominates from
 * the back, the front leaves when it falls out of the window. Each value
 * enters and leaves once: O(1) amortized per bar, never a rescan of the window.
 */
export function extremeStep(
  s: Float64Array,
  L: number,
  a: number,
  base: number,
  period: number,
  sign: number,
  x: number,
): number {
  const iT = base * L + a;
  const iFront = iT + L;
  const iLength = iFront + L;
  const values = base + EXTREME_FIELDS;
  const stamps = values + period;
  const t = s[iT];
  s[iT] = t + 1;
  const signed = sign * x;
  let front = s[iFront] | 0;
  let length = s[iLength] | 0;
  if (length > 0 && s[(stamps + front) * L + a] <= t - period) {
    front = front + 1 === period ? 0 : front + 1;
    length--;
  }
  while (length > 0) {
    let back = front + length - 1;
    if (back >= period) back -= period;
    if (s[(values + back) * L + a] > signed) break;
    length--;
  }
  let slot = front + length;
  if (slot >= period) slot -= period;
  s[(values + slot) * L + a] = signed;
  s[(stamps + slot) * L + a] = t;
  s[iFront] = front;
  s[iLength] = length + 1;
  return t + 1 >= period ? sign * s[(values + front) * L + a] : NaN;
}

/** TA-Lib's true range of a bar given the previous close. */
export function trueRangeOf(high: number, low: number, prevClose: number): number {
  let greatest = high - low;
  const up = Math.abs(prevClose - high);
  if (up > greatest) greatest = up;
  const down = Math.abs(prevClose - low);
  if (down > greatest) greatest = down;
  return greatest;
}

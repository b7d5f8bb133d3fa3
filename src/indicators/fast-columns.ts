import { windowMean } from '../numeric/unit-arithmetic.js';
// Hand-specialized column loops for the most used indicators. Each keeps its
// state in locals and performs exactly the float operations of the indicator's
// step, in the same order, with the same NaN skipping, so `compute` returns
// the same bits as the streaming and batch forms (checked by the forms tests).
// The generic path calls the step per value through a shared call site, which
// V8 cannot inline once several indicators are in use. `unit` is the input's
// divisor (10^scale for integer units, 1 for float prices), as in the steps.
import { trueRangeOf } from './steps.js';

/** Column loop of `sma(period)`: the running sum stays in the input's units. */
export function smaColumn(x: Float64Array, out: Float64Array, period: number, unit: number): void {
  const ring = new Float64Array(period);
  let pos = 0;
  let count = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) {
      out[i] = NaN;
      continue;
    }
    ring[pos] = v;
    pos = pos + 1 === period ? 0 : pos + 1;
    sum += v;
    if (count + 1 < period) {
      count++;
      out[i] = NaN;
      continue;
    }
    count = period;
    out[i] = windowMean(sum, period, unit);
    sum -= ring[pos];
  }
}

/** Column loop of `ema(period)` with smoothing factor `k`. */
export function emaColumn(
  x: Float64Array,
  out: Float64Array,
  period: number,
  k: number,
  unit: number,
): void {
  let count = 0;
  let sum = 0;
  let value = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] / unit;
    if (v !== v) {
      out[i] = NaN;
      continue;
    }
    if (count >= period) {
      value = (v - value) * k + value;
      out[i] = value;
      continue;
    }
    sum += v;
    count++;
    if (count < period) {
      out[i] = NaN;
      continue;
    }
    value = sum / period;
    out[i] = value;
  }
}

/** Column loop of `rsi(period)`. */
export function rsiColumn(x: Float64Array, out: Float64Array, period: number, unit: number): void {
  let t = 0;
  let prev = 0;
  let gain = 0;
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] / unit;
    out[i] = NaN;
    if (v !== v) continue;
    if (t === 0) {
      t = 1;
      prev = v;
      continue;
    }
    const change = v - prev;
    prev = v;
    const before = t;
    if (before > period) {
      gain *= period - 1;
      loss *= period - 1;
    } else {
      t = before + 1;
    }
    if (change < 0) loss -= change;
    else gain += change;
    if (before < period) continue;
    gain /= period;
    loss /= period;
    const total = gain + loss;
    out[i] = total !== 0 ? 100 * (gain / total) : 0;
  }
}

/** Column loop of `atr(period)`. */
export function atrColumn(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out: Float64Array,
  period: number,
  unit: number,
): void {
  let seen = false;
  let prevClose = 0;
  let count = 0;
  let sum = 0;
  let value = 0;
  for (let i = 0; i < close.length; i++) {
    const h = high[i] / unit;
    const l = low[i] / unit;
    const c = close[i] / unit;
    if (h !== h || l !== l || c !== c) {
      out[i] = NaN;
      continue;
    }
    if (!seen) {
      seen = true;
      prevClose = c;
      out[i] = NaN;
      continue;
    }
    const range = trueRangeOf(h, l, prevClose);
    prevClose = c;
    if (count >= period) {
      value = (value * (period - 1) + range) / period;
      out[i] = value;
      continue;
    }
    sum += range;
    count++;
    if (count < period) {
      out[i] = NaN;
      continue;
    }
    value = sum / period;
    out[i] = value;
  }
}

/** Column loop of `bbands(period, up, down)`: the sum in units (exact middle), squares in floats. */
export function bbandsColumn(
  x: Float64Array,
  middle: Float64Array,
  upper: Float64Array,
  lower: Float64Array,
  period: number,
  up: number,
  down: number,
  unit: number,
): void {
  const ring = new Float64Array(period);
  let pos = 0;
  let count = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) {
      middle[i] = NaN;
      upper[i] = NaN;
      lower[i] = NaN;
      continue;
    }
    ring[pos] = v;
    pos = pos + 1 === period ? 0 : pos + 1;
    sum += v;
    const f = v / unit;
    squares += f * f;
    if (count + 1 < period) {
      count++;
      middle[i] = NaN;
      upper[i] = NaN;
      lower[i] = NaN;
      continue;
    }
    count = period;
    const mean = windowMean(sum, period, unit);
    const meanSquare = squares / period;
    const oldest = ring[pos];
    sum -= oldest;
    const oldestValue = oldest / unit;
    squares -= oldestValue * oldestValue;
    const variance = meanSquare - mean * mean;
    if (variance !== variance) {
      middle[i] = NaN;
      upper[i] = NaN;
      lower[i] = NaN;
      continue;
    }
    const deviation = variance > 0 ? Math.sqrt(variance) : 0;
    middle[i] = mean;
    upper[i] = mean + deviation * up;
    lower[i] = mean - deviation * down;
  }
}

import { kernelOf } from './kernel.js';
import { checkPeriod } from './params.js';
import type { IndicatorSpec, ValueOutput } from './spec.js';

const VALUE: readonly ValueOutput[] = ['value'];

/**
 * On-balance volume (TA-Lib OBV): starts at the first bar's volume, then adds
 * the volume on an up close and subtracts it on a down close; exact on
 * integer units. First valid index: 0.
 */
export function obv(): IndicatorSpec<ValueOutput> {
  // fields: 0 seen a bar, 1 previous close, 2 obv
  return {
    name: 'obv()',
    inputs: ['close', 'volume'],
    outputs: VALUE,
    firstValid: [0],
    stateSize: 3,
    units: true,
    // Closes compare the same in units; the volume sum stays in units (exact).
    step: (s, L, a, close, volume, _2, _3, r, _u0, v) => {
      r[0] = obvStep(s, L, a, close, volume, v);
    },
    kernel: kernelOf('obv'),
  };
}

/** One bar of {@link obv}, the volume in units of `v` (shared with the declared kernel's twin). */
export function obvStep(
  s: Float64Array,
  L: number,
  a: number,
  close: number,
  volume: number,
  v: number,
): number {
  const iPrev = L + a;
  const iObv = 2 * L + a;
  let value = volume;
  if (s[a] !== 0) {
    value = s[iObv];
    const prev = s[iPrev];
    if (close > prev) value += volume;
    else if (close < prev) value -= volume;
  }
  s[a] = 1;
  s[iPrev] = close;
  s[iObv] = value;
  return value / v;
}

/**
 * Volume-weighted average price of the typical price `(h + l + c) / 3`:
 * cumulative from the first bar when `period` is 0 (the default; reset a
 * stream at each session to anchor it), else over the last `period` bars.
 * NaN while the volume summed is 0. First valid index: 0 (cumulative) or `period - 1`.
 */
export function vwap(period = 0): IndicatorSpec<ValueOutput> {
  if (period !== 0) checkPeriod('vwap', 'period', period);
  // fields: 0 count, 1 pos, 2 sum of price × volume, 3 sum of volume, then
  // rings of price × volume and of volume when rolling
  return {
    name: `vwap(${period})`,
    inputs: ['high', 'low', 'close', 'volume'],
    outputs: VALUE,
    firstValid: [period === 0 ? 0 : period - 1],
    stateSize: 4 + 2 * period,
    units: true,
    step: (s, L, a, h, l, c, v, r, uh, ul, uc, uv) => {
      r[0] = vwapStep(s, L, a, period, h / uh, l / ul, c / uc, v / uv);
    },
    kernel: kernelOf('vwap', period),
  };
}

/** One bar of {@link vwap} on values (shared with the declared kernel's twin). */
export function vwapStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): number {
  const ringPV = 4;
  const ringV = 4 + period;
  const pv = ((high + low + close) / 3) * volume;
  const iPV = 2 * L + a;
  const iV = 3 * L + a;
  const sumPV = s[iPV] + pv;
  const sumV = s[iV] + volume;
  if (period === 0) {
    s[iPV] = sumPV;
    s[iV] = sumV;
    return sumV !== 0 ? sumPV / sumV : NaN;
  }
  const pos = s[L + a] | 0;
  s[(ringPV + pos) * L + a] = pv;
  s[(ringV + pos) * L + a] = volume;
  const next = pos + 1 === period ? 0 : pos + 1;
  s[L + a] = next;
  const count = s[a] + 1;
  if (count < period) {
    s[a] = count;
    s[iPV] = sumPV;
    s[iV] = sumV;
    return NaN;
  }
  s[a] = period;
  s[iPV] = sumPV - s[(ringPV + next) * L + a];
  s[iV] = sumV - s[(ringV + next) * L + a];
  return sumV !== 0 ? sumPV / sumV : NaN;
}

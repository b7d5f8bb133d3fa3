import { kernelOf } from './kernel.js';
import { checkPeriod } from './params.js';
import type { IndicatorSpec } from './spec.js';
import { trueRangeOf } from './steps.js';

/** Output names of {@link adx}. */
export type AdxOutput = 'adx' | 'plusDI' | 'minusDI';

// fields: 0 t (saturating), 1 prev high, 2 prev low, 3 prev close,
// 4 +DM sum, 5 -DM sum, 6 TR sum, 7 sum of DX / ADX
const FIELDS = 8;

/**
 * Average directional index with +DI and −DI, as TA-Lib ADX/PLUS_DI/MINUS_DI:
 * directional movements and true range summed over the first `period - 1`
 * changes, then Wilder-updated (`sum - sum / period + x`); DI = 100 × DM / TR
 * (0 when TR is 0); ADX = mean of the first `period` DX values, then Wilder's
 * smoothing (a bar whose DX is undefined leaves ADX unchanged).
 * First valid index: ±DI `period`, ADX `2 * period - 1`.
 */
export function adx(period = 14): IndicatorSpec<AdxOutput> {
  checkPeriod('adx', 'period', period);
  const adxStart = 2 * period - 1;
  return {
    name: `adx(${period})`,
    inputs: ['high', 'low', 'close'],
    outputs: ['adx', 'plusDI', 'minusDI'],
    firstValid: [adxStart, period, period],
    stateSize: FIELDS,
    units: true,
    step: (s, L, a, h, l, c, _3, r, u) => {
      adxStep(s, L, a, period, h / u, l / u, c / u, r);
    },
    kernel: kernelOf('adx', period),
  };
}

/** One bar of {@link adx} on values into `r` (shared with the declared kernel's twin). */
export function adxStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  high: number,
  low: number,
  close: number,
  r: Float64Array,
): void {
  const adxStart = 2 * period - 1;
  r[0] = NaN;
  r[1] = NaN;
  r[2] = NaN;
  const t = s[a];
  if (t <= adxStart) s[a] = t + 1;
  const iHigh = L + a;
  const iLow = 2 * L + a;
  const iClose = 3 * L + a;
  if (t === 0) {
    s[iHigh] = high;
    s[iLow] = low;
    s[iClose] = close;
    return;
  }
  const diffP = high - s[iHigh];
  const diffM = s[iLow] - low;
  const range = trueRangeOf(high, low, s[iClose]);
  s[iHigh] = high;
  s[iLow] = low;
  s[iClose] = close;
  const iPlus = 4 * L + a;
  const iMinus = 5 * L + a;
  const iTr = 6 * L + a;
  let plusDM = s[iPlus];
  let minusDM = s[iMinus];
  let tr = s[iTr];
  if (t >= period) {
    minusDM -= minusDM / period;
    plusDM -= plusDM / period;
  }
  if (diffM > 0 && diffP < diffM) minusDM += diffM;
  else if (diffP > 0 && diffP > diffM) plusDM += diffP;
  tr = t >= period ? tr - tr / period + range : tr + range;
  s[iPlus] = plusDM;
  s[iMinus] = minusDM;
  s[iTr] = tr;
  if (t < period) return;
  let plusDI = 0;
  let minusDI = 0;
  let dx = NaN;
  if (tr !== 0) {
    minusDI = 100 * (minusDM / tr);
    plusDI = 100 * (plusDM / tr);
    const total = minusDI + plusDI;
    if (total !== 0) dx = 100 * (Math.abs(minusDI - plusDI) / total);
  }
  r[1] = plusDI;
  r[2] = minusDI;
  const iAdx = 7 * L + a;
  if (t < adxStart) {
    if (dx === dx) s[iAdx] += dx;
    return;
  }
  if (t === adxStart) {
    const first = (dx === dx ? s[iAdx] + dx : s[iAdx]) / period;
    s[iAdx] = first;
    r[0] = first;
    return;
  }
  if (dx === dx) s[iAdx] = (s[iAdx] * (period - 1) + dx) / period;
  r[0] = s[iAdx];
}

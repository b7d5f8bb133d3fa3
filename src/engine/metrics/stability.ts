import { withoutNaN } from './nan-statistics.js';

/**
 * Stability of the equity curve: R² of a least-squares line through the
 * cumulative log returns (`cumsum(log1p(r))`) against the period number, NaN
 * periods dropped. 1 for steady compounding, 0 for a flat curve (scipy's
 * `linregress` convention); NaN for fewer than two periods (NaN ones counted,
 * as empyrical) or fewer than two non-NaN ones.
 */
export function stabilityOfTimeseries(returns: Float64Array): number {
  if (returns.length < 2) return NaN;
  const clean = withoutNaN(returns);
  const n = clean.length;
  if (n < 2) return NaN;
  const curve = new Float64Array(n);
  let level = 0;
  for (let i = 0; i < n; i++) {
    level += Math.log1p(clean[i]);
    curve[i] = level;
  }
  const meanX = (n - 1) / 2;
  let meanY = 0;
  for (const y of curve) meanY += y;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - meanX;
    const dy = curve[i] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (syy === 0) return 0;
  const r = sxy / Math.sqrt(sxx * syy);
  return r * r;
}

/**
 * Indices of bars whose close-to-close log return is more than `threshold`
 * robust standard deviations from the median return, where the robust
 * standard deviation is 1.4826 x the median absolute deviation (MAD). Returns
 * nothing for fewer than `minBars` bars or a series that never moves.
 *
 * Only closes at or before each bar are compared with it (no look-ahead in the
 * return itself); the scale is estimated from the whole series, which is fine
 * for a data-quality report but not for a trading signal.
 */
export function findOutliers(close: Float64Array, threshold = 10, minBars = 20): number[] {
  const n = close.length;
  if (n < minBars) return [];
  const returns = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) returns[i - 1] = Math.log(close[i] / close[i - 1]);
  const median = medianOf(returns);
  const deviations = returns.map((r) => Math.abs(r - median));
  const scale = 1.4826 * medianOf(deviations);
  if (!(scale > 0)) return [];
  const outliers: number[] = [];
  for (let i = 0; i < returns.length; i++) {
    if (Math.abs(returns[i] - median) > threshold * scale) outliers.push(i + 1);
  }
  return outliers;
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

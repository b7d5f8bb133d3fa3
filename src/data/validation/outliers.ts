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

/** Median of `values` (left intact) in linear expected time, by quickselect on a copy. */
function medianOf(values: Float64Array): number {
  const copy = Float64Array.from(values);
  const mid = copy.length >> 1;
  const upper = select(copy, mid);
  if (copy.length % 2 === 1) return upper;
  // After selecting `mid`, everything left of it is <= it: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (copy[i] > lower) lower = copy[i];
  return (lower + upper) / 2;
}

/** Rearranges `a` so that `a[k]` is its k-th smallest value (Hoare's selection), and returns it. */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (left < right) {
    const pivot = a[(left + right) >> 1];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Per-period simple returns of a value series (prices or portfolio values):
 * `values[i + 1] / values[i] - 1`, one fewer than the values (a zero value
 * gives an infinite return after it, as empyrical's `simple_returns`).
 */
export function simpleReturns(values: Float64Array): Float64Array {
  const returns = new Float64Array(Math.max(values.length - 1, 0));
  for (let i = 0; i < returns.length; i++) returns[i] = values[i + 1] / values[i] - 1;
  return returns;
}

/**
 * Compounded return up to each period: `prod(1 + r) - 1`, or the value of
 * `startingValue` invested when it is not 0. NaN returns count as 0 (no change).
 */
export function cumulativeReturns(returns: Float64Array, startingValue = 0): Float64Array {
  const out = new Float64Array(returns.length);
  let growth = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (!Number.isNaN(r)) growth *= 1 + r;
    out[i] = startingValue === 0 ? growth - 1 : growth * startingValue;
  }
  return out;
}

/**
 * Compounded return over the whole series (`prod(1 + r) - 1`), or the final
 * value of `startingValue` when it is not 0; NaN returns count as 0, and an
 * empty series gives NaN.
 */
export function totalReturn(returns: Float64Array, startingValue = 0): number {
  if (returns.length === 0) return NaN;
  let growth = 1;
  for (const r of returns) if (!Number.isNaN(r)) growth *= 1 + r;
  return startingValue === 0 ? growth - 1 : growth * startingValue;
}

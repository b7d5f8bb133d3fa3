/**
 * Largest peak-to-trough fall of the compounded value, as a fraction of the
 * peak: a number in [-1, 0] (0 when the value never falls). The starting
 * value counts as the first peak, so a loss in the first period is a drawdown.
 * NaN returns count as 0; an empty series gives NaN.
 */
export function maxDrawdown(returns: Float64Array): number {
  if (returns.length === 0) return NaN;
  let value = 1;
  let peak = 1;
  let worst = 0;
  for (const r of returns) {
    if (!Number.isNaN(r)) value *= 1 + r;
    if (value > peak) peak = value;
    const drawdown = (value - peak) / peak;
    if (drawdown < worst) worst = drawdown;
  }
  return worst;
}

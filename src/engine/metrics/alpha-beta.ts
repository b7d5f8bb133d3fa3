import {
  checkAnnualization,
  checkSameLength,
  excessReturns,
  type PerPeriodRate,
} from './metric-arguments.js';

/** Jensen's alpha (annualized) and beta of a strategy against a benchmark. */
export interface AlphaBeta {
  /** Annualized alpha: `(1 + mean(r - beta * b))^annualization - 1` on excess returns. */
  alpha: number;
  /** Beta: covariance of returns with the benchmark over the benchmark's variance. */
  beta: number;
}

/**
 * Alpha and beta of `returns` against `benchmark`, aligned period by period.
 * Periods where either is NaN are dropped; both are first reduced by
 * `riskFree`. Beta is the least-squares slope (population covariance over
 * population variance, NaN when the benchmark's variance is below 1e-30);
 * alpha is the mean residual, compounded over `annualization` periods.
 * Fewer than two periods (NaN ones counted) give NaN for both.
 *
 * @throws RustybtError `ERR_INVALID_ARGUMENT` when the series differ in length.
 */
export function alphaBeta(
  returns: Float64Array,
  benchmark: Float64Array,
  annualization: number,
  riskFree: PerPeriodRate = 0,
): AlphaBeta {
  checkAnnualization(annualization);
  checkSameLength('alphaBeta', returns, benchmark, 'returns', 'benchmark');
  if (returns.length < 2) return { alpha: NaN, beta: NaN };
  const r = excessReturns('alphaBeta', returns, riskFree);
  const b = excessReturns('alphaBeta', benchmark, riskFree);

  let count = 0;
  let sumR = 0;
  let sumB = 0;
  for (let i = 0; i < r.length; i++) {
    if (Number.isNaN(r[i]) || Number.isNaN(b[i])) continue;
    count++;
    sumR += r[i];
    sumB += b[i];
  }
  if (count === 0) return { alpha: NaN, beta: NaN };
  const meanB = sumB / count;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < r.length; i++) {
    if (Number.isNaN(r[i]) || Number.isNaN(b[i])) continue;
    covariance += (b[i] - meanB) * r[i];
    variance += (b[i] - meanB) * (b[i] - meanB);
  }
  variance /= count;
  const beta = variance < 1e-30 ? NaN : covariance / count / variance;
  const meanResidual = (sumR - beta * sumB) / count;
  return { alpha: (1 + meanResidual) ** annualization - 1, beta };
}

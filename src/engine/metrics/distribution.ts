import { withoutNaN } from './nan-statistics.js';
import { valueAtRisk } from './tail-risk.js';
import { checkAnnualization, excessReturns, type PerPeriodRate } from './metric-arguments.js';

/**
 * Sample skewness of the non-NaN returns, bias-corrected (the adjusted
 * Fisher–Pearson coefficient G1, as pandas' `Series.skew` that quantstats
 * uses). NaN for fewer than three returns; 0 when all are equal.
 */
export function skewness(returns: Float64Array): number {
  const r = withoutNaN(returns);
  const n = r.length;
  if (n < 3) return NaN;
  const { m2, m3 } = centralMoments(r);
  if (m2 === 0) return 0;
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}

/**
 * Excess kurtosis of the non-NaN returns, bias-corrected (G2, as pandas'
 * `Series.kurt` that quantstats uses; 0 for a normal distribution). NaN for
 * fewer than four returns; 0 when all are equal.
 */
export function kurtosis(returns: Float64Array): number {
  const r = withoutNaN(returns);
  const n = r.length;
  if (n < 4) return NaN;
  const { m2, m4 } = centralMoments(r);
  if (m2 === 0) return 0;
  const g2 = m4 / (m2 * m2) - 3;
  return ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * g2 + 6);
}

function centralMoments(r: Float64Array): { m2: number; m3: number; m4: number } {
  let mean = 0;
  for (const x of r) mean += x;
  mean /= r.length;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const x of r) {
    const d = x - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { m2: m2 / r.length, m3: m3 / r.length, m4: m4 / r.length };
}

/**
 * Tail ratio: |95th percentile| over |5th percentile| of the non-NaN returns
 * (empyrical's `tail_ratio`): 1.2 means the best days are 20% larger than the
 * worst days are deep. NaN for no returns or a zero 5th percentile.
 */
export function tailRatio(returns: Float64Array): number {
  const left = Math.abs(valueAtRisk(returns, 0.05));
  if (!(left > 0)) return NaN;
  return Math.abs(valueAtRisk(returns, 0.95)) / left;
}

/**
 * Omega ratio (empyrical's `omega_ratio`): the sum of returns above the
 * threshold over the absolute sum of returns below it, where the threshold
 * is `riskFree` plus `requiredReturn` (an annual rate) de-annualized as
 * `(1 + required)^(1 / annualization) - 1`. NaN periods are dropped; NaN when
 * nothing falls below the threshold.
 *
 * @param requiredReturn - minimum acceptable return per year, 0 by default
 */
export function omegaRatio(
  returns: Float64Array,
  annualization: number,
  riskFree: PerPeriodRate = 0,
  requiredReturn = 0,
): number {
  checkAnnualization(annualization);
  if (!(requiredReturn > -1)) return NaN;
  const threshold =
    annualization === 1 ? requiredReturn : (1 + requiredReturn) ** (1 / annualization) - 1;
  const excess = excessReturns('omegaRatio', returns, riskFree);
  let gains = 0;
  let losses = 0;
  for (const r of excess) {
    const x = r - threshold;
    if (x > 0) gains += x;
    else if (x < 0) losses -= x;
  }
  return losses > 0 ? gains / losses : NaN;
}

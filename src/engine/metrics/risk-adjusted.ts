import { annualReturn } from './annualized.js';
import { maxDrawdown } from './drawdown.js';
import { checkAnnualization, excessReturns, type PerPeriodRate } from './metric-arguments.js';
import { nanMean, nanStd } from './nan-statistics.js';

/**
 * Annualized Sharpe ratio: mean over sample standard deviation (ddof = 1) of
 * the excess returns `r - riskFree`, NaN periods dropped, times
 * `sqrt(annualization)`. NaN for fewer than two periods (NaN ones counted) or
 * zero spread with zero mean; ±Infinity for zero spread with a non-zero mean.
 *
 * @param riskFree - per-period risk-free rate, one number or one per period
 */
export function sharpeRatio(
  returns: Float64Array,
  annualization: number,
  riskFree: PerPeriodRate = 0,
): number {
  checkAnnualization(annualization);
  if (returns.length < 2) return NaN;
  const excess = excessReturns('sharpeRatio', returns, riskFree);
  return (nanMean(excess) / nanStd(excess, 1)) * Math.sqrt(annualization);
}

/**
 * Annualized downside deviation below `requiredReturn`:
 * `sqrt(mean(min(r - required, 0)^2)) * sqrt(annualization)` over the non-NaN
 * periods. NaN for an empty series.
 */
export function downsideRisk(
  returns: Float64Array,
  annualization: number,
  requiredReturn: PerPeriodRate = 0,
): number {
  checkAnnualization(annualization);
  if (returns.length === 0) return NaN;
  const shortfall = excessReturns('downsideRisk', returns, requiredReturn).map((r) =>
    r < 0 ? r * r : r >= 0 ? 0 : NaN,
  );
  return Math.sqrt(nanMean(shortfall)) * Math.sqrt(annualization);
}

/**
 * Annualized Sortino ratio: the mean excess return over `requiredReturn`
 * (NaN periods dropped) times `annualization`, divided by `downsideRisk`.
 * NaN for fewer than two periods; Infinity when nothing falls below the target.
 */
export function sortinoRatio(
  returns: Float64Array,
  annualization: number,
  requiredReturn: PerPeriodRate = 0,
): number {
  checkAnnualization(annualization);
  if (returns.length < 2) return NaN;
  const meanExcess = nanMean(excessReturns('sortinoRatio', returns, requiredReturn));
  return (meanExcess * annualization) / downsideRisk(returns, annualization, requiredReturn);
}

/**
 * Calmar ratio: annual return over the absolute maximum drawdown. NaN when
 * there is no drawdown or the ratio is infinite.
 */
export function calmarRatio(returns: Float64Array, annualization: number): number {
  const drawdown = maxDrawdown(returns);
  if (!(drawdown < 0)) return NaN;
  const ratio = annualReturn(returns, annualization) / Math.abs(drawdown);
  return Number.isFinite(ratio) ? ratio : NaN;
}

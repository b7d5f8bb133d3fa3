import { checkAnnualization } from './metric-arguments.js';
import { nanStd } from './nan-statistics.js';
import { totalReturn } from './returns.js';

/**
 * Compound annual growth rate: `(1 + total return)^(annualization / n) - 1`
 * where `n` counts every period, NaN ones included (as empyrical's
 * `annual_return`). An empty series gives NaN.
 */
export function annualReturn(returns: Float64Array, annualization: number): number {
  checkAnnualization(annualization);
  if (returns.length === 0) return NaN;
  const years = returns.length / annualization;
  return (1 + totalReturn(returns)) ** (1 / years) - 1;
}

/**
 * Annualized volatility: the sample standard deviation (ddof = 1) of the
 * non-NaN returns times `sqrt(annualization)`; NaN with fewer than two.
 */
export function annualVolatility(returns: Float64Array, annualization: number): number {
  checkAnnualization(annualization);
  return nanStd(returns, 1) * Math.sqrt(annualization);
}

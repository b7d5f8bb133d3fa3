import { checkSameLength } from './metric-arguments.js';
import { nanMean, nanStd } from './nan-statistics.js';

/**
 * Information ratio: mean active return over its sample standard deviation
 * (ddof = 1), where the active return is `returns - benchmark` period by
 * period; periods where either is NaN are dropped. Per period, not
 * annualized, as empyrical's `excess_sharpe` and quantstats'
 * `information_ratio`. NaN for fewer than two periods or no spread.
 *
 * @throws RustybtError `ERR_INVALID_ARGUMENT` when the series differ in length.
 */
export function informationRatio(returns: Float64Array, benchmark: Float64Array): number {
  checkSameLength('informationRatio', returns, benchmark, 'returns', 'benchmark');
  const active = returns.map((r, i) => r - benchmark[i]);
  const spread = nanStd(active, 1);
  if (!(spread > 0)) return NaN;
  return nanMean(active) / spread;
}

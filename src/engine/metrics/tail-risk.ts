import { RustybtError } from '../../errors/index.js';
import { withoutNaN } from './nan-statistics.js';

function checkCutoff(cutoff: number): void {
  if (!(cutoff >= 0 && cutoff <= 1)) {
    throw new RustybtError(
      'ERR_INVALID_ARGUMENT',
      `cutoff must be a fraction from 0 to 1 (0.05 for the worst 5%), got ${cutoff}.`,
    );
  }
}

/**
 * Historical value at risk: the `cutoff` quantile of the non-NaN returns,
 * interpolated linearly between order statistics (numpy's default
 * percentile). A negative number is a loss. NaN for no returns.
 *
 * @param cutoff - fraction of the distribution in the tail, 0.05 by default
 */
export function valueAtRisk(returns: Float64Array, cutoff = 0.05): number {
  checkCutoff(cutoff);
  const sorted = withoutNaN(returns).sort();
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * cutoff;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * Historical conditional value at risk (expected shortfall): the mean of the
 * `floor((n - 1) * cutoff) + 1` worst non-NaN returns. NaN for no returns.
 *
 * @param cutoff - fraction of the distribution in the tail, 0.05 by default
 */
export function conditionalValueAtRisk(returns: Float64Array, cutoff = 0.05): number {
  checkCutoff(cutoff);
  const sorted = withoutNaN(returns).sort();
  if (sorted.length === 0) return NaN;
  const tail = Math.floor((sorted.length - 1) * cutoff) + 1;
  let sum = 0;
  for (let i = 0; i < tail; i++) sum += sorted[i];
  return sum / tail;
}

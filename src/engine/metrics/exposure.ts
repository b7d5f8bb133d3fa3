import { checkSameLength } from './metric-arguments.js';

/**
 * Average gross exposure: the mean over periods of
 * `grossPositionValue[i] / portfolioValue[i]`, where the gross position value
 * is the sum of |position value| over all positions at the period's end
 * (longs plus shorts). 1 is fully invested, 0 all cash, 2 twice leveraged.
 * Periods with a NaN or non-positive portfolio value are skipped; NaN if none
 * is left.
 *
 * @throws RustybtError `ERR_INVALID_ARGUMENT` when the series differ in length.
 */
export function exposure(grossPositionValue: Float64Array, portfolioValue: Float64Array): number {
  checkSameLength(
    'exposure',
    grossPositionValue,
    portfolioValue,
    'grossPositionValue',
    'portfolioValue',
  );
  let sum = 0;
  let count = 0;
  for (let i = 0; i < portfolioValue.length; i++) {
    const value = portfolioValue[i];
    const gross = grossPositionValue[i];
    if (!(value > 0) || Number.isNaN(gross)) continue;
    sum += Math.abs(gross) / value;
    count++;
  }
  return count === 0 ? NaN : sum / count;
}

/**
 * Turnover over the whole run: the total traded value (|quantity × fill
 * price| of every fill, buys and sells) divided by the average portfolio
 * value. Buying a full portfolio and selling it once is a turnover of 2.
 * NaN when no period has a positive portfolio value.
 *
 * @param tradedValue - traded value per period (0 where nothing traded)
 * @param portfolioValue - portfolio value per period
 * @throws RustybtError `ERR_INVALID_ARGUMENT` when the series differ in length.
 */
export function turnover(tradedValue: Float64Array, portfolioValue: Float64Array): number {
  checkSameLength('turnover', tradedValue, portfolioValue, 'tradedValue', 'portfolioValue');
  let traded = 0;
  let valueSum = 0;
  let count = 0;
  for (let i = 0; i < portfolioValue.length; i++) {
    if (!Number.isNaN(tradedValue[i])) traded += Math.abs(tradedValue[i]);
    if (portfolioValue[i] > 0) {
      valueSum += portfolioValue[i];
      count++;
    }
  }
  return count === 0 ? NaN : traded / (valueSum / count);
}

/**
 * Time in the market: the share of periods that end holding any position
 * (gross position value ≠ 0). quantstats' `exposure` approximates this from
 * the returns (periods with a non-zero return); rustybt counts the book
 * itself, so a held position with a flat price still counts. NaN without
 * periods.
 *
 * @param grossPositionValue - sum of |position value| at each period's end
 */
export function exposureTime(grossPositionValue: Float64Array): number {
  if (grossPositionValue.length === 0) return NaN;
  let held = 0;
  for (const g of grossPositionValue) if (g !== 0 && !Number.isNaN(g)) held++;
  return held / grossPositionValue.length;
}

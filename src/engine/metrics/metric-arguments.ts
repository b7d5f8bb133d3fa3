import { RustybtError } from '../../errors/index.js';

/**
 * Checks an annualization factor: periods per year, positive and finite
 * (252 for exchange calendars, 365 for 24/7).
 *
 * @throws RustybtError `ERR_INVALID_ARGUMENT` naming the bad value.
 */
export function checkAnnualization(annualization: number): void {
  if (!(Number.isFinite(annualization) && annualization > 0)) {
    throw new RustybtError(
      'ERR_INVALID_ARGUMENT',
      `annualization must be a positive number of periods per year (252 for exchange calendars, 365 for 24/7), got ${annualization}.`,
    );
  }
}

/**
 * Checks that two per-period series line up period by period.
 *
 * @throws RustybtError `ERR_INVALID_ARGUMENT` giving both lengths.
 */
export function checkSameLength(
  what: string,
  a: Float64Array,
  b: Float64Array,
  aName: string,
  bName: string,
): void {
  if (a.length !== b.length) {
    throw new RustybtError(
      'ERR_INVALID_ARGUMENT',
      `${what}: ${aName} has ${a.length} periods but ${bName} has ${b.length}; pass series aligned period by period (NaN for a missing period).`,
    );
  }
}

/** A return target: one rate for every period, or one per period. */
export type PerPeriodRate = number | Float64Array;

/** `returns[i] - rate` (or `- rate[i]`), a new array; NaN where either is NaN. */
export function excessReturns(
  what: string,
  returns: Float64Array,
  rate: PerPeriodRate,
): Float64Array {
  if (typeof rate === 'number') {
    if (rate === 0) return returns;
    return returns.map((r) => r - rate);
  }
  checkSameLength(what, returns, rate, 'returns', 'the rate series');
  return returns.map((r, i) => r - rate[i]);
}

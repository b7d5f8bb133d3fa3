import { RustybtError } from '../../errors/index.js';

/** A calendar bucket of returns, compounded. */
export interface PeriodReturn {
  /** `YYYY-MM` for a month, `YYYY` for a year. */
  period: string;
  /** Compounded return over the bucket's sessions: `prod(1 + r) - 1`, NaN ones as 0. */
  return: number;
}

/**
 * Compounds per-session returns into calendar months or years (quantstats'
 * `aggregate_returns` / empyrical's `aggregate_returns`): one entry per
 * bucket that has sessions, in order.
 *
 * @param sessions - each return's session label (UTC epoch ms of the date)
 * @throws RustybtError `ERR_INVALID_ARGUMENT` when the series differ in length.
 */
export function calendarReturns(
  returns: Float64Array,
  sessions: ArrayLike<number>,
  by: 'month' | 'year',
): PeriodReturn[] {
  if (returns.length !== sessions.length) {
    throw new RustybtError(
      'ERR_INVALID_ARGUMENT',
      `calendarReturns: returns has ${returns.length} periods but sessions has ${sessions.length}; pass one session label per return.`,
    );
  }
  const out: PeriodReturn[] = [];
  const width = by === 'month' ? 7 : 4;
  let current = '';
  let growth = 1;
  for (let i = 0; i < returns.length; i++) {
    const key = new Date(sessions[i]).toISOString().slice(0, width);
    if (key !== current) {
      if (current !== '') out.push({ period: current, return: growth - 1 });
      current = key;
      growth = 1;
    }
    if (!Number.isNaN(returns[i])) growth *= 1 + returns[i];
  }
  if (current !== '') out.push({ period: current, return: growth - 1 });
  return out;
}

/** Best and worst of a set of returns (NaN ones dropped); NaN for none. */
export function bestAndWorst(returns: ArrayLike<number>): { best: number; worst: number } {
  let best = -Infinity;
  let worst = Infinity;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (Number.isNaN(r)) continue;
    if (r > best) best = r;
    if (r < worst) worst = r;
  }
  return best === -Infinity ? { best: NaN, worst: NaN } : { best, worst };
}

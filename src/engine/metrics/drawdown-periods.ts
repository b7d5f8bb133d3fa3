/**
 * One drawdown period: from the high-water mark, down to the lowest value,
 * back to the high-water mark (or still under water at the end). Indices are
 * period numbers into the returns; `peak` is -1 when the high-water mark is
 * the starting value, before the first period.
 */
export interface DrawdownPeriod {
  /** Last period at the high-water mark before the fall (-1: the start). */
  peak: number;
  /** Period of the lowest value. */
  valley: number;
  /** First period back at or above the high-water mark; -1 when not recovered. */
  recovery: number;
  /** Fall from peak to valley as a fraction of the peak, in [-1, 0). */
  depth: number;
  /** Periods from the peak to the recovery (or to the last period when not recovered). */
  length: number;
}

/**
 * The compounded value's fall below its running peak at each period,
 * `(value - runningPeak) / runningPeak`, in [-1, 0] (as `maxDrawdown`); the starting value counts as the
 * first peak. NaN returns count as 0.
 */
export function underwater(returns: Float64Array): Float64Array {
  const out = new Float64Array(returns.length);
  let value = 1;
  let peak = 1;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (!Number.isNaN(r)) value *= 1 + r;
    if (value > peak) peak = value;
    out[i] = (value - peak) / peak;
  }
  return out;
}

/**
 * Every drawdown period of the compounded value, deepest first (ties: the
 * earlier first). A period starts when the value falls below its high-water
 * mark and ends when it regains it (the same periods as quantstats'
 * `drawdown_details` and pyfolio's drawdown table).
 *
 * @param top - keep at most this many (all by default)
 */
export function drawdownPeriods(returns: Float64Array, top = Infinity): DrawdownPeriod[] {
  const water = underwater(returns);
  const periods: DrawdownPeriod[] = [];
  let open: DrawdownPeriod | undefined;
  for (let i = 0; i < water.length; i++) {
    const depth = water[i];
    if (depth < 0) {
      if (open === undefined) open = { peak: i - 1, valley: i, recovery: -1, depth, length: 0 };
      else if (depth < open.depth) {
        open.depth = depth;
        open.valley = i;
      }
    } else if (open !== undefined) {
      open.recovery = i;
      open.length = i - open.peak;
      periods.push(open);
      open = undefined;
    }
  }
  if (open !== undefined) {
    open.length = water.length - 1 - open.peak;
    periods.push(open);
  }
  periods.sort((a, b) => a.depth - b.depth || a.peak - b.peak);
  return periods.slice(0, Math.min(periods.length, top));
}

/** Duration statistics of the drawdown periods, in periods. */
export interface DrawdownDurations {
  /** Length of the deepest drawdown period (NaN without a drawdown). */
  maxDrawdownDuration: number;
  /** Length of the longest drawdown period (NaN without a drawdown). */
  longestDrawdown: number;
}

/** Length of the deepest and of the longest drawdown period, in periods. */
export function drawdownDurations(returns: Float64Array): DrawdownDurations {
  const periods = drawdownPeriods(returns);
  if (periods.length === 0) return { maxDrawdownDuration: NaN, longestDrawdown: NaN };
  let longest = 0;
  for (const p of periods) longest = Math.max(longest, p.length);
  return { maxDrawdownDuration: periods[0].length, longestDrawdown: longest };
}

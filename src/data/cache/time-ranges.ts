/** An inclusive range of UTC epoch ms: bar starts `start <= t <= end`. */
export interface TimeRange {
  start: number;
  end: number;
}

/**
 * The parts of `wanted` no range of `covered` contains, in time order. All
 * ranges lie on a grid of `step` ms (a day for daily bars, a minute for
 * intraday ones), so a gap after a range ending at `e` starts at `e + step`.
 */
export function uncoveredRanges(
  wanted: TimeRange,
  covered: readonly TimeRange[],
  step: number,
): TimeRange[] {
  const sorted = covered
    .filter((range) => range.end >= wanted.start && range.start <= wanted.end)
    .sort((a, b) => a.start - b.start);
  const missing: TimeRange[] = [];
  let cursor = wanted.start;
  for (const range of sorted) {
    if (range.start > cursor) missing.push({ start: cursor, end: range.start - step });
    cursor = Math.max(cursor, range.end + step);
    if (cursor > wanted.end) return missing;
  }
  if (cursor <= wanted.end) missing.push({ start: cursor, end: wanted.end });
  return missing;
}

/**
 * The range of bar starts a request `[start, end]` can hold, on the grid of
 * `step` ms: the start rounded up, the end rounded down. Empty (start > end)
 * when no grid point lies inside.
 */
export function gridRange(start: number, end: number, step: number): TimeRange {
  return { start: Math.ceil(start / step) * step, end: Math.floor(end / step) * step };
}

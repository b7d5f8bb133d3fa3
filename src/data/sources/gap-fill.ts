import type { BarFrame } from '../bar-frame.js';
import type { IssueLog } from '../validation/index.js';

/**
 * The CSV source's forward-fill of missing sessions: each session in
 * `missing` gets a bar at the previous close (open = high = low = close) with
 * zero volume, reported as `forward-filled`. Sessions before the first bar
 * have nothing to fill from and are returned as `unfilled`.
 */
export function fillGaps(
  frame: BarFrame,
  missing: number[],
  log: IssueLog,
): { frame: BarFrame; unfilled: number[] } {
  const unfilled: number[] = [];
  const times = [...frame.timestamps, ...missing].sort((a, b) => a - b);
  const index = new Map<number, number>();
  frame.timestamps.forEach((t, i) => index.set(t, i));
  const filled: BarFrame = {
    ...frame,
    timestamps: Float64Array.from(times),
    open: new Float64Array(times.length),
    high: new Float64Array(times.length),
    low: new Float64Array(times.length),
    close: new Float64Array(times.length),
    volume: new Float64Array(times.length),
  };
  let previous = -1;
  let kept = 0;
  for (let k = 0; k < times.length; k++) {
    const i = index.get(times[k]);
    if (i !== undefined) {
      filled.open[kept] = frame.open[i];
      filled.high[kept] = frame.high[i];
      filled.low[kept] = frame.low[i];
      filled.close[kept] = frame.close[i];
      filled.volume[kept] = frame.volume[i];
      filled.timestamps[kept] = times[k];
      previous = kept++;
    } else if (previous >= 0) {
      const c = filled.close[previous];
      filled.open[kept] = c;
      filled.high[kept] = c;
      filled.low[kept] = c;
      filled.close[kept] = c;
      filled.volume[kept] = 0;
      filled.timestamps[kept] = times[k];
      log.record(
        {
          symbol: frame.symbol,
          timestamp: times[k],
          row: -1,
          problem: 'forward-filled',
          action: 'repaired',
          detail: 'session with no bar filled from the previous close',
        },
        false,
      );
      previous = kept++;
    } else {
      unfilled.push(times[k]);
    }
  }
  if (kept === times.length) return { frame: filled, unfilled };
  for (const column of ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const) {
    filled[column] = filled[column].slice(0, kept);
  }
  return { frame: filled, unfilled };
}

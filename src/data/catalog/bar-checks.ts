import { DAY_MS, type TradingCalendar } from '../../calendar/index.js';
import type { BarFrame } from '../bar-frame.js';

/** One bar whose prices or volume cannot be right, with every rule it breaks. */
export interface OhlcViolation {
  symbol: string;
  frequency: string;
  /** Bar start, UTC epoch ms. */
  timestamp: number;
  /** Rules broken, e.g. `high < low`, `high < max(open, close)`, `non-positive price`. */
  problems: string[];
}

/** Calendar bars a frame lacks between its first and last bar. */
export interface CoverageGap {
  symbol: string;
  frequency: string;
  /** Name of the calendar the bars were expected from. */
  calendar: string;
  /** Bar starts the calendar expects and the frame lacks, UTC epoch ms, ascending. */
  missing: number[];
}

/**
 * Bars breaking the OHLC rules: high below open, close or low; low above open
 * or close; a price of zero or less; a negative volume. Compares the exact
 * integer units of the frame.
 */
export function ohlcViolations(frame: BarFrame): OhlcViolation[] {
  const found: OhlcViolation[] = [];
  const { open, high, low, close, volume } = frame;
  for (let i = 0; i < frame.timestamps.length; i++) {
    const problems: string[] = [];
    if (open[i] <= 0 || high[i] <= 0 || low[i] <= 0 || close[i] <= 0) {
      problems.push('non-positive price');
    }
    if (high[i] < low[i]) problems.push('high < low');
    if (high[i] < Math.max(open[i], close[i])) problems.push('high < max(open, close)');
    if (low[i] > Math.min(open[i], close[i])) problems.push('low > min(open, close)');
    if (volume[i] < 0) problems.push('negative volume');
    if (problems.length > 0) {
      found.push({
        symbol: frame.symbol,
        frequency: frame.frequency,
        timestamp: frame.timestamps[i],
        problems,
      });
    }
  }
  return found;
}

/**
 * Bars the calendar expects between the frame's first and last bar (clamped
 * to the calendar's range) that the frame does not have: a missing session
 * for daily bars, a missing hour or minute of a session for intraday bars.
 * Returns undefined when nothing is missing.
 */
export function coverageGap(frame: BarFrame, calendar: TradingCalendar): CoverageGap | undefined {
  const n = frame.timestamps.length;
  if (n === 0) return undefined;
  const first = Math.max(frame.timestamps[0], calendar.firstSession);
  const last = Math.min(frame.timestamps[n - 1], calendar.lastSession + DAY_MS - 1);
  if (last < first) return undefined;
  const present = new Set(frame.timestamps);
  const missing: number[] = [];
  for (const session of calendar.sessionsInRange(first, last)) {
    const bars =
      frame.frequency === '1d' ? [session] : calendar.barsForSession(session, frame.frequency);
    for (const bar of bars) {
      if (bar >= first && bar <= last && !present.has(bar)) missing.push(bar);
    }
  }
  return missing.length === 0
    ? undefined
    : { symbol: frame.symbol, frequency: frame.frequency, calendar: calendar.name, missing };
}

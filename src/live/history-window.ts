import type { TradingCalendar } from '../calendar/index.js';
import type { BarFrame, Frequency } from '../data/bar-frame.js';
import { ConfigError } from '../errors/index.js';

/**
 * The start of the bar forming at `now` (or the next bar, when the market is
 * closed): the first bar a live run hands over, once it has closed.
 */
export function formingBarStart(
  calendar: TradingCalendar,
  frequency: Frequency,
  now: number,
): number {
  let session = calendar.sessionContaining(now) ?? Math.floor(now / 86_400_000) * 86_400_000;
  for (let k = 0; k < 400; k++) {
    if (calendar.isSession(session)) {
      const bars = calendar.barsForSession(session, frequency);
      const close = calendar.sessionClose(session);
      for (let i = 0; i < bars.length; i++) {
        const end = i + 1 < bars.length ? bars[i + 1] : close;
        if (end > now) return bars[i];
      }
    }
    session = calendar.nextSession(session);
  }
  throw new ConfigError(`${calendar.name} has no session after ${new Date(now).toISOString()}.`);
}

/**
 * The start of the bar `count` bars of the calendar before `liveStart`: the
 * first bar of the start-up history.
 *
 * @throws ConfigError when `count` is not a positive whole number.
 */
export function historyStartBefore(
  calendar: TradingCalendar,
  frequency: Frequency,
  liveStart: number,
  count: number,
): number {
  if (!(Number.isSafeInteger(count) && count > 0)) {
    throw new ConfigError(`--warmup must be a positive whole number of bars, got ${count}.`);
  }
  let session = calendar.sessionContaining(liveStart) ?? calendar.previousSession(liveStart);
  if (!calendar.isSession(session)) session = calendar.previousSession(session);
  let remaining = count;
  for (;;) {
    const bars = calendar.barsForSession(session, frequency);
    let i = bars.length - 1;
    while (i >= 0 && bars[i] >= liveStart) i--;
    if (i + 1 >= remaining) return bars[i + 1 - remaining];
    remaining -= i + 1;
    session = calendar.previousSession(session);
  }
}

/** The bars of `frame` in `[start, end)` (views, no copy). */
export function clip(frame: BarFrame, start: number, end: number): BarFrame {
  const times = frame.timestamps;
  let from = 0;
  while (from < times.length && times[from] < start) from++;
  let to = from;
  while (to < times.length && times[to] < end) to++;
  if (from === 0 && to === times.length) return frame;
  return {
    ...frame,
    timestamps: times.subarray(from, to),
    open: frame.open.subarray(from, to),
    high: frame.high.subarray(from, to),
    low: frame.low.subarray(from, to),
    close: frame.close.subarray(from, to),
    volume: frame.volume.subarray(from, to),
  };
}

/** @throws ConfigError when the history's symbols are not `symbols`, in order. */
export function checkSymbols(frames: readonly BarFrame[], symbols: readonly string[]): void {
  const got = frames.map((frame) => frame.symbol).join(',');
  if (got !== symbols.join(',')) {
    throw new ConfigError(
      `The start-up history has symbols ${got || 'none'}, expected ${symbols.join(',')}.`,
    );
  }
}

/** The quote currency of a symbol: `USDT` of `BTC/USDT`, a known suffix, else USD. */
export function quoteOf(symbol: string): string {
  const slash = symbol.indexOf('/');
  if (slash >= 0) return symbol.slice(slash + 1).split(':')[0];
  const match = /(USDT|USDC|USD|EUR|BTC|ETH)$/.exec(symbol.replace('-', ''));
  return match === null ? 'USD' : match[1];
}

import type { TradingCalendar } from '../calendar/index.js';
import type { Frequency } from '../data/bar-frame.js';
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

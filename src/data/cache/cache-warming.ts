import type { TradingCalendar } from '../../calendar/index.js';
import { CacheError } from '../../errors/index.js';
import { barCount } from '../bar-frame.js';
import type { FetchResult } from '../sources/data-source.js';
import { lastClosedSession } from './freshness.js';

/** When and how a warming runs. */
export interface WarmingOptions {
  /** `now` (default) or after the next close of the calendar. */
  when?: 'now' | 'next-close';
  /** Wait after the close, for the provider to publish the session's bars. Default 5 minutes. */
  delayMs?: number;
  /** Keep the process alive until the warming has run. Default false. */
  keepAlive?: boolean;
}

/** A background pre-fetch started by `CachedDataSource.warm`. */
export interface CacheWarming {
  /** When the fetch runs (UTC ms). */
  readonly at: number;
  /** Settles after the fetch: bars now cached, or the error. Never rejects. */
  readonly done: Promise<{ ok: true; bars: number } | { ok: false; error: unknown }>;
  /** Cancels a warming that has not started yet. */
  cancel(): void;
}

/**
 * Runs `fetchUpTo(end)` in the background at the time `options` ask for,
 * `end` being the time it runs.
 */
export function scheduleWarming(
  fetchUpTo: (end: Date) => Promise<FetchResult>,
  calendar: TradingCalendar,
  clock: () => number,
  options: WarmingOptions = {},
): CacheWarming {
  const now = clock();
  const at =
    options.when === 'next-close'
      ? lastClosedSession(calendar, now).nextClose + (options.delayMs ?? 300_000)
      : now;
  let cancel: () => void = () => undefined;
  const done = new Promise<{ ok: true; bars: number } | { ok: false; error: unknown }>(
    (resolve) => {
      const run = (): void => {
        fetchUpTo(new Date(Math.max(at, clock())))
          .then((result) =>
            resolve({ ok: true, bars: result.frames.reduce((n, f) => n + barCount(f), 0) }),
          )
          .catch((error: unknown) => resolve({ ok: false, error }));
      };
      const timer = setTimeout(run, Math.max(0, Math.min(at - now, 2 ** 31 - 1)));
      if (options.keepAlive !== true && at > now) timer.unref();
      cancel = () => {
        clearTimeout(timer);
        resolve({ ok: false, error: new CacheError('The cache warming was cancelled.') });
      };
    },
  );
  return { at, done, cancel: () => cancel() };
}

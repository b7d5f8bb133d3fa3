import { DAY_MS, type TradingCalendar } from '../../calendar/index.js';
import type { Frequency } from '../bar-frame.js';
import { CacheError, RustybtError } from '../../errors/index.js';

/**
 * When an entry that reaches the live edge goes stale: after the next market
 * close of the calendar (`next-close`), after a fixed age (`{ maxAgeMs }`), or
 * never (files that do not change, such as CSV).
 */
export type Freshness = 'next-close' | 'never' | { maxAgeMs: number };

/** Freshness per frequency; frequencies left out take the defaults. */
export type FreshnessPolicy = Partial<Record<Frequency, Freshness>>;

/** Daily bars stale after the next close, hourly after 1 h, minute after 5 min. */
export const DEFAULT_FRESHNESS: Readonly<Record<Frequency, Freshness>> = {
  '1d': 'next-close',
  '1h': { maxAgeMs: 3_600_000 },
  '1m': { maxAgeMs: 300_000 },
};

/** Per-source defaults that differ from {@link DEFAULT_FRESHNESS}: a CSV directory never goes stale. */
export const SOURCE_FRESHNESS: Readonly<Record<string, FreshnessPolicy>> = {
  csv: { '1d': 'never', '1h': 'never', '1m': 'never' },
};

const BAR_MS: Readonly<Record<Frequency, number>> = { '1d': DAY_MS, '1h': 3_600_000, '1m': 60_000 };

/**
 * The freshness of `source` at `frequency`: the caller's policy first, then the
 * source's default, then {@link DEFAULT_FRESHNESS}.
 *
 * @throws CacheError on a non-positive or non-finite `maxAgeMs`.
 */
export function resolveFreshness(
  source: string,
  frequency: Frequency,
  policy: FreshnessPolicy = {},
): Freshness {
  const freshness = policy[frequency] ?? SOURCE_FRESHNESS[source]?.[frequency];
  const chosen = freshness ?? DEFAULT_FRESHNESS[frequency];
  if (typeof chosen === 'object' && !(Number.isFinite(chosen.maxAgeMs) && chosen.maxAgeMs > 0)) {
    throw new CacheError(
      `Freshness maxAgeMs for ${source} ${frequency} must be a positive number of milliseconds, got ${String(chosen.maxAgeMs)}.`,
    );
  }
  return chosen;
}

/** When an entry's bars were final and when the entry goes stale. */
export interface EntryTimes {
  /** Bars starting at or before this (UTC ms) were complete when fetched; they never go stale. */
  settledEnd: number;
  /** When the entry stops being fresh (UTC ms), or null if it never does. */
  staleAt: number | null;
}

/**
 * Settled end and stale time of an entry covering bars up to `rangeEnd`,
 * fetched at `fetchedAt`. Bars that were complete at fetch time do not change,
 * so an entry wholly in the past never goes stale; one that reaches bars not
 * yet complete goes stale by `freshness`, and only its unsettled tail is
 * fetched again.
 */
export function entryTimes(
  freshness: Freshness,
  frequency: Frequency,
  rangeEnd: number,
  fetchedAt: number,
  calendar: TradingCalendar,
): EntryTimes {
  if (freshness === 'never') return { settledEnd: rangeEnd, staleAt: null };
  const session = lastClosedSession(calendar, fetchedAt);
  const settled = frequency === '1d' ? session.label : fetchedAt - BAR_MS[frequency];
  if (rangeEnd <= settled) return { settledEnd: rangeEnd, staleAt: null };
  const staleAt = freshness === 'next-close' ? session.nextClose : fetchedAt + freshness.maxAgeMs;
  return { settledEnd: settled, staleAt };
}

/**
 * The last session of `calendar` whose close is at or before `instant`, and the
 * close of the session after it. Outside the calendar's range, UTC days stand in.
 */
export function lastClosedSession(
  calendar: TradingCalendar,
  instant: number,
): { label: number; nextClose: number } {
  try {
    let label = calendar.previousSession(Math.floor(instant / DAY_MS) * DAY_MS + 2 * DAY_MS);
    while (calendar.sessionClose(label) > instant) label = calendar.previousSession(label);
    return { label, nextClose: calendar.sessionClose(calendar.nextSession(label)) };
  } catch (error) {
    if (!(error instanceof RustybtError)) throw error;
    const today = Math.floor(instant / DAY_MS) * DAY_MS;
    return { label: today - DAY_MS, nextClose: today + DAY_MS };
  }
}

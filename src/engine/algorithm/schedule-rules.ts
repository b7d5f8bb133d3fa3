import { DAY_MS } from '../../calendar/index.js';
import { ConfigError } from '../../errors/index.js';

/**
 * The sessions a schedule is laid on: labels (UTC ms of the session date at
 * 00:00 UTC) with their open and close instants (UTC ms), index-aligned.
 */
export interface SessionSchedule {
  labels: Float64Array;
  opens: Float64Array;
  closes: Float64Array;
}

/** Picks the sessions on which a scheduled function runs. */
export interface DateRule {
  /** Human-readable form, e.g. `weekStart(1)`. */
  readonly description: string;
  /** Marks, for every session of `labels`, whether the rule fires (1) or not (0). */
  select(labels: Float64Array): Uint8Array;
}

/** Picks the instant within a session at which a scheduled function runs. */
export interface TimeRule {
  /** Human-readable form, e.g. `marketOpen(+30m)`. */
  readonly description: string;
  /** UTC ms of the trigger in the session with this open and close; NaN for every bar. */
  triggerTime(open: number, close: number): number;
}

const MINUTE = 60_000;

function checkOffset(rule: string, daysOffset: number): void {
  if (!Number.isInteger(daysOffset) || daysOffset < 0) {
    throw new ConfigError(`${rule}: daysOffset must be a non-negative integer, got ${daysOffset}.`);
  }
}

/** Groups sessions by a key and fires on the n-th session of each group, from the start or the end. */
function nthInGroup(
  description: string,
  key: (label: number) => number,
  daysOffset: number,
  fromEnd: boolean,
): DateRule {
  return {
    description,
    select(labels) {
      const fires = new Uint8Array(labels.length);
      let start = 0;
      while (start < labels.length) {
        const group = key(labels[start]);
        let end = start;
        while (end < labels.length && key(labels[end]) === group) end++;
        const index = fromEnd ? end - 1 - daysOffset : start + daysOffset;
        if (index >= start && index < end) fires[index] = 1;
        start = end;
      }
      return fires;
    },
  };
}

/** Monday-based week number of a session label (days since 1970-01-05, a Monday, / 7). */
function weekKey(label: number): number {
  return Math.floor((label - 4 * DAY_MS) / (7 * DAY_MS));
}

function monthKey(label: number): number {
  const date = new Date(label);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** zipline's date rules: on which sessions a scheduled function runs. */
export const dateRules = {
  /** Every session. */
  everyDay(): DateRule {
    return { description: 'everyDay()', select: (labels) => new Uint8Array(labels.length).fill(1) };
  },
  /** The `daysOffset`-th session (0 = first) of each calendar week that has enough sessions. */
  weekStart(daysOffset = 0): DateRule {
    checkOffset('weekStart', daysOffset);
    return nthInGroup(`weekStart(${daysOffset})`, weekKey, daysOffset, false);
  },
  /** The `daysOffset`-th session before the last (0 = last) of each calendar week. */
  weekEnd(daysOffset = 0): DateRule {
    checkOffset('weekEnd', daysOffset);
    return nthInGroup(`weekEnd(${daysOffset})`, weekKey, daysOffset, true);
  },
  /** The `daysOffset`-th session (0 = first) of each month. */
  monthStart(daysOffset = 0): DateRule {
    checkOffset('monthStart', daysOffset);
    return nthInGroup(`monthStart(${daysOffset})`, monthKey, daysOffset, false);
  },
  /** The `daysOffset`-th session before the last (0 = last) of each month. */
  monthEnd(daysOffset = 0): DateRule {
    checkOffset('monthEnd', daysOffset);
    return nthInGroup(`monthEnd(${daysOffset})`, monthKey, daysOffset, true);
  },
};

/** An offset within a session: hours and minutes, added up. */
export interface SessionOffset {
  /** Whole hours (default 0). */
  hours?: number;
  /** Whole minutes (default: the rule's default when `hours` is not given either, else 0). */
  minutes?: number;
}

function offsetMs(rule: string, offset: SessionOffset, fallbackMinutes: number): number {
  const hours = offset.hours ?? 0;
  const minutes = offset.minutes ?? (offset.hours === undefined ? fallbackMinutes : 0);
  for (const [name, value] of [
    ['hours', hours],
    ['minutes', minutes],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new ConfigError(`${rule}: ${name} must be a non-negative integer, got ${value}.`);
    }
  }
  return hours * 60 * MINUTE + minutes * MINUTE;
}

/**
 * zipline's time rules: when within the session a scheduled function runs. In
 * minute and hourly runs it runs on the first bar that has ended at or after
 * the trigger; in daily runs, on the session's bar.
 */
export const timeRules = {
  /** `offset` after the open; zipline's default is one minute (the end of the first minute bar). */
  marketOpen(offset: SessionOffset = {}): TimeRule {
    const ms = offsetMs('marketOpen', offset, 1);
    return {
      description: `marketOpen(+${ms / MINUTE}m)`,
      triggerTime: (open) => open + ms,
    };
  },
  /** `offset` before the close; zipline's default is one minute. */
  marketClose(offset: SessionOffset = {}): TimeRule {
    const ms = offsetMs('marketClose', offset, 1);
    return {
      description: `marketClose(-${ms / MINUTE}m)`,
      triggerTime: (_open, close) => close - ms,
    };
  },
  /** Every bar of the session. */
  everyBar(): TimeRule {
    return { description: 'everyBar()', triggerTime: () => NaN };
  },
};

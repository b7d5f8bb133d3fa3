import type { Frequency } from '../data/bar-frame.js';
import { CalendarError } from '../errors/index.js';
import { formatSessionLabel, utcDay } from './session-label.js';
import type { TradingCalendar } from './trading-calendar.js';

/** The columns of a session table: one entry per session, ascending by label. */
export interface SessionTable {
  /** Session labels (00:00 UTC of the session date), strictly increasing. */
  labels: Float64Array;
  /** Session opens, UTC epoch ms. */
  opens: Float64Array;
  /** Session closes, UTC epoch ms. */
  closes: Float64Array;
}

/** What a table-backed calendar is: its identity, sessions and supported dates. */
export interface SessionTableCalendarSpec {
  name: string;
  timeZone: string;
  annualization: number;
  /** First date (a label) the calendar answers for; may precede the first session. */
  rangeStart: number;
  /** Last date (a label) the calendar answers for; may follow the last session. */
  rangeEnd: number;
  sessions: SessionTable;
}

const BAR_STEP_MS: Record<Exclude<Frequency, '1d'>, number> = { '1h': 3_600_000, '1m': 60_000 };

/** First index whose value is >= `value` (the length when there is none). */
function lowerBound(values: Float64Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A trading calendar whose sessions are listed in a precomputed table: exchange
 * calendars (XNYS) and custom calendars. Lookups are binary searches; nothing
 * is allocated except the arrays returned.
 */
export class SessionTableCalendar implements TradingCalendar {
  readonly name: string;
  readonly timeZone: string;
  readonly annualization: number;
  readonly firstSession: number;
  readonly lastSession: number;
  readonly #rangeStart: number;
  readonly #rangeEnd: number;
  readonly #sessions: SessionTable;

  /** @param spec - the calendar's identity and its non-empty session table */
  constructor(spec: SessionTableCalendarSpec) {
    const { labels } = spec.sessions;
    if (labels.length === 0) {
      throw new CalendarError(`Calendar '${spec.name}' has no sessions: give it at least one.`);
    }
    this.name = spec.name;
    this.timeZone = spec.timeZone;
    this.annualization = spec.annualization;
    this.firstSession = labels[0];
    this.lastSession = labels[labels.length - 1];
    this.#rangeStart = Math.min(spec.rangeStart, this.firstSession);
    this.#rangeEnd = Math.max(spec.rangeEnd, this.lastSession);
    this.#sessions = spec.sessions;
  }

  sessionsInRange(start: number, end: number): Float64Array {
    const first = this.#inRange(start);
    const last = this.#inRange(end);
    if (last < first) {
      throw new CalendarError(
        `Session range starts ${formatSessionLabel(first)} after it ends ${formatSessionLabel(last)}: swap start and end.`,
      );
    }
    const { labels } = this.#sessions;
    return labels.slice(lowerBound(labels, first), lowerBound(labels, last + 1));
  }

  isSession(date: number): boolean {
    return this.#indexOf(this.#inRange(date)) >= 0;
  }

  nextSession(date: number): number {
    const day = this.#inRange(date);
    const { labels } = this.#sessions;
    const index = lowerBound(labels, day + 1);
    if (index === labels.length) {
      throw new CalendarError(
        `No ${this.name} session after ${formatSessionLabel(day)}: the calendar ends at ${formatSessionLabel(this.lastSession)}.`,
      );
    }
    return labels[index];
  }

  previousSession(date: number): number {
    const day = this.#inRange(date);
    const index = lowerBound(this.#sessions.labels, day) - 1;
    if (index < 0) {
      throw new CalendarError(
        `No ${this.name} session before ${formatSessionLabel(day)}: the calendar starts at ${formatSessionLabel(this.firstSession)}.`,
      );
    }
    return this.#sessions.labels[index];
  }

  sessionOpen(label: number): number {
    return this.#sessions.opens[this.#sessionIndex(label)];
  }

  sessionClose(label: number): number {
    return this.#sessions.closes[this.#sessionIndex(label)];
  }

  barsForSession(label: number, frequency: Frequency): Float64Array {
    const index = this.#sessionIndex(label);
    if (frequency === '1d') return Float64Array.of(this.#sessions.labels[index]);
    const step = BAR_STEP_MS[frequency];
    if (step === undefined) {
      throw new CalendarError(
        `Unknown bar frequency '${String(frequency)}': use '1d', '1h' or '1m'.`,
      );
    }
    const open = this.#sessions.opens[index];
    const count = Math.ceil((this.#sessions.closes[index] - open) / step);
    const bars = new Float64Array(count);
    for (let i = 0; i < count; i++) bars[i] = open + i * step;
    return bars;
  }

  /** The UTC date of `date`, checked against the supported range. */
  #inRange(date: number): number {
    if (!Number.isFinite(date)) {
      throw new CalendarError(`${date} is not a date: pass UTC epoch milliseconds.`);
    }
    const day = utcDay(date);
    if (day < this.#rangeStart || day > this.#rangeEnd) {
      throw new CalendarError(
        `${formatSessionLabel(day)} is outside the ${this.name} calendar, which covers ${formatSessionLabel(this.#rangeStart)} to ${formatSessionLabel(this.#rangeEnd)}: choose dates in that range or another calendar.`,
      );
    }
    return day;
  }

  #indexOf(day: number): number {
    const { labels } = this.#sessions;
    const index = lowerBound(labels, day);
    return index < labels.length && labels[index] === day ? index : -1;
  }

  #sessionIndex(label: number): number {
    const day = this.#inRange(label);
    const index = this.#indexOf(day);
    if (index < 0 || day !== label) {
      throw new CalendarError(
        `${day !== label ? `${label} is not a session label (00:00 UTC of a date)` : `${formatSessionLabel(day)} is not a ${this.name} session`}: pass a label from sessionsInRange or nextSession.`,
      );
    }
    return index;
  }
}

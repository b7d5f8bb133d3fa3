import type { TradingCalendar } from '../calendar/index.js';
import type { Frequency } from '../data/bar-frame.js';
import type { Clock } from '../data/sources/clock.js';

/** Length of one bar at each frequency, ms. */
export const BAR_LENGTH_MS: Record<Frequency, number> = {
  '1d': 86_400_000,
  '1h': 3_600_000,
  '1m': 60_000,
};

/** One closed bar time of the calendar, with the session it belongs to. */
export interface ClosedBarTime {
  /** Session label (UTC 00:00 epoch ms). */
  readonly session: number;
  /** Bar start, UTC epoch ms. */
  readonly barStart: number;
  /** When the bar closes (its start plus its length, or the session close if earlier). */
  readonly barClose: number;
  /** True for the first bar of its session. */
  readonly opensSession: boolean;
  /** True for the last bar of its session. */
  readonly closesSession: boolean;
}

/**
 * The clock of a live run: walks the calendar's bars from `from` on and hands
 * over each bar time only once it has closed by `clock.now()` (plus `graceMs`,
 * the time an exchange takes to finalize a candle). Every bar time of the
 * calendar is handed over exactly once and in order, so live bars follow the
 * start-up history without a gap or a duplicate.
 */
export class LiveClock {
  private readonly calendar: TradingCalendar;
  private readonly frequency: Frequency;
  private readonly clock: Clock;
  private readonly graceMs: number;
  private session: number;
  private bars: Float64Array;
  private index: number;

  /**
   * @param calendar - whose sessions and bars to walk
   * @param frequency - bar frequency
   * @param from - the first bar start to hand over (UTC epoch ms); earlier bars are skipped
   * @param clock - what "now" is (the system clock, or an accelerated one)
   * @param graceMs - wait this long after a bar's close before handing it over
   */
  constructor(
    calendar: TradingCalendar,
    frequency: Frequency,
    from: number,
    clock: Clock,
    graceMs = 0,
  ) {
    this.calendar = calendar;
    this.frequency = frequency;
    this.clock = clock;
    this.graceMs = graceMs;
    const containing = calendar.sessionContaining(from);
    let session = containing ?? sessionLabelOf(from);
    if (!calendar.isSession(session) || calendar.sessionClose(session) <= from) {
      session = calendar.nextSession(session);
    }
    this.session = session;
    this.bars = calendar.barsForSession(session, frequency);
    this.index = 0;
    while (this.index < this.bars.length && this.bars[this.index] < from) this.index++;
    if (this.index >= this.bars.length) this.advanceSession();
  }

  /** The next bar time to hand over, without waiting. */
  peek(): ClosedBarTime {
    const barStart = this.bars[this.index];
    const length = BAR_LENGTH_MS[this.frequency];
    const close = this.calendar.sessionClose(this.session);
    return {
      session: this.session,
      barStart,
      barClose: this.frequency === '1d' ? close : Math.min(barStart + length, close),
      opensSession: this.index === 0,
      closesSession: this.index === this.bars.length - 1,
    };
  }

  /**
   * Waits until the next bar has closed, then hands it over and moves on.
   * Rejects with the abort reason when `signal` aborts while waiting.
   */
  async next(signal?: AbortSignal): Promise<ClosedBarTime> {
    const bar = this.peek();
    const due = bar.barClose + this.graceMs;
    for (;;) {
      signal?.throwIfAborted();
      const wait = due - this.clock.now();
      if (wait <= 0) break;
      // Sleep in slices so an accelerated clock and an abort are both noticed promptly.
      await this.clock.sleep(Math.min(wait, 1_000), signal);
    }
    this.index++;
    if (this.index >= this.bars.length) this.advanceSession();
    return bar;
  }

  private advanceSession(): void {
    do {
      this.session = this.calendar.nextSession(this.session);
      this.bars = this.calendar.barsForSession(this.session, this.frequency);
    } while (this.bars.length === 0);
    this.index = 0;
  }
}

/** UTC 00:00 of the day of `instant`. */
function sessionLabelOf(instant: number): number {
  return Math.floor(instant / 86_400_000) * 86_400_000;
}

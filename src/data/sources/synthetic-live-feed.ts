import type { BarFrame, Frequency } from '../bar-frame.js';
import type { DataSource } from './data-source.js';
import type { FeedConnection, LiveBarFeed, LiveBarRow, LiveFeedOptions } from './live-bars.js';

const STEP_MS: Record<Frequency, number> = { '1d': 86_400_000, '1h': 3_600_000, '1m': 60_000 };
/** Bars generated ahead at first; the horizon doubles whenever the clock passes it. */
const FIRST_HORIZON_BARS = 4_096;

/**
 * Live bars of a seeded source: one path generated from the anchor (the first
 * bar of the start-up history), extended by regenerating from the same anchor
 * over a doubled range (the path of a range is a prefix of the path of a
 * longer range from the same start), so history and live bars never disagree.
 */
export class SyntheticLiveFeed implements LiveBarFeed {
  readonly symbols: readonly string[];
  private readonly source: DataSource;
  private readonly frequency: Frequency;
  private readonly options: LiveFeedOptions;
  private frames: BarFrame[] = [];
  private horizon: number;
  private closed = false;

  constructor(
    source: DataSource,
    symbols: readonly string[],
    frequency: Frequency,
    options: LiveFeedOptions,
  ) {
    this.source = source;
    this.symbols = [...symbols];
    this.frequency = frequency;
    this.options = options;
    this.horizon = options.anchor - 1;
  }

  async closedBars(barStart: number): Promise<(LiveBarRow | undefined)[]> {
    if (barStart > this.horizon) {
      let bars = FIRST_HORIZON_BARS;
      while (this.options.anchor + bars * STEP_MS[this.frequency] <= barStart) bars *= 2;
      const end = this.options.anchor + bars * STEP_MS[this.frequency];
      const result = await this.source.fetch(
        this.symbols,
        new Date(this.options.anchor),
        new Date(end),
        this.frequency,
        { calendar: this.options.calendar },
      );
      this.frames = result.frames;
      this.horizon = end;
    }
    return this.frames.map((frame) => rowAt(frame, barStart));
  }

  connection(): FeedConnection {
    return this.closed ? 'closed' : 'connected';
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** The bar of `frame` starting at `time`, found by binary search. */
export function rowAt(frame: BarFrame, time: number): LiveBarRow | undefined {
  const times = frame.timestamps;
  let lo = 0;
  let hi = times.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = times[mid];
    if (t === time) {
      return {
        timestamp: t,
        open: frame.open[mid],
        high: frame.high[mid],
        low: frame.low[mid],
        close: frame.close[mid],
        volume: frame.volume[mid],
        priceScale: frame.priceScale,
        volumeScale: frame.volumeScale,
      };
    }
    if (t < time) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

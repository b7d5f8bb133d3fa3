import type { BarFrame, Frequency } from '../data/bar-frame.js';
import { BarStore } from '../data/portal/bar-store.js';
import type { LiveBarRow } from '../data/sources/live-bars.js';
import { DataError } from '../errors/index.js';

/** One symbol's bars, in growable columns. */
interface GrowingSeries {
  readonly symbol: string;
  readonly priceScale: number;
  readonly volumeScale: number;
  length: number;
  timestamps: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

const COLUMNS = ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * The bars a live run has seen: the start-up history, then every closed live
 * bar appended in order, on the calendar's timeline (a bar time where a symbol
 * printed nothing stays empty, as in a backtest). `store()` lays them out as a
 * `BarStore`, so the strategy reads `data.current` and `data.history` exactly
 * as in a backtest over the same bars. Past `maxBars` bar times the oldest are
 * dropped (history windows reaching further back read NaN).
 */
export class LiveMarket {
  /** Bar frequency. */
  readonly frequency: Frequency;
  private readonly series: GrowingSeries[];
  private timeline: Float64Array;
  private bars = 0;
  private readonly maxBars: number;
  private cached: BarStore | undefined;

  /**
   * @param history - start-up history, one frame per symbol (may hold no bars)
   * @param timeline - the calendar's bar times the history covers, ascending
   * @param maxBars - most bar times kept (10,000 by default)
   * @throws DataError for a history bar that is not on the timeline.
   */
  constructor(history: readonly BarFrame[], timeline: Float64Array, maxBars = 10_000) {
    if (history.length === 0) throw new DataError('A live run needs at least one symbol.');
    this.frequency = history[0].frequency;
    this.maxBars = Math.max(1, maxBars);
    this.series = history.map((frame) => seriesOf(frame));
    this.timeline = new Float64Array(Math.max(64, timeline.length * 2));
    this.timeline.set(timeline);
    this.bars = timeline.length;
    this.trim();
  }

  /** Number of bar times held. */
  get barCount(): number {
    return this.bars;
  }

  /** Start of the last bar time held; NaN before any. */
  get lastBarStart(): number {
    return this.bars === 0 ? NaN : this.timeline[this.bars - 1];
  }

  /** The symbols, in sid order. */
  get symbols(): string[] {
    return this.series.map((s) => s.symbol);
  }

  /**
   * Appends the closed bars of one bar time (one row per symbol, in sid order,
   * undefined where a symbol printed no bar).
   *
   * @throws DataError when the bar time does not follow the last one, or a row's
   *   scale is finer than the history's (its units could not be kept exact).
   */
  append(barStart: number, rows: readonly (LiveBarRow | undefined)[]): void {
    if (this.bars > 0 && !(barStart > this.timeline[this.bars - 1])) {
      throw new DataError(
        `Live bar ${new Date(barStart).toISOString()} does not follow the last bar ${new Date(this.timeline[this.bars - 1]).toISOString()}; bars must arrive once each, in order.`,
      );
    }
    if (this.bars === this.timeline.length) this.timeline = grow(this.timeline, this.bars);
    this.timeline[this.bars++] = barStart;
    this.series.forEach((series, sid) => {
      const row = rows[sid];
      if (row === undefined) return;
      if (row.timestamp !== barStart) {
        throw new DataError(
          `Live bar for ${series.symbol} is stamped ${new Date(row.timestamp).toISOString()}, expected ${new Date(barStart).toISOString()}.`,
        );
      }
      pushRow(series, row);
    });
    this.trim();
    this.cached = undefined;
  }

  /** The bars held, laid out for the strategy and the engine (rebuilt after each append). */
  store(): BarStore {
    this.cached ??= BarStore.fromFrames(
      this.series.map((series) => frameOf(series, this.frequency)),
      this.timeline.subarray(0, this.bars),
    );
    return this.cached;
  }

  /** Drops the oldest bar times beyond `maxBars`. */
  private trim(): void {
    const excess = this.bars - this.maxBars;
    if (excess <= 0) return;
    const cutoff = this.timeline[excess];
    this.timeline.copyWithin(0, excess, this.bars);
    this.bars -= excess;
    for (const series of this.series) {
      let drop = 0;
      while (drop < series.length && series.timestamps[drop] < cutoff) drop++;
      if (drop === 0) continue;
      for (const column of COLUMNS) series[column].copyWithin(0, drop, series.length);
      series.length -= drop;
    }
  }
}

function seriesOf(frame: BarFrame): GrowingSeries {
  const n = frame.timestamps.length;
  const capacity = Math.max(64, n * 2);
  const series: GrowingSeries = {
    symbol: frame.symbol,
    priceScale: frame.priceScale,
    volumeScale: frame.volumeScale,
    length: n,
    timestamps: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
  for (const column of COLUMNS) series[column].set(frame[column]);
  return series;
}

function pushRow(series: GrowingSeries, row: LiveBarRow): void {
  const priceFactor = rescaleFactor(row.priceScale, series.priceScale, series.symbol, 'price');
  const volumeFactor = rescaleFactor(row.volumeScale, series.volumeScale, series.symbol, 'volume');
  if (series.length === series.timestamps.length) {
    for (const column of COLUMNS) series[column] = grow(series[column], series.length);
  }
  const i = series.length++;
  series.timestamps[i] = row.timestamp;
  series.open[i] = row.open * priceFactor;
  series.high[i] = row.high * priceFactor;
  series.low[i] = row.low * priceFactor;
  series.close[i] = row.close * priceFactor;
  series.volume[i] = row.volume * volumeFactor;
}

/** 10^(to − from): exact for a coarser live scale; a finer one cannot be kept exact. */
function rescaleFactor(from: number, to: number, symbol: string, what: string): number {
  if (from === to) return 1;
  if (from > to) {
    throw new DataError(
      `Live ${what} of ${symbol} has ${from} decimals, the history ${to}; restart the run so the history is fetched at the live precision.`,
    );
  }
  return 10 ** (to - from);
}

function frameOf(series: GrowingSeries, frequency: Frequency): BarFrame {
  const n = series.length;
  return {
    symbol: series.symbol,
    frequency,
    priceScale: series.priceScale,
    volumeScale: series.volumeScale,
    timestamps: series.timestamps.subarray(0, n),
    open: series.open.subarray(0, n),
    high: series.high.subarray(0, n),
    low: series.low.subarray(0, n),
    close: series.close.subarray(0, n),
    volume: series.volume.subarray(0, n),
  };
}

function grow(column: Float64Array, used: number): Float64Array {
  const next = new Float64Array(Math.max(64, column.length * 2));
  next.set(column.subarray(0, used));
  return next;
}

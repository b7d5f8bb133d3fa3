import { DataError } from '../../errors/index.js';
import { STORED_FIELDS, storedField, type BarField, type StoredField } from './bar-field.js';
import type { BarStore } from './bar-store.js';

/** Bars per transposed block of `barSlice`. */
const BLOCK_BARS = 64;

/** A split of one asset: from `exTime` on, one old share is `ratio` new shares (4 for a 4:1 split). */
export interface PortalSplit {
  sid: number;
  /** UTC epoch ms of the first bar that trades on the new basis. */
  exTime: number;
  ratio: number;
}

/** The bar of every asset at the clock, in exact units, NaN where an asset has no real bar. */
export interface BarSlice {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/**
 * What a strategy may see of the bars: everything up to and including the bar
 * at the simulation clock, nothing after it. History windows are split-adjusted
 * as of the clock: a split whose ex-date is after the clock is not applied.
 * Windows are views into the store when no padding or adjustment is needed.
 */
export class DataPortal {
  /** The bars behind this portal. */
  readonly store: BarStore;
  private readonly splitsBySid: PortalSplit[][];
  private clock = -1;
  /** Bars `[start, start + length)` of every asset, bar-major (`(t - start) * assetCount + sid`), NaN where no real bar. */
  private readonly block: BarSlice & { start: number; length: number } = {
    start: 0,
    length: 0,
    open: new Float64Array(0),
    high: new Float64Array(0),
    low: new Float64Array(0),
    close: new Float64Array(0),
    volume: new Float64Array(0),
  };

  /**
   * @param store - the bars
   * @param splits - splits per asset (any order); used only for history adjustment
   */
  constructor(store: BarStore, splits: readonly PortalSplit[] = []) {
    this.store = store;
    this.splitsBySid = store.assets.map(() => []);
    for (const split of splits) {
      if (!(split.ratio > 0) || !Number.isFinite(split.ratio)) {
        throw new DataError(`Split ratio must be a positive number, got ${split.ratio}.`);
      }
      const list = this.splitsBySid[split.sid];
      if (list === undefined) throw new DataError(`Split for unknown sid ${split.sid}.`);
      list.push(split);
    }
    for (const list of this.splitsBySid) list.sort((a, b) => a.exTime - b.exTime);
  }

  /** Moves the simulation clock to bar `index` (the bar just completed). */
  setClock(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.store.barCount) {
      throw new RangeError(
        `Clock index must be an integer in [0, ${this.store.barCount}), got ${index}.`,
      );
    }
    this.clock = index;
  }

  /** The bar index of the clock; -1 before the first `setClock`. */
  get clockIndex(): number {
    return this.clock;
  }

  /** UTC epoch ms of the bar at the clock. */
  get clockTime(): number {
    return this.store.timeline[this.requireClock()];
  }

  /** The value of `field` for one asset at the clock, as a float (forward-filled; NaN before its first bar). */
  current(sid: number, field: BarField): number {
    return this.store.floatField(storedField(field))[
      sid * this.store.barCount + this.requireClock()
    ];
  }

  /** The exact units of `field` for one asset at the clock (forward-filled; NaN before its first bar). */
  currentUnits(sid: number, field: StoredField): number {
    return this.store.unitsField(field)[sid * this.store.barCount + this.requireClock()];
  }

  /**
   * The last `barCount` values of `field` for one asset, ending at the clock
   * (inclusive). Leading bars before the data start are NaN. Prices before a
   * split that took effect at or before the clock are divided by its ratio,
   * volumes multiplied. A view into the store when nothing needs padding or
   * adjusting: do not write to it.
   */
  history(sid: number, field: BarField, barCount: number): Float64Array {
    if (!Number.isInteger(barCount) || barCount < 1) {
      throw new RangeError(`History bar count must be a positive integer, got ${barCount}.`);
    }
    const end = this.requireClock() + 1;
    const start = end - barCount;
    const stored = storedField(field);
    const splits = this.splitsInWindow(sid, Math.max(start, 0), end - 1);
    if (start >= 0 && splits.length === 0) {
      // One view straight off the whole column: this runs per asset per bar.
      const offset = sid * this.store.barCount;
      return this.store.floatField(stored).subarray(offset + start, offset + end);
    }
    const column = this.store.floatColumn(stored, sid);
    const window = new Float64Array(barCount).fill(NaN);
    window.set(column.subarray(Math.max(start, 0), end), Math.max(-start, 0));
    const timeline = this.store.timeline;
    for (const split of splits) {
      const factor = stored === 'volume' ? split.ratio : 1 / split.ratio;
      for (let i = 0; i < barCount; i++) {
        const t = start + i;
        if (t >= 0 && timeline[t] < split.exTime) window[i] = window[i] * factor;
      }
    }
    return window;
  }

  /** True when the asset printed a real bar at the clock, so an order can fill against it next. */
  canTrade(sid: number): boolean {
    return this.store.hasBar[sid * this.store.barCount + this.requireClock()] === 1;
  }

  /** True when the asset has traded before but its value at the clock is forward-filled. */
  isStale(sid: number): boolean {
    const at = sid * this.store.barCount + this.requireClock();
    return this.store.hasBar[at] === 0 && !Number.isNaN(this.store.unitsField('close')[at]);
  }

  /**
   * Copies the real bar of every asset at the clock into `out` (exact units),
   * NaN for assets without a real bar: the per-bar input of the blotter. No allocation
   * after the first call.
   */
  barSlice(out: BarSlice): BarSlice {
    const t = this.requireClock();
    const block = this.block;
    if (!(t >= block.start && t < block.start + block.length)) this.fillBlock(t);
    const count = this.store.assetCount;
    const base = (t - block.start) * count;
    const { open: o, high: h, low: l, close: c, volume: v } = out;
    const { open, high, low, close, volume } = block;
    for (let sid = 0, at = base; sid < count; sid++, at++) {
      o[sid] = open[at];
      h[sid] = high[at];
      l[sid] = low[at];
      c[sid] = close[at];
      v[sid] = volume[at];
    }
    return out;
  }

  /**
   * Transposes the bars `[t, t + BLOCK_BARS)` of every asset into the bar-major block.
   * The store is asset-major, so reading one bar of every asset touches a different
   * memory page per asset and field; reading BLOCK_BARS consecutive bars per asset at once
   * pays those page and cache misses once per block instead of once per bar.
   */
  private fillBlock(t: number): void {
    const store = this.store;
    const bars = store.barCount;
    const count = store.assetCount;
    const length = Math.min(BLOCK_BARS, bars - t);
    const block = this.block;
    if (block.open.length < BLOCK_BARS * count) {
      for (const field of STORED_FIELDS) block[field] = new Float64Array(BLOCK_BARS * count);
    }
    const hasBar = store.hasBar;
    for (const field of STORED_FIELDS) {
      const source = store.unitsField(field);
      const target = block[field];
      for (let sid = 0; sid < count; sid++) {
        const from = sid * bars + t;
        for (let i = 0, to = sid; i < length; i++, to += count) {
          target[to] = hasBar[from + i] === 1 ? source[from + i] : NaN;
        }
      }
    }
    block.start = t;
    block.length = length;
  }

  private splitsInWindow(sid: number, first: number, last: number): PortalSplit[] {
    const splits = this.splitsBySid[sid] ?? [];
    if (splits.length === 0) return splits;
    const timeline = this.store.timeline;
    const from = timeline[first];
    const to = timeline[last];
    return splits.filter((split) => split.exTime > from && split.exTime <= to);
  }

  private requireClock(): number {
    if (this.clock < 0) throw new RangeError('The data portal clock has not been set.');
    return this.clock;
  }
}

import { DataError } from '../../errors/index.js';
import { storedField, type BarField, type StoredField } from './bar-field.js';
import type { BarStore, StoredBar } from './bar-store.js';

/** A split of one asset: from `exTime` on, one old share is `ratio` new shares (4 for a 4:1 split). */
export interface PortalSplit {
  sid: number;
  /** UTC epoch ms of the first bar that trades on the new basis. */
  exTime: number;
  ratio: number;
}

/** The bar of every asset at the clock, in exact units, NaN where an asset has no real bar. */
export type BarSlice = StoredBar;

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
    const store = this.store;
    const n = store.assetCount;
    const clock = this.requireClock();
    for (let t = clock, at = t * n + sid; t >= store.firstBar[sid]; t--, at -= n) {
      if (store.hasBar[at] === 1) {
        if (t === clock || field !== 'volume') {
          return store.unitsField(t === clock ? field : 'close')[at];
        }
        return 0;
      }
    }
    return NaN;
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
    return this.store.hasBar[this.requireClock() * this.store.assetCount + sid] === 1;
  }

  /** True when the asset has traded before but its value at the clock is forward-filled. */
  isStale(sid: number): boolean {
    const clock = this.requireClock();
    return (
      this.store.hasBar[clock * this.store.assetCount + sid] === 0 &&
      clock > this.store.firstBar[sid]
    );
  }

  /**
   * The real bar of every asset at the clock (exact units, NaN for assets
   * without a real bar) as views into the store, set on `out`: the per-bar
   * input of the engine. No copy, no allocation.
   */
  barSlice(out: BarSlice): BarSlice {
    return this.store.bar(this.requireClock(), out);
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

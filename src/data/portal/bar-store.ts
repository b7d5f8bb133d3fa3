import { DataError } from '../../errors/index.js';
import type { BarFrame, Frequency } from '../bar-frame.js';
import type { StoredField } from './bar-field.js';

/** An asset held by a `BarStore`, identified by its position (its sid). */
export interface StoredAsset {
  symbol: string;
  priceScale: number;
  volumeScale: number;
}

/** The bar of every asset at one index, exact units, NaN where an asset printed no bar. */
export interface StoredBar {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/**
 * The arrays a `BarStore` is made of, bar-major as it lays them: what worker
 * threads receive (over `SharedArrayBuffer`s) to build a store without copying.
 */
export interface BarStoreColumns {
  timeline: Float64Array;
  frequency: Frequency;
  assets: readonly StoredAsset[];
  units: Record<StoredField, Float64Array>;
  hasBar: Uint8Array;
  firstBar: Int32Array;
}

/**
 * Bars of many assets on one shared timeline, laid out once in the order the
 * engine loop reads them: bar-major, the value of asset `a` at bar `t` at
 * `t * assetCount + a`, so the bar of every asset is one contiguous run that
 * the loop hands on as views (no copy, no transposition per bar).
 *
 * Values are exact units (as in `BarFrame`), checked once when the store is
 * built (never per bar), NaN where an asset printed no bar. What strategies
 * read (`data.current`, `data.history`) comes from per-asset float columns,
 * forward-filled (open, high, low and close take the last real close, volume
 * is 0; NaN before an asset's first bar), built once per field on first use:
 * a history window is then a contiguous view of one asset's column.
 */
export class BarStore {
  /** Bar start times, UTC epoch ms, strictly increasing. */
  readonly timeline: Float64Array;
  /** Frequency shared by every frame. */
  readonly frequency: Frequency;
  /** The assets, in sid order. */
  readonly assets: readonly StoredAsset[];
  /** Number of bars on the timeline. */
  readonly barCount: number;
  /** Number of assets. */
  readonly assetCount: number;
  /** Bar-major: 1 where the asset printed a real bar at `t * assetCount + sid`. */
  readonly hasBar: Uint8Array;
  /** Per sid: index of its first real bar (barCount when it has none). */
  readonly firstBar: Int32Array;
  private readonly units: Record<StoredField, Float64Array>;
  private readonly floats: Partial<Record<StoredField, Float64Array>> = {};
  private readonly sidBySymbol: Map<string, number>;

  private constructor(
    timeline: Float64Array,
    frequency: Frequency,
    assets: StoredAsset[],
    units: Record<StoredField, Float64Array>,
    hasBar: Uint8Array,
    firstBar: Int32Array,
  ) {
    this.timeline = timeline;
    this.frequency = frequency;
    this.assets = assets;
    this.barCount = timeline.length;
    this.assetCount = assets.length;
    this.units = units;
    this.hasBar = hasBar;
    this.firstBar = firstBar;
    this.sidBySymbol = new Map(assets.map((asset, sid) => [asset.symbol, sid]));
  }

  /**
   * Lays frames (one per asset, all of one frequency) on `timeline`. Bars
   * before the first or after the last timeline entry are left out.
   *
   * @throws DataError for a bar inside the range but not on the timeline, and
   *   for a malformed bar (units not integers, a price not positive, low above
   *   open or close, high below them, negative volume), naming asset and time.
   */
  static fromFrames(frames: readonly BarFrame[], timeline: Float64Array): BarStore {
    const { frequency, assets } = planStore(frames, timeline);
    const { units, hasBar, firstBar } = layAll(layFrames(frames, timeline, false));
    return new BarStore(timeline, frequency, assets, units, hasBar, firstBar);
  }

  /**
   * Lays frames handed over by the caller (as `fromFrames`): each entry of
   * `frames` is cleared once its bars are laid, 64 assets at a time, with a
   * pause on the event loop in between so that the collector can reclaim
   * them. A market loaded from a bundle (whose frames read their files only
   * when laid) or a data source thus never holds its bars twice. The array
   * is unusable afterwards.
   *
   * @throws DataError as `fromFrames`
   */
  static async handOver(frames: BarFrame[], timeline: Float64Array): Promise<BarStore> {
    const { frequency, assets } = planStore(frames, timeline);
    const laying = layFrames(frames, timeline, true);
    for (;;) {
      const step = laying.next();
      if (step.done === true) {
        const { units, hasBar, firstBar } = step.value;
        return new BarStore(timeline, frequency, assets, units, hasBar, firstBar);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * A store over columns laid out by another store (`columns()`), typically
   * backed by `SharedArrayBuffer`s: the arrays are used as given, not copied
   * and not checked bar by bar again (their store checked them when it laid them).
   *
   * @throws DataError when the arrays' lengths do not match the timeline and assets.
   */
  static fromColumns(columns: BarStoreColumns): BarStore {
    const bars = columns.timeline.length;
    const size = bars * columns.assets.length;
    const fields = Object.values(columns.units);
    if (
      columns.assets.length === 0 ||
      fields.length !== 5 ||
      fields.some((field) => field.length !== size) ||
      columns.hasBar.length !== size ||
      columns.firstBar.length !== columns.assets.length
    ) {
      throw new DataError(
        `Bar store columns do not match ${columns.assets.length} assets × ${bars} bars; build them with BarStore.columns().`,
      );
    }
    return new BarStore(
      columns.timeline,
      columns.frequency,
      columns.assets.map((asset) => ({ ...asset })),
      { ...columns.units },
      columns.hasBar,
      columns.firstBar,
    );
  }

  /** The arrays this store is made of (not copies), for `BarStore.fromColumns`. */
  columns(): BarStoreColumns {
    return {
      timeline: this.timeline,
      frequency: this.frequency,
      assets: this.assets,
      units: { ...this.units },
      hasBar: this.hasBar,
      firstBar: this.firstBar,
    };
  }

  /**
   * The sid of a symbol.
   *
   * @throws DataError naming the symbol and the symbols that are available.
   */
  sid(symbol: string): number {
    const sid = this.sidBySymbol.get(symbol);
    if (sid === undefined) {
      const known = this.assets.map((asset) => asset.symbol);
      const list = known.length > 10 ? `${known.slice(0, 10).join(', ')}, ...` : known.join(', ');
      throw new DataError(`Unknown symbol ${symbol}; this data has ${list}.`);
    }
    return sid;
  }

  /**
   * The bar of every asset at index `t` as views into the store (exact units,
   * NaN where no real bar): what the engine reads per bar. Fills `out` and returns it.
   */
  bar(t: number, out: StoredBar): StoredBar {
    const from = t * this.assetCount;
    const to = from + this.assetCount;
    const units = this.units;
    out.open = units.open.subarray(from, to);
    out.high = units.high.subarray(from, to);
    out.low = units.low.subarray(from, to);
    out.close = units.close.subarray(from, to);
    out.volume = units.volume.subarray(from, to);
    return out;
  }

  /** The whole bar-major units column of a field (NaN where no real bar): do not write to it. */
  unitsField(field: StoredField): Float64Array {
    return this.units[field];
  }

  /**
   * Exact units of one field for every bar of one asset, forward-filled as
   * `data.current` shows them (a new array: for tests and tools, not the loop).
   */
  unitsColumn(field: StoredField, sid: number): Float64Array {
    const out = new Float64Array(this.barCount);
    const units = this.units;
    const n = this.assetCount;
    let lastClose = NaN;
    for (let t = 0, at = sid; t < this.barCount; t++, at += n) {
      if (this.hasBar[at] === 1) {
        out[t] = units[field][at];
        lastClose = units.close[at];
      } else {
        out[t] = field === 'volume' && lastClose === lastClose ? 0 : lastClose;
      }
    }
    return out;
  }

  /** Float values of one field for every bar of one asset, forward-filled (a view, not a copy). */
  floatColumn(field: StoredField, sid: number): Float64Array {
    const start = sid * this.barCount;
    return this.floatField(field).subarray(start, start + this.barCount);
  }

  /**
   * The whole float column of a field, all assets, asset-major (asset `a`,
   * bar `t` at `a * barCount + t`), forward-filled; built once on first use.
   */
  floatField(field: StoredField): Float64Array {
    let values = this.floats[field];
    if (values === undefined) {
      values = this.buildFloats(field);
      this.floats[field] = values;
    }
    return values;
  }

  /** Index of the last bar starting at or before `time`, or -1 when `time` precedes the timeline. */
  barIndexAtOrBefore(time: number): number {
    let lo = 0;
    let hi = this.barCount - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeline[mid] <= time) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private buildFloats(field: StoredField): Float64Array {
    const bars = this.barCount;
    const n = this.assetCount;
    const values = new Float64Array(n * bars);
    const source = this.units[field];
    const close = this.units.close;
    const hasBar = this.hasBar;
    for (let sid = 0; sid < n; sid++) {
      const asset = this.assets[sid];
      const divisor = 10 ** (field === 'volume' ? asset.volumeScale : asset.priceScale);
      const closeDivisor = 10 ** asset.priceScale;
      // Forward-filled prices are the last close divided as a price; a filled volume is 0.
      let filled = NaN;
      const first = this.firstBar[sid];
      const base = sid * bars;
      for (let t = 0; t < first; t++) values[base + t] = NaN;
      for (let t = first, at = t * n + sid; t < bars; t++, at += n) {
        if (hasBar[at] === 1) {
          values[base + t] = source[at] / divisor;
          filled = field === 'volume' ? 0 : close[at] / closeDivisor;
        } else {
          values[base + t] = filled;
        }
      }
    }
    return values;
  }
}

/**
 * The frequency and assets of a store over `frames`, after checking the timeline and the frames.
 *
 * @throws DataError without frames, for mixed frequencies, a repeated symbol or a timeline that does not increase
 */
function planStore(
  frames: readonly BarFrame[],
  timeline: Float64Array,
): { frequency: Frequency; assets: StoredAsset[] } {
  if (frames.length === 0) throw new DataError('A bar store needs at least one asset.');
  const frequency = frames[0].frequency;
  for (let t = 1; t < timeline.length; t++) {
    if (!(timeline[t] > timeline[t - 1])) {
      throw new DataError(`The timeline must strictly increase; index ${t} does not.`);
    }
  }
  const assets: StoredAsset[] = [];
  const seen = new Set<string>();
  for (const frame of frames) {
    if (frame.frequency !== frequency) {
      throw new DataError(
        `All frames must share one frequency: ${frame.symbol} is ${frame.frequency}, ${frames[0].symbol} is ${frequency}.`,
      );
    }
    if (seen.has(frame.symbol)) throw new DataError(`Symbol ${frame.symbol} appears twice.`);
    seen.add(frame.symbol);
    assets.push({
      symbol: frame.symbol,
      priceScale: frame.priceScale,
      volumeScale: frame.volumeScale,
    });
  }
  return { frequency, assets };
}

/** What `layFrames` builds: the bar-major columns, which bars exist, each asset's first bar. */
interface LaidBars {
  units: Record<StoredField, Float64Array>;
  hasBar: Uint8Array;
  firstBar: Int32Array;
}

/** Runs `layFrames` to the end without pausing. */
function layAll(laying: Generator<void, LaidBars>): LaidBars {
  for (;;) {
    const step = laying.next();
    if (step.done === true) return step.value;
  }
}

/** Bars and assets per tile of `layFrames`. */
const TILE = 64;

const EMPTY = new Float64Array(0);

/**
 * Lays the frames (asset-major) into bar-major columns: a transposition, done
 * in tiles of TILE bars × TILE assets so that the frames' values read and the
 * columns' values written in a tile stay in cache and in the TLB (one asset at
 * a time writes with a stride of the asset count and misses on every value;
 * one bar at a time touches a page per asset and field). Groups of assets
 * are laid one after another, pausing (a `yield`) after each, so that
 * `release` can clear each group's frames before the next is read.
 */
function* layFrames(
  frames: readonly BarFrame[],
  timeline: Float64Array,
  release: boolean,
): Generator<void, LaidBars> {
  const bars = timeline.length;
  const count = frames.length;
  const size = count * bars;
  const laid: LaidBars = {
    units: {
      open: new Float64Array(size),
      high: new Float64Array(size),
      low: new Float64Array(size),
      close: new Float64Array(size),
      volume: new Float64Array(size),
    },
    hasBar: new Uint8Array(size),
    firstBar: new Int32Array(count).fill(bars),
  };
  const last = timeline[bars - 1];
  const group = new LayingGroup();
  // Asset groups outermost: a group's frames are read when it starts (a bundle's frames read
  // their files then) and done with once its tiles are laid (released if handed over).
  for (let s0 = 0; s0 < count; s0 += TILE) {
    const s1 = Math.min(s0 + TILE, count);
    group.take(frames, s0, s1, timeline[0]);
    layGroup(group, frames, timeline, laid);
    for (let sid = s0; sid < s1; sid++) {
      // A bar between the last two timeline entries (or after the last one inside its session) is not laid.
      const stamps = group.stamps[sid - s0];
      const i = group.cursor[sid - s0];
      if (i < stamps.length && stamps[i] <= last) notOnTimeline(frames[sid], stamps[i]);
      if (release) (frames as (BarFrame | undefined)[])[sid] = undefined;
    }
    group.clear();
    yield;
  }
  return laid;
}

/**
 * The columns of the group of assets `layGroup` lays, read from their frames once (a
 * bundle's frame reads them through getters, which the loop would otherwise call for every
 * bar), and each asset's next bar to lay.
 */
class LayingGroup {
  s0 = 0;
  s1 = 0;
  readonly stamps = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly open = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly high = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly low = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly close = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly volume = new Array<Float64Array>(TILE).fill(EMPTY);
  /** Per asset of the group: the next bar of its frame to lay, past those before the timeline. */
  readonly cursor = new Int32Array(TILE);

  take(frames: readonly BarFrame[], s0: number, s1: number, first: number): void {
    this.s0 = s0;
    this.s1 = s1;
    for (let sid = s0; sid < s1; sid++) {
      const frame = frames[sid];
      const k = sid - s0;
      const stamps = frame.timestamps;
      this.stamps[k] = stamps;
      this.open[k] = frame.open;
      this.high[k] = frame.high;
      this.low[k] = frame.low;
      this.close[k] = frame.close;
      this.volume[k] = frame.volume;
      let i = 0;
      while (i < stamps.length && stamps[i] < first) i++;
      this.cursor[k] = i;
    }
  }

  /** Lets go of the group's columns (released frames can then be collected). */
  clear(): void {
    for (const columns of [this.stamps, this.open, this.high, this.low, this.close, this.volume]) {
      columns.fill(EMPTY);
    }
  }
}

/**
 * Lays one group's bars, tile by tile: a plain function (not the generator), which V8
 * optimizes while it runs; a generator's loop stays in the interpreter.
 */
function layGroup(
  group: LayingGroup,
  frames: readonly BarFrame[],
  timeline: Float64Array,
  laid: LaidBars,
): void {
  const { open, high, low, close, volume } = laid.units;
  const { hasBar, firstBar } = laid;
  const { s0, s1, stamps, cursor } = group;
  const bars = timeline.length;
  const count = frames.length;
  for (let t0 = 0; t0 < bars; t0 += TILE) {
    const t1 = Math.min(t0 + TILE, bars);
    for (let t = t0; t < t1; t++) {
      const time = timeline[t];
      for (let sid = s0, at = t * count + s0; sid < s1; sid++, at++) {
        const k = sid - s0;
        const i = cursor[k];
        const stamp = i < stamps[k].length ? stamps[k][i] : Infinity;
        if (stamp === time) {
          const o = group.open[k][i];
          const h = group.high[k][i];
          const l = group.low[k][i];
          const c = group.close[k][i];
          const v = group.volume[k][i];
          checkBar(frames[sid].symbol, time, o, h, l, c, v);
          open[at] = o;
          high[at] = h;
          low[at] = l;
          close[at] = c;
          volume[at] = v;
          hasBar[at] = 1;
          if (firstBar[sid] === bars) firstBar[sid] = t;
          cursor[k] = i + 1;
        } else {
          if (stamp < time) notOnTimeline(frames[sid], stamp);
          open[at] = NaN;
          high[at] = NaN;
          low[at] = NaN;
          close[at] = NaN;
          volume[at] = NaN;
        }
      }
    }
  }
}

function notOnTimeline(frame: BarFrame, time: number): never {
  throw new DataError(
    `${frame.symbol} has a ${frame.frequency} bar at ${new Date(time).toISOString()} that is not on the timeline; validate the data against the calendar.`,
  );
}

/** A bar the engine can fill against: safe integer units, positive prices, low ≤ open, close ≤ high, volume ≥ 0. */
function checkBar(
  symbol: string,
  time: number,
  o: number,
  h: number,
  l: number,
  c: number,
  v: number,
): void {
  if (
    Number.isSafeInteger(o) &&
    Number.isSafeInteger(h) &&
    Number.isSafeInteger(l) &&
    Number.isSafeInteger(c) &&
    Number.isSafeInteger(v) &&
    l > 0 &&
    l <= o &&
    l <= c &&
    h >= o &&
    h >= c &&
    v >= 0
  ) {
    return;
  }
  throw new DataError(
    `Bad bar for ${symbol} at ${new Date(time).toISOString()}: open ${o} high ${h} low ${l} close ${c} volume ${v} (units); prices must be positive integers with low <= open, close <= high and volume >= 0.`,
  );
}

import { DataError } from '../../errors/index.js';
import type { BarFrame, Frequency } from '../bar-frame.js';
import type { StoredField } from './bar-field.js';
import { layAll, layFrames } from './bar-laying.js';

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

import { DataError } from '../../errors/index.js';
import type { BarFrame, Frequency } from '../bar-frame.js';
import { STORED_FIELDS, type StoredField } from './bar-field.js';

/** An asset held by a `BarStore`, identified by its position (its sid). */
export interface StoredAsset {
  symbol: string;
  priceScale: number;
  volumeScale: number;
}

/**
 * Bars of many assets on one shared timeline, one typed array per field,
 * allocated once: the value of asset `a` at bar `t` is at `a * barCount + t`,
 * so one asset's history is a contiguous slice that can be handed out as a view.
 *
 * Values are exact units (as in `BarFrame`); float prices for signals are
 * materialized once per field on first use. Missing bars are forward-filled:
 * open, high, low and close take the last real close, volume is 0, and
 * `hasBar` stays 0; before an asset's first bar every field is NaN.
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
  /** 1 where the asset printed a real bar, 0 where the value is forward-filled or absent. */
  readonly hasBar: Uint8Array;
  private readonly units: Record<StoredField, Float64Array>;
  private readonly floats: Partial<Record<StoredField, Float64Array>> = {};
  private readonly sidBySymbol: Map<string, number>;

  private constructor(
    timeline: Float64Array,
    frequency: Frequency,
    assets: StoredAsset[],
    units: Record<StoredField, Float64Array>,
    hasBar: Uint8Array,
  ) {
    this.timeline = timeline;
    this.frequency = frequency;
    this.assets = assets;
    this.barCount = timeline.length;
    this.units = units;
    this.hasBar = hasBar;
    this.sidBySymbol = new Map(assets.map((asset, sid) => [asset.symbol, sid]));
  }

  /**
   * Lays frames (one per asset, all of one frequency) on `timeline`. Bars
   * before the first or after the last timeline entry are left out; a bar
   * inside the range but not on the timeline is a `DataError`.
   */
  static fromFrames(frames: readonly BarFrame[], timeline: Float64Array): BarStore {
    if (frames.length === 0) throw new DataError('A bar store needs at least one asset.');
    const frequency = frames[0].frequency;
    const bars = timeline.length;
    for (let t = 1; t < bars; t++) {
      if (!(timeline[t] > timeline[t - 1])) {
        throw new DataError(`The timeline must strictly increase; index ${t} does not.`);
      }
    }
    const size = frames.length * bars;
    const units = Object.fromEntries(
      STORED_FIELDS.map((field) => [field, new Float64Array(size).fill(NaN)]),
    ) as Record<StoredField, Float64Array>;
    const hasBar = new Uint8Array(size);
    const assets: StoredAsset[] = [];
    const seen = new Set<string>();
    frames.forEach((frame, sid) => {
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
      layFrame(frame, timeline, sid * bars, units, hasBar);
    });
    return new BarStore(timeline, frequency, assets, units, hasBar);
  }

  /** Number of assets. */
  get assetCount(): number {
    return this.assets.length;
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

  /** Exact units of one field for every bar of one asset (a view, not a copy). */
  unitsColumn(field: StoredField, sid: number): Float64Array {
    const start = sid * this.barCount;
    return this.units[field].subarray(start, start + this.barCount);
  }

  /** Float values of one field for every bar of one asset (a view, not a copy). */
  floatColumn(field: StoredField, sid: number): Float64Array {
    const start = sid * this.barCount;
    return this.floatField(field).subarray(start, start + this.barCount);
  }

  /** The whole units column of a field, all assets, asset-major: asset `a`, bar `t` at `a * barCount + t`. */
  unitsField(field: StoredField): Float64Array {
    return this.units[field];
  }

  /** The whole float column of a field, all assets, asset-major (materialized once). */
  floatField(field: StoredField): Float64Array {
    let values = this.floats[field];
    if (values === undefined) {
      values = new Float64Array(this.units[field].length);
      const source = this.units[field];
      for (let sid = 0; sid < this.assets.length; sid++) {
        const asset = this.assets[sid];
        const divisor = 10 ** (field === 'volume' ? asset.volumeScale : asset.priceScale);
        const end = (sid + 1) * this.barCount;
        for (let i = sid * this.barCount; i < end; i++) values[i] = source[i] / divisor;
      }
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
}

function layFrame(
  frame: BarFrame,
  timeline: Float64Array,
  offset: number,
  units: Record<StoredField, Float64Array>,
  hasBar: Uint8Array,
): void {
  const bars = timeline.length;
  const first = timeline[0];
  const last = timeline[bars - 1];
  let t = 0;
  let lastClose = NaN;
  for (let i = 0; i < frame.timestamps.length; i++) {
    const time = frame.timestamps[i];
    if (first === undefined || last === undefined || time < first || time > last) continue;
    while (t < bars && timeline[t] < time) {
      fillForward(units, offset + t, lastClose);
      t++;
    }
    if (timeline[t] !== time) {
      throw new DataError(
        `${frame.symbol} has a ${frame.frequency} bar at ${new Date(time).toISOString()} that is not on the timeline; validate the data against the calendar.`,
      );
    }
    const at = offset + t;
    units.open[at] = frame.open[i]!;
    units.high[at] = frame.high[i]!;
    units.low[at] = frame.low[i]!;
    units.close[at] = frame.close[i]!;
    units.volume[at] = frame.volume[i]!;
    hasBar[at] = 1;
    lastClose = frame.close[i]!;
    t++;
  }
  for (; t < bars; t++) fillForward(units, offset + t, lastClose);
}

function fillForward(
  units: Record<StoredField, Float64Array>,
  at: number,
  lastClose: number,
): void {
  if (Number.isNaN(lastClose)) return;
  units.open[at] = lastClose;
  units.high[at] = lastClose;
  units.low[at] = lastClose;
  units.close[at] = lastClose;
  units.volume[at] = 0;
}

import { ConfigError } from '../errors/index.js';
import { IndicatorComparison } from './comparison.js';
import type { BarColumns } from './compute.js';
import { crossedAbove, crossedBelow } from './crossover.js';
import { DeclaredIndicator } from './declared.js';
import { DeclaredPlan } from './plan.js';
import type { SidList } from './sid-list.js';
import type { IndicatorSpec } from './spec.js';
import { unitsPerAsset } from './units.js';

/** Options of {@link IndicatorBatch.declare}. */
export interface DeclareOptions {
  /** Values kept per output and asset for `history`/`at` (default 2, enough for crossovers). */
  history?: number;
}

/**
 * Declared indicators: each is a name, a spec and a set of assets. One
 * {@link IndicatorBatch.update} call per bar advances every declared
 * indicator for every asset; `current`, `at` and `history` read the results
 * without allocating. Asset ids index the bar's columns (0 .. assetCount - 1).
 *
 * @example
 * const batch = new IndicatorBatch(3);
 * batch.declare('fast', sma(10), [0, 1, 2]);
 * batch.declare('slow', sma(30), [0, 1, 2]);
 * batch.declare('macd', macd(), [0, 2], { history: 5 });
 * batch.updateUnits({ open, high, low, close, volume }, priceScales, volumeScales); // once per bar
 * batch.current('fast', 1);
 * batch.current('macd', 2, 'signal');
 * batch.crossovers('fast', 'slow'); // sids whose fast SMA crossed above the slow one on this bar
 */
export class IndicatorBatch {
  /** Number of asset ids, the minimum length of each bar column. */
  readonly assetCount: number;
  private readonly declared = new Map<string, DeclaredIndicator>();
  private readonly order: DeclaredIndicator[] = [];
  private readonly comparisons = new Map<string, Map<string | number, IndicatorComparison>>();
  private readonly watched: IndicatorComparison[] = [];
  private readonly ones: Float64Array;
  private priceScales: ArrayLike<number> | undefined;
  private volumeScales: ArrayLike<number> | undefined;
  private priceUnits: Float64Array;
  private volumeUnits: Float64Array;
  private bars = 0;
  /** Whether `plan`, `unplanned` and `unwatched` describe the current declarations. */
  private planned = false;
  private plan: DeclaredPlan | undefined;
  /** Indicators and comparisons not in the plan (all of them without one). */
  private unplanned: DeclaredIndicator[] = [];
  private unwatched: IndicatorComparison[] = [];

  /**
   * @param assetCount - asset ids run from 0 to assetCount - 1
   * @throws ConfigError when assetCount is not a non-negative integer
   */
  constructor(assetCount: number) {
    if (!Number.isInteger(assetCount) || assetCount < 0) {
      throw new ConfigError(
        `IndicatorBatch: assetCount must be a non-negative integer, got ${assetCount}`,
      );
    }
    this.assetCount = assetCount;
    this.ones = new Float64Array(assetCount).fill(1);
    this.priceUnits = this.ones;
    this.volumeUnits = this.ones;
  }

  /** Bars consumed so far (calls of `update` or `updateUnits`). */
  get barCount(): number {
    return this.bars;
  }

  /**
   * Declares `spec` under `name` for `assets` and returns its handle, which
   * reads values a little faster than the by-name methods.
   *
   * @throws ConfigError for a taken name, an invalid or repeated asset id, or a bad history length
   */
  declare<O extends string>(
    name: string,
    spec: IndicatorSpec<O>,
    assets: ArrayLike<number>,
    options: DeclareOptions = {},
  ): DeclaredIndicator<O> {
    if (this.declared.has(name)) {
      throw new ConfigError(`indicator '${name}' is already declared; pick another name`);
    }
    const historyLength = options.history ?? 2;
    if (!Number.isInteger(historyLength) || historyLength < 1 || historyLength > 1_000_000) {
      throw new ConfigError(
        `indicator '${name}': history must be an integer from 1 to 1000000, got ${historyLength}`,
      );
    }
    const laneOf = new Int32Array(this.assetCount).fill(-1);
    const ids = Int32Array.from(assets);
    for (let j = 0; j < ids.length; j++) {
      const asset = assets[j];
      if (!Number.isInteger(asset) || asset < 0 || asset >= this.assetCount) {
        throw new ConfigError(
          `indicator '${name}': asset id ${asset} is outside 0..${this.assetCount - 1}`,
        );
      }
      if (laneOf[asset] >= 0) {
        throw new ConfigError(`indicator '${name}': asset id ${asset} is listed twice`);
      }
      laneOf[asset] = j;
    }
    const handle = new DeclaredIndicator(name, spec, ids, laneOf, historyLength);
    this.declared.set(name, handle);
    this.order.push(handle);
    this.planned = false;
    return handle;
  }

  /**
   * Advances every declared indicator for every one of its assets by one
   * bar. `bar` holds Float64Array columns indexed by asset id; NaN in a field
   * an indicator reads means "no bar for this asset": that indicator skips
   * the asset (state and history unchanged, `current` keeps the last value).
   *
   * @throws DataError when a column an indicator reads is missing or shorter than assetCount
   */
  update(bar: BarColumns): void {
    this.advance(bar, this.ones, this.ones, 0);
  }

  /**
   * Advances every declared indicator by one bar of exact integer units:
   * column values are units (30.94 at price scale 2 is 3094), `priceScale[sid]`
   * and `volumeScale[sid]` the decimal places of each asset's prices and
   * volumes. The exact indicators (SMA, WMA, Bollinger middle, highest,
   * lowest, Donchian, momentum, true range, OBV) keep their sums in units,
   * so their values are the correctly rounded exact ones and equal means
   * compare equal; the float ones read `units / 10^scale` (the values
   * `update` would get). NaN means no bar, as in {@link IndicatorBatch.update}.
   * Pass the same scale arrays every bar: they are checked and turned into
   * divisors when a different array object arrives (a change made in place
   * to the same array is not seen).
   *
   * `offset` is where asset 0 sits in each column: a bar-major store can
   * pass its whole columns and `t * assetCount` instead of a view per bar.
   *
   * @throws DataError when a column an indicator reads is missing or shorter than offset + assetCount
   * @throws ConfigError when a scale is not an integer from 0 to 18, or the offset not a non-negative integer
   */
  updateUnits(
    bar: BarColumns,
    priceScale: ArrayLike<number>,
    volumeScale: ArrayLike<number>,
    offset = 0,
  ): void {
    if (!(Number.isInteger(offset) && offset >= 0)) {
      throw new ConfigError(`updateUnits: offset must be a non-negative integer, got ${offset}`);
    }
    if (priceScale !== this.priceScales) {
      this.priceUnits = unitsPerAsset(priceScale, this.assetCount, 'price scale');
      this.priceScales = priceScale;
    }
    if (volumeScale !== this.volumeScales) {
      this.volumeUnits = unitsPerAsset(volumeScale, this.assetCount, 'volume scale');
      this.volumeScales = volumeScale;
    }
    this.advance(bar, this.priceUnits, this.volumeUnits, offset);
  }

  private advance(
    bar: BarColumns,
    priceUnits: Float64Array,
    volumeUnits: Float64Array,
    offset: number,
  ): void {
    const barNumber = this.bars;
    if (!this.planned) this.makePlan();
    const plan = this.plan;
    const planned =
      plan !== undefined && plan.accepts(bar, priceUnits, volumeUnits, offset, this.assetCount);
    const order = planned ? this.unplanned : this.order;
    for (let i = 0; i < order.length; i++) {
      order[i].update(bar, this.assetCount, priceUnits, volumeUnits, barNumber, offset);
    }
    if (planned) plan.advance(offset, barNumber);
    this.bars = barNumber + 1;
    const watched = planned ? this.unwatched : this.watched;
    for (let i = 0; i < watched.length; i++) watched[i].evaluate(barNumber);
    // The planned comparisons' lists were filled here: the core reads their lengths next bar.
    if (plan !== undefined && !planned) plan.sync();
  }

  /**
   * Hands the kernel indicators and the comparisons between them to one
   * native plan (see {@link DeclaredPlan}) when the Rust backend is active;
   * redone after each declaration or new comparison.
   */
  private makePlan(): void {
    this.planned = true;
    const plan = DeclaredPlan.of(this.order);
    this.plan = plan;
    this.unplanned = plan === undefined ? this.order : this.order.filter((d) => !plan.has(d));
    this.unwatched = plan === undefined ? this.watched : this.watched.filter((c) => !plan.adopt(c));
  }

  /**
   * The comparison of the primary output of `a` with that of `b` (or with a
   * constant level), maintained inside every later update: its lists are the
   * assets that crossed or sit above/below on the latest bar. Created on first
   * use (evaluated at once for the latest bar), then returned again.
   *
   * @throws ConfigError when an indicator is not declared or keeps a history shorter than 2
   */
  compare(a: string, b: string | number): IndicatorComparison {
    let byB = this.comparisons.get(a);
    const found = byB?.get(b);
    if (found !== undefined) return found;
    const first = this.watchable(a);
    const second = typeof b === 'number' ? b : this.watchable(b);
    if (typeof second === 'number' && !Number.isFinite(second)) {
      throw new ConfigError(`compare('${a}', ${second}): the level must be a finite number`);
    }
    const comparison = new IndicatorComparison(first, second, this.assetCount, this.bars - 1);
    if (byB === undefined) {
      byB = new Map();
      this.comparisons.set(a, byB);
    }
    byB.set(b, comparison);
    this.watched.push(comparison);
    this.planned = false;
    return comparison;
  }

  /**
   * Sids whose `a` crossed above `b` (another indicator's primary output or a
   * level) on this bar, ascending; a reused list, valid until the next bar.
   */
  crossovers(a: string, b: string | number): SidList {
    return this.compare(a, b).crossovers;
  }

  /** Sids whose `a` crossed below `b` on this bar, ascending; valid until the next bar. */
  crossunders(a: string, b: string | number): SidList {
    return this.compare(a, b).crossunders;
  }

  /** Sids whose `a` is above `b` on their latest values, ascending; valid until the next bar. */
  above(a: string, b: string | number): SidList {
    return this.compare(a, b).above();
  }

  /** Sids whose `a` is below `b` on their latest values, ascending; valid until the next bar. */
  below(a: string, b: string | number): SidList {
    return this.compare(a, b).below();
  }

  private watchable(name: string): DeclaredIndicator {
    const handle = this.get(name);
    if (handle.historyLength < 2) {
      throw new ConfigError(
        `indicator '${name}' keeps a history of ${handle.historyLength}; comparisons need 2 (declare it with history >= 2)`,
      );
    }
    return handle;
  }

  /**
   * The handle of a declared indicator.
   *
   * @throws ConfigError when nothing is declared under `name`
   */
  get(name: string): DeclaredIndicator {
    const handle = this.declared.get(name);
    if (handle === undefined) {
      const known = [...this.declared.keys()].join(', ') || 'none';
      throw new ConfigError(`no indicator declared as '${name}' (declared: ${known})`);
    }
    return handle;
  }

  /** Whether an indicator is declared under `name`. */
  has(name: string): boolean {
    return this.declared.has(name);
  }

  /** Latest value of an output (primary by default) of `name` for `asset`. */
  current(name: string, asset: number, output?: string): number {
    return this.get(name).at(asset, 0, output);
  }

  /** Value `ago` bars back (0 = latest) of an output of `name` for `asset`. */
  at(name: string, asset: number, ago: number, output?: string): number {
    return this.get(name).at(asset, ago, output);
  }

  /** The last `n` values of an output of `name` for `asset`, oldest first. */
  history(
    name: string,
    asset: number,
    n: number,
    out?: Float64Array,
    output?: string,
  ): Float64Array {
    return this.get(name).history(asset, n, out, output);
  }

  /** Forgets every bar of `name` for one asset, or for all when omitted (see {@link DeclaredIndicator.reset}). */
  reset(name: string, asset?: number): void {
    this.get(name).reset(asset);
    for (const comparison of this.watched) {
      if (comparison.a === name || comparison.b === name) comparison.forget(asset);
    }
  }

  /**
   * Whether the primary output of `a` crossed above `b` (another declared
   * indicator's primary output, or a constant level) on the asset's latest bar.
   */
  crossover(a: string, b: string | number, asset: number): boolean {
    const A = this.get(a);
    if (typeof b === 'number') return crossedAbove(A.at(asset, 1), b, A.at(asset, 0), b);
    const B = this.get(b);
    return crossedAbove(A.at(asset, 1), B.at(asset, 1), A.at(asset, 0), B.at(asset, 0));
  }

  /** Whether the primary output of `a` crossed below `b` on the asset's latest bar. */
  crossunder(a: string, b: string | number, asset: number): boolean {
    const A = this.get(a);
    if (typeof b === 'number') return crossedBelow(A.at(asset, 1), b, A.at(asset, 0), b);
    const B = this.get(b);
    return crossedBelow(A.at(asset, 1), B.at(asset, 1), A.at(asset, 0), B.at(asset, 0));
  }
}

import { ConfigError } from '../errors/index.js';
import type { BarColumns } from './compute.js';
import { crossedAbove, crossedBelow } from './crossover.js';
import { DeclaredIndicator } from './declared.js';
import type { IndicatorSpec } from './spec.js';

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
 * batch.declare('macd', macd(), [0, 2], { history: 5 });
 * batch.update({ open, high, low, close, volume }); // once per bar
 * batch.current('fast', 1);
 * batch.current('macd', 2, 'signal');
 */
export class IndicatorBatch {
  /** Number of asset ids, the minimum length of each bar column. */
  readonly assetCount: number;
  private readonly declared = new Map<string, DeclaredIndicator>();
  private readonly order: DeclaredIndicator[] = [];

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
    const order = this.order;
    for (let i = 0; i < order.length; i++) order[i].update(bar, this.assetCount);
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

import { kernels } from './backend.js';

/**
 * The napi-rs class `DeclaredPlan` of `rustybt-node`
 * (`rust/crates/rustybt-node/src/declared_plan.rs`): a batch's declared
 * indicators and comparisons with their arrays handed over once, advanced
 * together in one crossing per bar. Each kernel is the one `declaredInto`,
 * `declaredSmaInto` and `compareLanesInto` run, so values are the same.
 */
export interface NativeDeclaredPlan {
  /** Binds the bar columns and 10^scale per asset id of prices and volumes. */
  bindColumns(
    open: Float64Array,
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    volume: Float64Array,
    priceUnits: Float64Array,
    volumeUnits: Float64Array,
  ): void;
  /** Adds a declared indicator (`inputs`: field 0 open … 4 volume per input); returns its index. */
  addIndicator(
    kind: number,
    params: Float64Array,
    inputs: Uint32Array,
    volumeInputs: number,
    assets: Int32Array,
    state: Float64Array,
    ring: Float64Array,
    head: Int32Array,
    filled: Int32Array,
    stamp: Int32Array,
    latest: Float64Array,
    history: number,
  ): number;
  /** Adds a comparison of indicator `first` with `second` (-1: with `level`); returns its index. */
  addComparison(
    first: number,
    second: number,
    level: number,
    sids: Int32Array,
    lanesA: Int32Array,
    lanesB: Int32Array,
    relation: Int8Array,
    up: Int32Array,
    upMember: Uint8Array,
    down: Int32Array,
    downMember: Uint8Array,
  ): number;
  /**
   * Binds the array of the comparisons' list lengths (two per comparison): the
   * lengths the lists have now, read before a bar (their flags are cleared)
   * and written after it.
   */
  bindCounts(counts: Int32Array): void;
  /** Advances every indicator by the bar at `offset`, stamped `bar`, then every comparison. */
  advance(offset: number, bar: number): void;
}

/** A new plan when the Rust backend is active and its addon has the class; otherwise undefined. */
export function nativeDeclaredPlan(): NativeDeclaredPlan | undefined {
  const addon = kernels() as unknown as { DeclaredPlan?: new () => NativeDeclaredPlan };
  return typeof addon.DeclaredPlan === 'function' ? new addon.DeclaredPlan() : undefined;
}

import type { KernelSpec } from './kernel.js';

/**
 * The bar field an indicator reads. Single-input indicators read `close`
 * unless told otherwise; bar indicators read several fields in a fixed order.
 */
export type BarField = 'open' | 'high' | 'low' | 'close' | 'volume';

/**
 * One bar step of an indicator for one lane (one asset, or the single lane of
 * a stream). State lives in `state` laid out struct-of-arrays: field `f` of
 * lane `lane` is `state[f * lanes + lane]`; a zero-filled state is a fresh
 * indicator. `x0..x3` are the spec's `inputs` in order (unused ones are 0).
 * The step writes each output into `result[k]`, NaN before its warm-up.
 *
 * `u0..u3` are the inputs' units: input k stands for the value `xk / uk`.
 * A spec with `units: true` receives integer units (uk = 10^scale) when the
 * caller has them, so window sums can stay exact; it gets uk = 1 for float
 * inputs. A spec without it always receives values (`xk` already divided, uk = 1).
 */
export type IndicatorStep = (
  state: Float64Array,
  lanes: number,
  lane: number,
  x0: number,
  x1: number,
  x2: number,
  x3: number,
  result: Float64Array,
  u0: number,
  u1: number,
  u2: number,
  u3: number,
) => void;

/**
 * What a factory such as `sma(10)` or `macd()` returns: a description of an
 * indicator with its parameters bound. The same spec drives the vectorized
 * form ({@link compute}), the streaming form ({@link IndicatorStream}) and the
 * declared batch ({@link IndicatorBatch}), so all three give identical values.
 *
 * @typeParam O - names of the outputs, e.g. `'value'` or `'macd' | 'signal' | 'hist'`
 */
export interface IndicatorSpec<O extends string = string> {
  /** Display name with parameters, e.g. `sma(10)`. */
  readonly name: string;
  /** Bar fields read, in the order passed to the step as x0, x1, ... */
  readonly inputs: readonly BarField[];
  /** Output names; the first is the primary output. */
  readonly outputs: readonly O[];
  /** First valid index (0-based bar count) of each output, same order as `outputs`. */
  readonly firstValid: readonly number[];
  /** Number of float64 state fields per lane. */
  readonly stateSize: number;
  /** The per-bar step shared by every form. */
  readonly step: IndicatorStep;
  /**
   * True when `step` (and `columns`) take integer units with their divisors
   * (see {@link IndicatorStep}); every built-in indicator does.
   */
  readonly units?: boolean;
  /**
   * Optional specialized column loop used by `compute`: same float operations
   * and skip rule as `step`, state in locals. Receives the input columns in
   * `inputs` order, one output column per output, and the inputs' units.
   */
  readonly columns?: (
    inputs: readonly Float64Array[],
    outputs: readonly Float64Array[],
    units: Float64Array,
  ) => void;
  /**
   * The kernel (Rust, with its TypeScript twin) that runs declared instances
   * of this indicator for all their assets in one call per bar, with the
   * same operations as `step`. Every built-in indicator has one; a spec
   * without it runs `step` per asset.
   */
  readonly kernel?: KernelSpec;
}

/** The output name of single-output indicators. */
export type ValueOutput = 'value';

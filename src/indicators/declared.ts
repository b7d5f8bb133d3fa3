import { ConfigError, DataError } from '../errors/index.js';
import { kernels } from '../native/backend.js';
import type { Kernels } from '../native/kernels.js';
import { tsKernels } from '../native/ts-kernels.js';
import type { BarColumns } from './compute.js';
import { KERNEL_CODES, KERNEL_SHAPES } from './kernel.js';
import './lanes/index.js';
import type { BarField, IndicatorSpec, IndicatorStep } from './spec.js';

/**
 * Fewest lanes for which a declared indicator crosses into the Rust kernel:
 * a call with its fourteen typed arrays costs about 0.75 µs, more than Rust
 * saves over the TypeScript twin (bit-identical) below about 48 lanes.
 */
export const NATIVE_MIN_LANES = 48;

/**
 * One indicator declared for a set of assets inside an {@link IndicatorBatch}:
 * its state for all assets in one struct-of-arrays Float64Array (field f of
 * lane j at `f * lanes + j`), and a ring of the last `historyLength` values of
 * every output per asset (output k, slot i, lane j at `(k * H + i) * lanes + j`).
 */
export class DeclaredIndicator<O extends string = string> {
  /** Name it was declared under. */
  readonly name: string;
  /** The indicator computed. */
  readonly spec: IndicatorSpec<O>;
  /** Asset ids, one lane each, in lane order. */
  readonly assets: Int32Array;
  /** Values kept per output and asset. */
  readonly historyLength: number;
  /** Indicator state, struct-of-arrays over lanes. */
  readonly state: Float64Array;
  /** Output history rings, struct-of-arrays over lanes. */
  readonly ring: Float64Array;
  /** Next ring slot to write, per lane. */
  readonly head: Int32Array;
  /** Bars recorded per lane, capped at `historyLength`. */
  readonly filled: Int32Array;
  /** Per lane, the batch's bar number of the lane's latest update (-1 before any). */
  readonly stamp: Int32Array;
  /** Per lane, the latest value of the primary output (NaN before any). */
  readonly latest: Float64Array;
  private readonly lanesByAsset: Int32Array;
  private readonly values: Float64Array;
  private readonly step: IndicatorStep;
  /** Kernel code running all lanes in one call, -1 to run `step` per lane. */
  private readonly kernelCode: number;
  private readonly kernelParams: Float64Array;
  /** Bit k set when input k is the volume field. */
  private readonly volumeInputs: number;

  /** Use {@link IndicatorBatch.declare}. */
  constructor(
    name: string,
    spec: IndicatorSpec<O>,
    assets: Int32Array,
    laneOf: Int32Array,
    historyLength: number,
  ) {
    this.name = name;
    this.spec = spec;
    this.assets = assets;
    this.lanesByAsset = laneOf;
    this.historyLength = historyLength;
    const lanes = assets.length;
    this.state = new Float64Array(spec.stateSize * lanes);
    this.ring = new Float64Array(spec.outputs.length * historyLength * lanes).fill(NaN);
    this.head = new Int32Array(lanes);
    this.filled = new Int32Array(lanes);
    this.stamp = new Int32Array(lanes).fill(-1);
    this.latest = new Float64Array(lanes).fill(NaN);
    this.values = new Float64Array(spec.outputs.length);
    this.step = spec.units === true ? spec.step : onValues(spec.step);
    const kernel = spec.kernel;
    const shape = kernel === undefined ? undefined : KERNEL_SHAPES[kernel.kind];
    const fits =
      shape !== undefined &&
      spec.units === true &&
      spec.inputs.length === shape[0] &&
      spec.outputs.length === shape[1];
    this.kernelCode = fits ? KERNEL_CODES[kernel!.kind] : -1;
    this.kernelParams = fits ? kernel!.params : new Float64Array(0);
    let mask = 0;
    spec.inputs.forEach((field, k) => {
      if (field === 'volume') mask |= 1 << k;
    });
    this.volumeInputs = mask;
  }

  /**
   * Advances every asset by one bar. An asset whose bar has NaN in a field
   * this indicator reads has no bar: its state and history stay as they were.
   * `priceUnits`/`volumeUnits` hold 10^scale per asset id when the columns
   * are integer units, ones for float values; `barNumber` stamps the lanes updated.
   * Asset `a` is read at `offset + a` of each column.
   */
  update(
    bar: BarColumns,
    minLength: number,
    priceUnits: Float64Array,
    volumeUnits: Float64Array,
    barNumber: number,
    offset = 0,
  ): void {
    const spec = this.spec;
    const inputs = spec.inputs;
    const arity = inputs.length;
    const c0 = column(this, bar, inputs[0], offset + minLength);
    const c1 = arity > 1 ? column(this, bar, inputs[1], offset + minLength) : c0;
    const c2 = arity > 2 ? column(this, bar, inputs[2], offset + minLength) : c0;
    const c3 = arity > 3 ? column(this, bar, inputs[3], offset + minLength) : c0;
    const U0 = inputs[0] === 'volume' ? volumeUnits : priceUnits;
    const U1 = arity > 1 && inputs[1] === 'volume' ? volumeUnits : priceUnits;
    const U2 = arity > 2 && inputs[2] === 'volume' ? volumeUnits : priceUnits;
    const U3 = arity > 3 && inputs[3] === 'volume' ? volumeUnits : priceUnits;
    const step = this.step;
    const width = spec.outputs.length;
    const { state, ring, head, filled, stamp, latest, assets, values, historyLength } = this;
    const lanes = assets.length;
    const code = this.kernelCode;
    if (code === KERNEL_CODES.sma) {
      // Through its narrower door: six typed arrays fewer to cross than declaredInto's.
      this.kernels().declaredSmaInto(
        state,
        this.kernelParams[0],
        c0,
        offset,
        assets,
        U0,
        ring,
        head,
        filled,
        stamp,
        latest,
        historyLength,
        barNumber,
      );
      return;
    }
    if (code >= 0) {
      this.kernels().declaredInto(
        code,
        this.kernelParams,
        state,
        c0,
        c1,
        c2,
        c3,
        offset,
        assets,
        priceUnits,
        volumeUnits,
        this.volumeInputs,
        ring,
        head,
        filled,
        stamp,
        latest,
        historyLength,
        barNumber,
      );
      return;
    }
    for (let j = 0; j < lanes; j++) {
      const asset = assets[j];
      const at = offset + asset;
      const x0 = c0[at];
      const x1 = arity > 1 ? c1[at] : 0;
      const x2 = arity > 2 ? c2[at] : 0;
      const x3 = arity > 3 ? c3[at] : 0;
      if (x0 !== x0 || x1 !== x1 || x2 !== x2 || x3 !== x3) continue;
      const u1 = arity > 1 ? U1[asset] : 1;
      const u2 = arity > 2 ? U2[asset] : 1;
      const u3 = arity > 3 ? U3[asset] : 1;
      step(state, lanes, j, x0, x1, x2, x3, values, U0[asset], u1, u2, u3);
      stamp[j] = barNumber;
      latest[j] = values[0];
      const slot = head[j];
      for (let k = 0; k < width; k++) ring[(k * historyLength + slot) * lanes + j] = values[k];
      head[j] = slot + 1 === historyLength ? 0 : slot + 1;
      if (filled[j] < historyLength) filled[j]++;
    }
  }

  /** The kernels this indicator runs on: Rust's when the addon is in use and the lanes are many. */
  /**
   * The kernel this indicator runs on (its code, parameters, the field of
   * each input and the volume-input mask), or undefined for a spec without
   * one: what a {@link DeclaredPlan} hands to the native core.
   */
  get kernel():
    | { code: number; params: Float64Array; inputs: readonly BarField[]; volumeInputs: number }
    | undefined {
    if (this.kernelCode < 0) return undefined;
    return {
      code: this.kernelCode,
      params: this.kernelParams,
      inputs: this.spec.inputs,
      volumeInputs: this.volumeInputs,
    };
  }

  private kernels(): Kernels {
    return this.assets.length >= NATIVE_MIN_LANES ? kernels() : tsKernels;
  }

  /**
   * The value `ago` bars back (0 = the latest bar this asset had) of one
   * output (the primary one by default); NaN if not recorded.
   *
   * @throws ConfigError for an undeclared asset, unknown output or `ago` beyond the history
   */
  at(asset: number, ago = 0, output?: O): number {
    const lane = this.lane(asset);
    if (!(ago >= 0 && ago < this.historyLength && Number.isInteger(ago))) {
      throw new ConfigError(
        `${this.name}: ago must be an integer from 0 to ${this.historyLength - 1}, got ${ago}; declare with a longer history`,
      );
    }
    const k = this.outputIndex(output);
    if (ago >= this.filled[lane]) return NaN;
    const H = this.historyLength;
    let slot = this.head[lane] - 1 - ago;
    if (slot < 0) slot += H;
    return this.ring[(k * H + slot) * this.assets.length + lane];
  }

  /** The latest value of one output (the primary one by default) for `asset`. */
  current(asset: number, output?: O): number {
    return this.at(asset, 0, output);
  }

  /**
   * The last `n` values of one output for `asset`, oldest first, NaN where
   * the asset had fewer bars. Writes into `out` when given (length >= n).
   *
   * @throws ConfigError when `n` exceeds the declared history or `out` is too short
   */
  history(asset: number, n: number, out?: Float64Array, output?: O): Float64Array {
    if (!(Number.isInteger(n) && n >= 0 && n <= this.historyLength)) {
      throw new ConfigError(
        `${this.name}: n must be an integer from 0 to ${this.historyLength}, got ${n}; declare with a longer history`,
      );
    }
    const target = out ?? new Float64Array(n);
    if (target.length < n) {
      throw new ConfigError(`${this.name}: out has length ${target.length}, needs ${n}`);
    }
    for (let i = 0; i < n; i++) target[i] = this.at(asset, n - 1 - i, output);
    return target;
  }

  /**
   * Forgets every bar of one asset (or of all when omitted), e.g. to anchor a
   * VWAP at each session: its state restarts from zero and its history empties.
   */
  reset(asset?: number): void {
    if (asset === undefined) {
      this.state.fill(0);
      this.ring.fill(NaN);
      this.head.fill(0);
      this.filled.fill(0);
      this.stamp.fill(-1);
      this.latest.fill(NaN);
      return;
    }
    const lane = this.lane(asset);
    const lanes = this.assets.length;
    for (let i = lane; i < this.state.length; i += lanes) this.state[i] = 0;
    for (let i = lane; i < this.ring.length; i += lanes) this.ring[i] = NaN;
    this.head[lane] = 0;
    this.filled[lane] = 0;
    this.stamp[lane] = -1;
    this.latest[lane] = NaN;
  }

  /** Index of an output name (0, the primary output, when omitted). */
  outputIndex(output?: string): number {
    if (output === undefined) return 0;
    const k = (this.spec.outputs as readonly string[]).indexOf(output);
    if (k < 0) {
      throw new ConfigError(
        `${this.name} (${this.spec.name}) has outputs ${this.spec.outputs.join(', ')}; got '${output}'`,
      );
    }
    return k;
  }

  /** Lane of a declared asset, -1 when the asset is not declared. */
  laneOf(asset: number): number {
    return asset >= 0 && asset < this.lanesByAsset.length ? this.lanesByAsset[asset] : -1;
  }

  private lane(asset: number): number {
    const lane = this.laneOf(asset);
    if (lane < 0) {
      throw new ConfigError(`${this.name} was not declared for asset ${asset}`);
    }
    return lane;
  }
}

function column(
  declared: DeclaredIndicator,
  bar: BarColumns,
  field: BarField,
  minLength: number,
): Float64Array {
  const values = bar[field];
  if (!(values instanceof Float64Array) || values.length < minLength) {
    throw new DataError(
      `${declared.name} (${declared.spec.name}) reads ${field}: the bar needs a ${field} Float64Array of length >= ${minLength} indexed by asset id (after the offset)`,
    );
  }
  return values;
}

/** A step that wants values, fed units: divides each input by its unit first. */
function onValues(step: IndicatorStep): IndicatorStep {
  return (s, L, a, x0, x1, x2, x3, r, u0, u1, u2, u3) =>
    step(s, L, a, x0 / u0, x1 / u1, x2 / u2, x3 / u3, r, 1, 1, 1, 1);
}

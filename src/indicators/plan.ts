import { NativeBackendError } from '../errors/index.js';
import { nativeDeclaredPlan, type NativeDeclaredPlan } from '../native/declared-plan.js';
import type { IndicatorComparison } from './comparison.js';
import type { BarColumns } from './compute.js';
import { NATIVE_MIN_LANES, type DeclaredIndicator } from './declared.js';
import type { BarField } from './spec.js';

const FIELDS: readonly BarField[] = ['open', 'high', 'low', 'close', 'volume'];
const NONE = new Float64Array(0);

/**
 * The declared indicators of a batch that run on a native kernel, and the
 * comparisons between them, handed to the Rust core once and advanced there
 * in one crossing per bar (`advance(offset, bar)`: scalars only). The bar
 * columns are bound again when different arrays arrive (a few times at
 * most: a caller that hands each bar in new arrays, such as views, gets the
 * per-indicator calls, which read views as they come).
 *
 * Built by `IndicatorBatch` when the Rust backend is active and the kernel
 * indicators cover at least {@link NATIVE_MIN_LANES} lanes in all; the rest
 * of the batch (indicators without a kernel, comparisons involving them)
 * runs as before. Values are those of the per-indicator calls: the same
 * kernels run.
 */
export class DeclaredPlan {
  /** The indicators in the plan, by plan index. */
  readonly indicators: readonly DeclaredIndicator[];
  /** The comparisons in the plan, by plan index. */
  readonly comparisons: IndicatorComparison[] = [];
  private readonly native: NativeDeclaredPlan;
  private readonly fields: readonly BarField[];
  private counts = new Int32Array(0);
  private bound: (Float64Array | undefined)[] = [];
  private minLength = 0;
  /** Times the columns were bound. */
  private bindings = 0;

  private constructor(native: NativeDeclaredPlan, indicators: DeclaredIndicator[]) {
    this.native = native;
    this.indicators = indicators;
    const used = new Set<BarField>();
    for (const declared of indicators) {
      const kernel = declared.kernel!;
      kernel.inputs.forEach((field) => used.add(field));
      native.addIndicator(
        kernel.code,
        kernel.params,
        Uint32Array.from(kernel.inputs, (field) => FIELDS.indexOf(field)),
        kernel.volumeInputs,
        declared.assets,
        declared.state,
        declared.ring,
        declared.head,
        declared.filled,
        declared.stamp,
        declared.latest,
        declared.historyLength,
      );
    }
    this.fields = FIELDS.filter((field) => used.has(field));
  }

  /**
   * A plan over the kernel indicators of `declared`, or undefined when the
   * Rust backend is not active or they cover fewer than
   * {@link NATIVE_MIN_LANES} lanes (their per-indicator TypeScript twins are
   * then at least as fast).
   */
  static of(declared: readonly DeclaredIndicator[]): DeclaredPlan | undefined {
    const planned = declared.filter((d) => d.kernel !== undefined);
    const lanes = planned.reduce((sum, d) => sum + d.assets.length, 0);
    if (lanes < NATIVE_MIN_LANES) return undefined;
    const native = nativeDeclaredPlan();
    return native === undefined ? undefined : new DeclaredPlan(native, planned);
  }

  /** Whether `declared` is advanced by this plan. */
  has(declared: DeclaredIndicator): boolean {
    return this.indicators.includes(declared);
  }

  /**
   * Adds `comparison` when both its indicators are in the plan (its lists
   * as they stand are cleared on the next bar); returns whether it was added.
   */
  adopt(comparison: IndicatorComparison): boolean {
    const { first, second, level, sids, lanesA, lanesB, relation } = comparison.planned;
    const a = this.indicators.indexOf(first);
    const b = second === undefined ? -1 : this.indicators.indexOf(second);
    if (a < 0 || (second !== undefined && b < 0)) return false;
    const up = comparison.crossovers;
    const down = comparison.crossunders;
    this.native.addComparison(
      a,
      b,
      level,
      sids,
      lanesA,
      lanesB,
      relation,
      up.sids,
      up.members,
      down.sids,
      down.members,
    );
    this.comparisons.push(comparison);
    this.counts = new Int32Array(2 * this.comparisons.length);
    this.native.bindCounts(this.counts);
    this.sync();
    return true;
  }

  /**
   * Writes the lengths the comparisons' lists have now into the counts the
   * core reads before a bar: after the lists were filled outside the plan
   * (a comparison's first evaluation, a bar the plan did not accept).
   */
  sync(): void {
    const { comparisons, counts } = this;
    for (let i = 0; i < comparisons.length; i++) {
      counts[2 * i] = comparisons[i].crossovers.length;
      counts[2 * i + 1] = comparisons[i].crossunders.length;
    }
  }

  /**
   * Whether the plan can read bar `offset` of `bar` (every field it reads is
   * a Float64Array long enough); binds the columns when they changed.
   * Otherwise the caller runs the indicators one by one, which raise the
   * typed error for the missing or short column.
   */
  accepts(
    bar: BarColumns,
    priceUnits: Float64Array,
    volumeUnits: Float64Array,
    offset: number,
    assetCount: number,
  ): boolean {
    const bound = this.bound;
    if (
      bar.open !== bound[0] ||
      bar.high !== bound[1] ||
      bar.low !== bound[2] ||
      bar.close !== bound[3] ||
      bar.volume !== bound[4] ||
      priceUnits !== bound[5] ||
      volumeUnits !== bound[6]
    ) {
      // Bars in arrays of their own every time (the batch fed views) run one by one instead.
      if (this.bindings >= 4 || !this.bind(bar, priceUnits, volumeUnits)) return false;
      this.bindings++;
    }
    return offset + assetCount <= this.minLength;
  }

  /** Advances the planned indicators and comparisons by one bar (see {@link accepts}). */
  advance(offset: number, barNumber: number): void {
    try {
      this.native.advance(offset, barNumber);
    } catch (error) {
      // The arrays were checked when handed over: a failure here is the core's own.
      const names = this.indicators.map((d) => d.name).join(', ');
      throw new NativeBackendError(
        `The Rust indicator plan (${names}) failed at bar ${barNumber}: ${(error as Error).message}. Rerun with RUSTYBT_BACKEND=ts and report this.`,
        { cause: error },
      );
    }
    const comparisons = this.comparisons;
    const counts = this.counts;
    for (let i = 0; i < comparisons.length; i++) {
      comparisons[i].settle(barNumber, counts[2 * i], counts[2 * i + 1]);
    }
  }

  private bind(bar: BarColumns, priceUnits: Float64Array, volumeUnits: Float64Array): boolean {
    let minLength = Infinity;
    for (const field of this.fields) {
      const values = bar[field];
      if (!(values instanceof Float64Array)) return false;
      minLength = Math.min(minLength, values.length);
    }
    const columns = FIELDS.map((field) => {
      const values = bar[field];
      return values instanceof Float64Array ? values : NONE;
    });
    this.native.bindColumns(
      columns[0],
      columns[1],
      columns[2],
      columns[3],
      columns[4],
      priceUnits,
      volumeUnits,
    );
    this.bound = [bar.open, bar.high, bar.low, bar.close, bar.volume, priceUnits, volumeUnits];
    this.minLength = minLength;
    return true;
  }
}

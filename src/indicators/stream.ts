import { ConfigError } from '../errors/index.js';
import type { BarField, IndicatorSpec } from './spec.js';
import { inputUnits, type InputScales } from './units.js';

/** One bar's fields as numbers, for {@link IndicatorStream.updateBar}. */
export type BarValues = Partial<Record<BarField, number>>;

/**
 * Streaming form: feed one bar at a time, O(1) work per update (CCI's mean
 * deviation is O(period); highest/lowest are O(1) amortized) and no
 * allocation. Same skip rule and bit-identical values as {@link compute}.
 * Constructed with `scales`, it takes exact integer units (e.g. cents at
 * price scale 2) and the exact indicators keep their sums in units.
 *
 * @example
 * const fast = new IndicatorStream(ema(10));
 * for (const close of closes) fast.update(close);
 * const exact = new IndicatorStream(sma(10), { price: 2 });
 * exact.update(3094); // 30.94
 */
export class IndicatorStream<O extends string = string> {
  /** The indicator this stream computes. */
  readonly spec: IndicatorSpec<O>;
  private readonly state: Float64Array;
  private readonly values: Float64Array;
  private readonly units: Float64Array;
  private readonly divisors: Float64Array;
  private bars = 0;

  /**
   * @param spec - what a factory such as `sma(10)` returned
   * @param scales - decimal scales when the inputs are integer units; omit for float values
   * @throws ConfigError for a scale outside 0..18
   */
  constructor(spec: IndicatorSpec<O>, scales?: InputScales) {
    this.spec = spec;
    this.state = new Float64Array(spec.stateSize);
    this.values = new Float64Array(spec.outputs.length).fill(NaN);
    const units = inputUnits(spec.inputs, scales ?? {});
    // A spec that does not take units gets values: divided here, units of 1.
    this.units = spec.units === true ? units : Float64Array.of(1, 1, 1, 1);
    this.divisors = spec.units === true ? Float64Array.of(1, 1, 1, 1) : units;
  }

  /**
   * Feeds one bar with the inputs in the order of `spec.inputs` (e.g. close;
   * or high, low, close for ATR) and returns the primary output. A bar with
   * a NaN input is skipped: outputs become NaN and the state is unchanged.
   */
  update(x0: number, x1 = 0, x2 = 0, x3 = 0): number {
    const values = this.values;
    if (x0 !== x0 || x1 !== x1 || x2 !== x2 || x3 !== x3) {
      values.fill(NaN);
      return NaN;
    }
    const { units: u, divisors: d } = this;
    this.spec.step(
      this.state,
      1,
      0,
      x0 / d[0],
      x1 / d[1],
      x2 / d[2],
      x3 / d[3],
      values,
      u[0],
      u[1],
      u[2],
      u[3],
    );
    this.bars++;
    return values[0];
  }

  /** Feeds one bar given by field name and returns the primary output. */
  updateBar(bar: BarValues): number {
    const spec = this.spec;
    const n = spec.inputs.length;
    return this.update(
      field(spec, bar, 0),
      n > 1 ? field(spec, bar, 1) : 0,
      n > 2 ? field(spec, bar, 2) : 0,
      n > 3 ? field(spec, bar, 3) : 0,
    );
  }

  /** The primary output after the last update (NaN before its warm-up). */
  get value(): number {
    return this.values[0];
  }

  /**
   * One output after the last update, e.g. `output('signal')` of a MACD.
   *
   * @throws ConfigError when the indicator has no such output
   */
  output(name: O): number {
    const k = this.spec.outputs.indexOf(name);
    if (k < 0) {
      throw new ConfigError(
        `${this.spec.name} has outputs ${this.spec.outputs.join(', ')}; got '${String(name)}'`,
      );
    }
    return this.values[k];
  }

  /** Bars consumed so far (skipped bars excluded). */
  get count(): number {
    return this.bars;
  }

  /** Forgets all bars, e.g. to anchor a VWAP at a new session. */
  reset(): void {
    this.state.fill(0);
    this.values.fill(NaN);
    this.bars = 0;
  }
}

function field(spec: IndicatorSpec, bar: BarValues, k: number): number {
  const name = spec.inputs[k];
  const v = bar[name];
  if (v === undefined) throw new ConfigError(`${spec.name} reads ${name}; the bar has no ${name}`);
  return v;
}

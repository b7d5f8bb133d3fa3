import { ConfigError, DataError } from '../errors/index.js';
import type { BarField, IndicatorSpec } from './spec.js';
import { inputUnits, type InputScales } from './units.js';

const FLOAT_UNITS = Float64Array.of(1, 1, 1, 1);

/** Bar columns by field; an indicator needs only the fields it reads. */
export type BarColumns = Partial<Record<BarField, Float64Array>>;

/** One Float64Array per output of an indicator, keyed by output name. */
export type IndicatorColumns<O extends string> = Record<O, Float64Array>;

/**
 * Resolves the columns a spec reads from a single column (single-input
 * specs) or from bar columns.
 */
export function inputColumns(
  spec: IndicatorSpec,
  input: Float64Array | BarColumns,
  what: string,
): Float64Array[] {
  if (input instanceof Float64Array) {
    if (spec.inputs.length !== 1) {
      throw new ConfigError(
        `${spec.name} reads ${spec.inputs.join(', ')}; pass bar columns such as { ${spec.inputs.join(', ')} }`,
      );
    }
    return [input];
  }
  return spec.inputs.map((field) => {
    const column = input[field];
    if (!(column instanceof Float64Array)) {
      throw new DataError(`${spec.name} reads ${field}, but ${what} has no ${field} Float64Array`);
    }
    return column;
  });
}

/**
 * Vectorized form: runs `spec` over whole columns and returns one column per
 * output, NaN before each output's first valid index. Bars where any input
 * the indicator reads is NaN are skipped: their outputs are NaN and the
 * indicator continues from the next bar as if the skipped one were absent.
 * Pass `out` to reuse output arrays (each must have the input's length).
 * Values are identical, bit for bit, to the streaming and batch forms.
 *
 * Pass `scales` when the columns hold exact integer units (30.94 as 3094 at
 * price scale 2): the exact indicators (SMA, WMA, Bollinger middle, highest,
 * lowest, Donchian, momentum, true range, OBV) then keep their sums in units
 * and divide once, and the float ones read `units / 10^scale`.
 *
 * @example
 * compute(sma(10), { close: cents }, {}, { price: 2 }).value; // exact window means
 *
 * @throws DataError when input columns are missing or of different lengths
 * @throws ConfigError when an output array has the wrong length or a scale is invalid
 */
export function compute<O extends string>(
  spec: IndicatorSpec<O>,
  input: Float64Array | BarColumns,
  out: Partial<IndicatorColumns<O>> = {},
  scales?: InputScales,
): IndicatorColumns<O> {
  const units = scales === undefined ? FLOAT_UNITS : inputUnits(spec.inputs, scales);
  const columns = inputColumns(spec, input, 'the input');
  const n = columns[0].length;
  for (const column of columns) {
    if (column.length !== n) {
      throw new DataError(
        `${spec.name}: input columns differ in length (${n} and ${column.length}); pass aligned columns`,
      );
    }
  }
  const result = {} as IndicatorColumns<O>;
  const outputs: Float64Array[] = [];
  for (const name of spec.outputs) {
    const given = out[name];
    if (given !== undefined && given.length !== n) {
      throw new ConfigError(
        `${spec.name}: output '${name}' has length ${given.length}, expected ${n}`,
      );
    }
    const column = given ?? new Float64Array(n);
    result[name] = column;
    outputs.push(column);
  }
  if (spec.columns !== undefined && spec.units === true) spec.columns(columns, outputs, units);
  else run(spec, columns, outputs, n, units);
  return result;
}

function run(
  spec: IndicatorSpec,
  columns: Float64Array[],
  outputs: Float64Array[],
  n: number,
  units: Float64Array,
): void {
  const step = spec.step;
  const state = new Float64Array(spec.stateSize);
  const values = new Float64Array(outputs.length);
  const arity = columns.length;
  const c0 = columns[0];
  const c1 = arity > 1 ? columns[1] : c0;
  const c2 = arity > 2 ? columns[2] : c0;
  const c3 = arity > 3 ? columns[3] : c0;
  const o0 = outputs[0];
  const width = outputs.length;
  // A spec that does not take units gets values: divide here, pass units of 1.
  const takesUnits = spec.units === true;
  const u0 = units[0];
  const u1 = units[1];
  const u2 = units[2];
  const u3 = units[3];
  const d0 = takesUnits ? 1 : u0;
  const d1 = takesUnits ? 1 : u1;
  const d2 = takesUnits ? 1 : u2;
  const d3 = takesUnits ? 1 : u3;
  const p0 = takesUnits ? u0 : 1;
  const p1 = takesUnits ? u1 : 1;
  const p2 = takesUnits ? u2 : 1;
  const p3 = takesUnits ? u3 : 1;
  for (let i = 0; i < n; i++) {
    const x0 = c0[i] / d0;
    const x1 = arity > 1 ? c1[i] / d1 : 0;
    const x2 = arity > 2 ? c2[i] / d2 : 0;
    const x3 = arity > 3 ? c3[i] / d3 : 0;
    if (x0 !== x0 || x1 !== x1 || x2 !== x2 || x3 !== x3) {
      for (let k = 0; k < width; k++) outputs[k][i] = NaN;
      continue;
    }
    step(state, 1, 0, x0, x1, x2, x3, values, p0, p1, p2, p3);
    o0[i] = values[0];
    for (let k = 1; k < width; k++) outputs[k][i] = values[k];
  }
}

import { requireFloat64Array, requireNumber, requireWindow } from './argument-checks.js';
import { kernels } from './backend.js';

/**
 * `a + b` computed by the active backend. On the Rust backend each call is one
 * crossing of the native boundary, which makes it the yardstick for call cost.
 *
 * @throws TypeError when `a` or `b` is not a number.
 */
export function rustSum(a: number, b: number): number {
  requireNumber('rustSum', 'a', a);
  requireNumber('rustSum', 'b', b);
  return kernels().rustSum(a, b);
}

/**
 * Left-to-right sum of a `Float64Array`, read in place (zero-copy on the Rust
 * backend). Empty arrays sum to 0; NaN and infinities follow IEEE 754.
 *
 * @throws TypeError when `values` is not a `Float64Array`.
 */
export function sumFloat64(values: Float64Array): number {
  requireFloat64Array('sumFloat64', 'values', values);
  return kernels().sumFloat64(values);
}

/**
 * Trailing-window mean of `values`: `out[i]` is the mean of `values[i-window+1..i]`,
 * NaN before the first full window. A window holding NaN (or both infinities)
 * yields NaN; one holding a single kind of infinity yields it. Writes into
 * `out` when given (it must have the same length and not share memory with
 * `values`), else into a new array.
 *
 * @throws TypeError when `values` or `out` is not a `Float64Array`.
 * @throws RangeError when `window` is not a positive integer, or `out` is unsuitable.
 */
export function rollingMean(
  values: Float64Array,
  window: number,
  out?: Float64Array,
): Float64Array {
  requireFloat64Array('rollingMean', 'values', values);
  requireWindow('rollingMean', window);
  const target = out ?? new Float64Array(values.length);
  if (out !== undefined) {
    requireFloat64Array('rollingMean', 'out', out);
    if (out.length !== values.length) {
      throw new RangeError(
        `rollingMean: out must have the length of values (${values.length}), got ${out.length}`,
      );
    }
    if (overlaps(values, out)) {
      throw new RangeError(
        'rollingMean: out must not share memory with values; pass a separate array',
      );
    }
  }
  kernels().rollingMeanInto(values, window, target);
  return target;
}

function overlaps(a: Float64Array, b: Float64Array): boolean {
  if (a.buffer !== b.buffer) return false;
  const aEnd = a.byteOffset + a.byteLength;
  const bEnd = b.byteOffset + b.byteLength;
  return a.byteOffset < bEnd && b.byteOffset < aEnd;
}

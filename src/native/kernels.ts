/**
 * One interface, two implementations: every kernel has a Rust version (the
 * addon) and a TypeScript twin, and both must return identical results.
 * Arguments are validated by the caller before they reach a kernel.
 */
export interface Kernels {
  /** `a + b`: the smallest possible crossing, used to price one native call. */
  rustSum(a: number, b: number): number;
  /** Left-to-right sum of a column. */
  sumFloat64(values: Float64Array): number;
  /** Trailing-window mean of `values` written into `out` (same length, no overlap). */
  rollingMeanInto(values: Float64Array, window: number, out: Float64Array): void;
}

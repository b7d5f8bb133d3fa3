/** The non-NaN values of a series, in order (a new array). */
export function withoutNaN(values: Float64Array): Float64Array {
  return values.filter((v) => !Number.isNaN(v));
}

/** Mean of the non-NaN values; NaN when there are none. */
export function nanMean(values: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}

/**
 * Standard deviation of the non-NaN values with `ddof` degrees of freedom
 * removed (1: the sample standard deviation); NaN when fewer than `ddof + 1`.
 */
export function nanStd(values: Float64Array, ddof: number): number {
  const mean = nanMean(values);
  let squares = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isNaN(v)) {
      squares += (v - mean) * (v - mean);
      count++;
    }
  }
  return count - ddof <= 0 ? NaN : Math.sqrt(squares / (count - ddof));
}

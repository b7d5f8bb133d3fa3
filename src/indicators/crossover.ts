/**
 * True when a series crosses above another between two bars: `a > b` now and
 * `a <= b` on the previous bar. Any NaN gives false.
 */
export function crossedAbove(prevA: number, prevB: number, a: number, b: number): boolean {
  return a > b && prevA <= prevB;
}

/**
 * True when a series crosses below another between two bars: `a < b` now and
 * `a >= b` on the previous bar. Any NaN gives false.
 */
export function crossedBelow(prevA: number, prevB: number, a: number, b: number): boolean {
  return a < b && prevA >= prevB;
}

/**
 * Vectorized {@link crossedAbove}: `out[i]` is 1 where `a` crosses above `b`
 * at bar i, else 0 (always 0 at bar 0). `b` may be a constant level.
 *
 * @throws RangeError when the lengths differ
 */
export function crossover(
  a: Float64Array,
  b: Float64Array | number,
  out: Uint8Array = new Uint8Array(a.length),
): Uint8Array {
  return cross(a, b, out, 1);
}

/**
 * Vectorized {@link crossedBelow}: `out[i]` is 1 where `a` crosses below `b`
 * at bar i, else 0 (always 0 at bar 0). `b` may be a constant level.
 *
 * @throws RangeError when the lengths differ
 */
export function crossunder(
  a: Float64Array,
  b: Float64Array | number,
  out: Uint8Array = new Uint8Array(a.length),
): Uint8Array {
  return cross(a, b, out, -1);
}

function cross(
  a: Float64Array,
  b: Float64Array | number,
  out: Uint8Array,
  sign: number,
): Uint8Array {
  const n = a.length;
  if ((typeof b !== 'number' && b.length !== n) || out.length !== n) {
    throw new RangeError(`crossover: a, b and out must have the same length (${n})`);
  }
  if (n > 0) out[0] = 0;
  for (let i = 1; i < n; i++) {
    const bNow = typeof b === 'number' ? b : b[i];
    const bPrev = typeof b === 'number' ? b : b[i - 1];
    const hit =
      sign > 0
        ? crossedAbove(a[i - 1], bPrev, a[i], bNow)
        : crossedBelow(a[i - 1], bPrev, a[i], bNow);
    out[i] = hit ? 1 : 0;
  }
  return out;
}

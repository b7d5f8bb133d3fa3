import assert from 'node:assert/strict';

/**
 * Asserts `actual` equals `expected` to a relative tolerance (absolute near 0);
 * NaN matches only NaN and infinities match only themselves.
 */
export function assertCloseTo(
  actual: number,
  expected: number,
  relative = 1e-12,
  label = '',
): void {
  if (Number.isNaN(expected) || !Number.isFinite(expected)) {
    assert.ok(Object.is(actual, expected), `${label} expected ${expected}, got ${actual}`);
    return;
  }
  const tolerance = relative * Math.max(Math.abs(expected), 1e-3);
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${label} expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}

/** Percentages as fractional returns: `pct(1, -2)` is `[0.01, -0.02]`. */
export function pct(...values: number[]): Float64Array {
  return Float64Array.from(values, (v) => v / 100);
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { findOutliers } from '../../../src/data/validation/outliers.js';

/** The same rule computed with full sorts, as an independent oracle. */
function oracle(close: Float64Array, threshold: number): number[] {
  if (close.length < 20) return [];
  const returns: number[] = [];
  for (let i = 1; i < close.length; i++) returns.push(Math.log(close[i] / close[i - 1]));
  const median = (v: number[]): number => {
    const s = [...v].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const center = median(returns);
  const scale = 1.4826 * median(returns.map((r) => Math.abs(r - center)));
  if (!(scale > 0)) return [];
  return returns.flatMap((r, i) => (Math.abs(r - center) > threshold * scale ? [i + 1] : []));
}

describe('findOutliers', () => {
  it('flags the same bars as a sort-based computation of the robust z-score', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 0, maxLength: 200 }),
        fc.constantFrom(2, 3, 10),
        (prices, threshold) => {
          const close = Float64Array.from(prices);
          assert.deepEqual(findOutliers(close, threshold), oracle(close, threshold));
        },
      ),
    );
  });

  it('ignores series shorter than 20 bars or that never move', () => {
    assert.deepEqual(findOutliers(Float64Array.from([1, 100, 1])), []);
    assert.deepEqual(findOutliers(new Float64Array(50).fill(7)), []);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { crossedAbove, crossedBelow, crossover, crossunder } from '../../src/indicators/index.js';

const col = (values: number[]): Float64Array => Float64Array.from(values);

describe('crossover and crossunder', () => {
  it('mark the bar where a series moves from at-or-below to above a level, and back', () => {
    const a = col([1, 2, 3, 2, 1]);
    assert.deepEqual(Array.from(crossover(a, 2)), [0, 0, 1, 0, 0]);
    assert.deepEqual(Array.from(crossunder(a, 2)), [0, 0, 0, 0, 1]);
  });

  it('compare two series bar by bar and ignore NaN', () => {
    const a = col([1, 3, Number.NaN, 5, 1]);
    const b = col([2, 2, 2, 2, 2]);
    assert.deepEqual(Array.from(crossover(a, b)), [0, 1, 0, 0, 0]);
    assert.deepEqual(Array.from(crossunder(a, b)), [0, 0, 0, 0, 1]);
    assert.equal(crossedAbove(Number.NaN, 1, 2, 1), false);
    assert.equal(crossedBelow(1, 1, 0, 1), true);
  });

  it('a crossover of a over b is a crossunder of b under a', () => {
    const series = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 50 });
    fc.assert(
      fc.property(series, series, (x, y) => {
        const n = Math.min(x.length, y.length);
        const a = col(x.slice(0, n));
        const b = col(y.slice(0, n));
        assert.deepEqual(crossover(a, b), crossunder(b, a));
      }),
    );
  });

  it('refuse arrays of different lengths', () => {
    assert.throws(() => crossover(col([1, 2]), col([1])), RangeError);
  });
});

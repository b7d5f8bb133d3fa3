import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NumericOverflowError } from '../../src/errors/index.js';
import {
  divideRounded,
  markDecimal,
  markFloat,
  pow10,
  ROUNDING_MODES,
  roundingCode,
} from '../../src/numeric/index.js';

describe('mark-to-market kernels', () => {
  it('values every position exactly as price × quantity / 10^shift rounded (decimal), ties included', () => {
    const row = fc.record({
      price: fc.oneof(fc.integer({ min: 1, max: 2 ** 30 }), fc.constant(Number.NaN)),
      quantity: fc.oneof(
        fc.integer({ min: -(2 ** 22), max: 2 ** 22 }),
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.constant(0),
      ),
      shift: fc.integer({ min: -2, max: 10 }),
    });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 20 }),
        fc.constantFrom(...ROUNDING_MODES),
        (rows, mode) => {
          const n = rows.length;
          const prices = Float64Array.from(rows, (r) => r.price);
          const quantity = Float64Array.from(rows, (r) => r.quantity);
          const shift = Int32Array.from(rows, (r) => r.shift);
          const last = new Float64Array(n).fill(7);
          const value = new Float64Array(n).fill(-1);
          const expected = rows.map((r) => {
            if (Number.isNaN(r.price) || r.quantity === 0) return undefined;
            const product = BigInt(r.price) * BigInt(r.quantity);
            return r.shift >= 0
              ? divideRounded(product, pow10(r.shift), mode)
              : product * pow10(-r.shift);
          });
          const limit = BigInt(Number.MAX_SAFE_INTEGER);
          if (expected.some((x) => x !== undefined && (x > limit || x < -limit))) {
            assert.throws(
              () => markDecimal(prices, quantity, last, value, shift, n, roundingCode(mode)),
              NumericOverflowError,
            );
            return;
          }
          markDecimal(prices, quantity, last, value, shift, n, roundingCode(mode));
          rows.forEach((r, i) => {
            assert.equal(last[i], Number.isNaN(r.price) ? 7 : r.price);
            const x = expected[i];
            assert.equal(value[i], x === undefined ? -1 : Number(x));
          });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('hits exact halves: 125 × 3 / 10 is 37.5 → 38 half-even, 37 half-down', () => {
    const run = (mode: (typeof ROUNDING_MODES)[number]) => {
      const value = new Float64Array(1);
      markDecimal(
        Float64Array.of(125),
        Float64Array.of(3),
        new Float64Array(1),
        value,
        Int32Array.of(1),
        1,
        roundingCode(mode),
      );
      return value[0];
    };
    assert.equal(run('HALF_EVEN'), 38);
    assert.equal(run('HALF_DOWN'), 37);
    assert.equal(run('HALF_UP'), 38);
    assert.equal(run('DOWN'), 37);
  });

  it('multiplies plainly in float mode', () => {
    const value = new Float64Array(2);
    markFloat(
      Float64Array.of(1.5, Number.NaN),
      Float64Array.of(3, 2),
      new Float64Array(2),
      value,
      new Int32Array(2),
      2,
      6,
    );
    assert.deepEqual([...value], [4.5, 0]);
  });
});

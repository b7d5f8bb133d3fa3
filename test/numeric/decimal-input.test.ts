import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decimalNumeric, plainTextUnits } from '../../src/numeric/decimal-numeric.js';
import { parseDecimal } from '../../src/numeric/decimal-text.js';
import { ROUNDING_MODES, roundingCode } from '../../src/numeric/index.js';

/** The exact parser's reading of `text` at `scale` (NaN when it refuses the text). */
function oracle(text: string, scale: number, mode: (typeof ROUNDING_MODES)[number]): number {
  try {
    return Number(parseDecimal(text, scale, mode));
  } catch {
    return Number.NaN;
  }
}

describe('decimal input text as units', () => {
  it('reads plain decimal text as the exact parser does, past 15 digits and 2^53 included', () => {
    const text = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        fc.stringMatching(/^\d{0,18}$/),
        fc.constantFrom('', '.'),
        fc.stringMatching(/^\d{0,18}$/),
      )
      .map(([sign, whole, dot, fraction]) => `${sign}${whole}${dot}${dot === '' ? '' : fraction}`);
    fc.assert(
      fc.property(
        text,
        fc.integer({ min: 0, max: 24 }),
        fc.constantFrom(...ROUNDING_MODES),
        (t, scale, mode) => {
          const fast = plainTextUnits(t, scale);
          if (fast === fast) assert.ok(Object.is(fast, oracle(t, scale, mode)), `${t} at ${scale}`);
          const units = decimalNumeric.fromInput(t, scale, roundingCode(mode));
          const expected = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? oracle(t, scale, mode) : Number.NaN;
          assert.ok(
            Object.is(units, expected),
            `${t} at ${scale} ${mode}: ${units} vs ${expected}`,
          );
        },
      ),
      { numRuns: 20000 },
    );
  });

  it('says a value fits a scale exactly when reading it rounded down and up gives the same units', () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: -(10 ** 9), max: 10 ** 9 }).map((n) => n / 1000),
      fc.stringMatching(/^[+-]?\d{0,17}(\.\d{0,12})?$/),
      fc.constantFrom('1e-3', ' 2.5 ', '', '.', '-0', '0.010'),
    );
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 18 }), (v, scale) => {
        const down = decimalNumeric.fromInput(v, scale, roundingCode('DOWN'));
        const up = decimalNumeric.fromInput(v, scale, roundingCode('UP'));
        const expected = Number.isFinite(down) && down === up;
        assert.equal(decimalNumeric.fitsScale(v, scale), expected, `${String(v)} at ${scale}`);
      }),
      { numRuns: 20000 },
    );
  });

  it('reads "0.01" of a coin at quantity scale 8 as 1,000,000 units without the exact parser', () => {
    assert.equal(plainTextUnits('0.01', 8), 1_000_000);
    assert.ok(Object.is(plainTextUnits('-0', 2), 0));
    assert.equal(plainTextUnits('900719925.474099', 7), 9_007_199_254_740_990);
    // Past 15 digits or a safe integer, more places than the scale, exponents and spaces: the exact parser.
    assert.ok(Number.isNaN(plainTextUnits('900719925.474099', 8)));
    assert.ok(Number.isNaN(plainTextUnits('90071992.54740991', 8)));
    assert.equal(decimalNumeric.fromInput('90071992.54740991', 8, 1), 9_007_199_254_740_991);
    assert.ok(Number.isNaN(plainTextUnits('0.001', 2)));
    assert.ok(Number.isNaN(plainTextUnits('1e-3', 3)));
    assert.ok(Number.isNaN(plainTextUnits(' 1', 3)));
    assert.equal(decimalNumeric.fromInput(' 0.015 ', 2, roundingCode('HALF_EVEN')), 2);
    assert.ok(Number.isNaN(decimalNumeric.fromInput('1.2.3', 2, roundingCode('DOWN'))));
  });
});

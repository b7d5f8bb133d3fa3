import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NumericOverflowError } from '../../src/errors/index.js';
import {
  divideRounded,
  divideUnits,
  mulDivUnits,
  mulShiftUnits,
  mulShiftWide,
  pow10,
  ROUNDING_MODES,
  roundingCode,
  roundPow10Half,
  roundToStepUnits,
} from '../../src/numeric/index.js';

const modes = fc.constantFrom(...ROUNDING_MODES);

describe('unit arithmetic over integer-valued doubles', () => {
  it('divides with every rounding mode exactly as the BigInt oracle does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        modes,
        (x, d, mode) => {
          const expected = Number(divideRounded(BigInt(x), BigInt(d), mode));
          assert.equal(divideUnits(x, d, roundingCode(mode)), expected);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('divides dividends up to 2^52 by tiny divisors exactly (quotients beyond 2^51)', () => {
    for (const x of [
      2 ** 52,
      2 ** 52 - 1,
      2 ** 52 - 3,
      2 ** 51 + 1,
      -(2 ** 52) + 1,
      -(2 ** 51) - 3,
    ]) {
      for (const d of [1, 2, 3, 7]) {
        for (const mode of ROUNDING_MODES) {
          const expected = Number(divideRounded(BigInt(x), BigInt(d), mode));
          assert.equal(divideUnits(x, d, roundingCode(mode)), expected, `${x} / ${d} ${mode}`);
        }
      }
    }
  });

  it('rounds near-integer quotients of large dividends correctly (the double quotient is one off)', () => {
    const x = 2 ** 52 - 1;
    for (const mode of ROUNDING_MODES) {
      assert.equal(
        divideUnits(x, 3, roundingCode(mode)),
        Number(divideRounded(BigInt(x), 3n, mode)),
      );
      assert.equal(
        divideUnits(-x, 7, roundingCode(mode)),
        Number(divideRounded(BigInt(-x), 7n, mode)),
      );
    }
  });

  it('rounds x / 10^k with the HALF modes exactly, ties included, through the reciprocal fast path', () => {
    const half = fc.constantFrom(
      'HALF_UP',
      'HALF_DOWN',
      'HALF_EVEN',
      'UP',
      'FLOOR',
    ) as fc.Arbitrary<(typeof ROUNDING_MODES)[number]>;
    const tie = fc
      .tuple(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: 1, max: 8 }))
      .map(([m, k]) => [((2 * m + 1) * 10 ** k) / 2, k] as const);
    const any = fc.tuple(
      fc.integer({ min: -(2 ** 48), max: 2 ** 48 }),
      fc.integer({ min: 1, max: 15 }),
    );
    fc.assert(
      fc.property(fc.oneof(tie, any), half, ([x, k], mode) => {
        const expected = Number(divideRounded(BigInt(x), pow10(k), mode));
        assert.equal(roundPow10Half(x, k, roundingCode(mode)), expected);
      }),
      { numRuns: 20000 },
    );
  });

  it('multiplies and rescales exactly, taking the BigInt path beyond 2^52', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: -(2 ** 30), max: 2 ** 30 }),
        fc.integer({ min: -3, max: 14 }),
        modes,
        (a, b, shift, mode) => {
          const product = BigInt(a) * BigInt(b);
          const expected =
            shift >= 0 ? divideRounded(product, pow10(shift), mode) : product * pow10(-shift);
          if (
            expected > BigInt(Number.MAX_SAFE_INTEGER) ||
            expected < -BigInt(Number.MAX_SAFE_INTEGER)
          ) {
            assert.throws(
              () => mulShiftUnits(a, b, shift, roundingCode(mode)),
              NumericOverflowError,
            );
          } else {
            assert.equal(mulShiftUnits(a, b, shift, roundingCode(mode)), Number(expected));
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('multiplies products beyond 2^52 exactly without BigInt (split product, shifts 1..10)', () => {
    const big = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    const mid = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
    fc.assert(
      fc.property(
        fc.oneof(big, mid),
        fc.oneof(big, mid),
        fc.integer({ min: 1, max: 10 }),
        modes,
        (a, b, s, mode) => {
          const expected = divideRounded(BigInt(a) * BigInt(b), pow10(s), mode);
          const wide = mulShiftWide(a, b, s, roundingCode(mode));
          if (
            expected > BigInt(Number.MAX_SAFE_INTEGER) ||
            expected < -BigInt(Number.MAX_SAFE_INTEGER)
          ) {
            assert.ok(
              Number.isNaN(wide) || !Number.isSafeInteger(wide) || BigInt(wide) === expected,
            );
          } else {
            assert.equal(wide, Number(expected), `${a} × ${b} / 10^${s} ${mode}`);
          }
        },
      ),
      { numRuns: 30000 },
    );
    // Crypto: 60,000.12345678 USDT × 1.23456789 BTC at scales 8 + 8, to 8 decimals.
    assert.equal(
      mulShiftWide(6_000_012_345_678, 123_456_789, 8, roundingCode('HALF_EVEN')),
      Number(divideRounded(6_000_012_345_678n * 123_456_789n, 10n ** 8n, 'HALF_EVEN')),
    );
  });

  it('computes a × b / (c × 10^shift) exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: -(2 ** 20), max: 2 ** 20 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.integer({ min: -2, max: 6 }),
        modes,
        (a, b, c, shift, mode) => {
          let numerator = BigInt(a) * BigInt(b);
          let denominator = BigInt(c);
          if (shift >= 0) denominator *= pow10(shift);
          else numerator *= pow10(-shift);
          const expected = Number(divideRounded(numerator, denominator, mode));
          if (Number.isSafeInteger(expected)) {
            assert.equal(mulDivUnits(a, b, c, shift, roundingCode(mode)), expected);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rescales a × b / (c × 10^shift) in doubles near 2^52 exactly as the BigInt oracle, overflow included', () => {
    // Operands picked so the product, the rescaled product or the rescaled divisor lands on either side of 2^52.
    const edge = fc.oneof(
      fc.integer({ min: 2 ** 52 - 5000, max: 2 ** 53 - 1 }),
      fc.integer({ min: 2 ** 25, max: 2 ** 27 }),
      fc.integer({ min: 1, max: 2 ** 53 - 1 }),
      fc.integer({ min: 1, max: 1000 }),
    );
    fc.assert(
      fc.property(
        edge,
        fc.boolean(),
        edge,
        edge,
        fc.integer({ min: -22, max: 22 }),
        modes,
        (magnitude, negative, b, c, shift, mode) => {
          const a = negative ? -magnitude : magnitude;
          let numerator = BigInt(a) * BigInt(b);
          let denominator = BigInt(c);
          if (shift >= 0) denominator *= pow10(shift);
          else numerator *= pow10(-shift);
          const expected = Number(divideRounded(numerator, denominator, mode)) + 0;
          const code = roundingCode(mode);
          if (Number.isSafeInteger(expected)) {
            assert.equal(Object.is(mulDivUnits(a, b, c, shift, code), expected), true);
          } else {
            assert.throws(() => mulDivUnits(a, b, c, shift, code), NumericOverflowError);
          }
        },
      ),
      { numRuns: 20000 },
    );
    // The average cost of 12,345 shares bought for 1,234,567.8912 at money scale 4, to 2 decimals.
    assert.equal(mulDivUnits(12_345_678_912, 1, 12_345, 2, roundingCode('HALF_EVEN')), 10001);
    assert.equal(mulDivUnits(-7, 1, 2, -1, roundingCode('HALF_EVEN')), -35);
  });

  it('rounds to a lot size: 1234 units to lots of 100 is 1200 down, 1300 up', () => {
    assert.equal(roundToStepUnits(1234, 100, roundingCode('DOWN')), 1200);
    assert.equal(roundToStepUnits(1234, 100, roundingCode('UP')), 1300);
    assert.equal(roundToStepUnits(1250, 100, roundingCode('HALF_EVEN')), 1200);
    assert.equal(roundToStepUnits(-1250, 100, roundingCode('HALF_UP')), -1300);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  add,
  exact,
  multiply,
  same,
  sign,
  subtract,
  toNumber,
  toText,
  type ExactDecimal,
} from '../../src/numeric/exact-decimal.js';
import {
  fastAdd,
  fastExact,
  fastMultiply,
  fastSame,
  fastSign,
  fastSubtract,
  fastToNumber,
  fastToText,
  toExactDecimal,
  type FastDecimal,
} from '../../src/numeric/fast-decimal.js';

/** Decimal text of every size: small amounts and prices, and units far beyond 2^53. */
const decimalText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.bigInt({ min: 0n, max: 10n ** 25n })),
    fc.integer({ min: 0, max: 12 }),
  )
  .map(([negative, units, scale]) => {
    const digits = units.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return negative ? `-${text}` : text;
  });

const equal = (fast: FastDecimal, big: ExactDecimal) =>
  assert.deepEqual(toExactDecimal(fast), { units: big.units, scale: big.scale });

test('fast decimals equal the BigInt exact decimals in every operation and every text', () => {
  fc.assert(
    fc.property(decimalText, decimalText, fc.integer({ min: 0, max: 4 }), (p, q, minScale) => {
      const a = fastExact(p);
      const b = fastExact(q);
      const A = exact(p);
      const B = exact(q);
      equal(a, A);
      equal(fastAdd(a, b), add(A, B));
      equal(fastSubtract(a, b), subtract(A, B));
      equal(fastMultiply(a, b), multiply(A, B));
      assert.equal(fastSame(a, b), same(A, B));
      assert.equal(fastSign(a), sign(A));
      assert.equal(fastToText(fastAdd(a, b), minScale), toText(add(A, B), minScale));
      assert.equal(fastToText(fastMultiply(a, b), minScale), toText(multiply(A, B), minScale));
      assert.ok(Object.is(fastToNumber(fastSubtract(a, b)), toNumber(subtract(A, B))));
    }),
    { numRuns: 2000 },
  );
});

test('fast decimals: zero is never negative, float-mode text parses, junk is refused', () => {
  assert.ok(Object.is(fastToNumber(fastExact('-0')), 0));
  assert.ok(Object.is(fastToNumber(fastSubtract(fastExact('1.5'), fastExact('1.50'))), 0));
  assert.equal(fastToText(fastExact('1.5e-7')), '0.00000015');
  assert.throws(() => fastExact('12abc'), /Not a decimal number/);
  assert.throws(() => fastExact('+5'), /Not a decimal number/);
});

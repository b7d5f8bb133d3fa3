import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { plainDecimalText } from '../../src/numeric/plain-decimal.js';

describe('plainDecimalText', () => {
  it('moves the decimal point instead of writing an exponent', () => {
    assert.equal(plainDecimalText('1.5e-7'), '0.00000015');
    assert.equal(plainDecimalText('-2.5E+3'), '-2500');
    assert.equal(plainDecimalText('1e21'), '1000000000000000000000');
    assert.equal(plainDecimalText('12.345e1'), '123.45');
    assert.equal(plainDecimalText('100.25'), '100.25');
  });

  it('returns undefined for text that is not a number', () => {
    assert.equal(plainDecimalText('abc'), undefined);
    assert.equal(plainDecimalText('e5'), undefined);
    assert.equal(plainDecimalText(''), undefined);
  });

  it('denotes the same double as JS text for any finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const plain = plainDecimalText(String(x));
        assert.ok(plain !== undefined && !/e/i.test(plain));
        assert.equal(Number(plain), x === 0 ? 0 : x);
      }),
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors/index.js';
import { decimalNumeric, floatNumeric, numericFor, roundingCode } from '../../src/numeric/index.js';

const HALF_EVEN = roundingCode('HALF_EVEN');

describe('decimal and float numerics', () => {
  it('reads user input exactly in decimal mode: 0.1 at scale 8 is 10000000 units', () => {
    assert.equal(decimalNumeric.fromInput(0.1, 8, HALF_EVEN), 10_000_000);
    assert.equal(decimalNumeric.fromInput('123.4567', 4, HALF_EVEN), 1_234_567);
    assert.equal(decimalNumeric.fromInput('0.125', 2, HALF_EVEN), 12);
    assert.equal(decimalNumeric.fromInput(1e-9, 12, HALF_EVEN), 1000);
    assert.ok(Number.isNaN(decimalNumeric.fromInput('abc', 2, HALF_EVEN)));
    assert.ok(Number.isNaN(decimalNumeric.fromInput(Number.NaN, 2, HALF_EVEN)));
    assert.ok(Number.isNaN(decimalNumeric.fromInput(Infinity, 2, HALF_EVEN)));
  });

  it('tells whether a value fits a scale', () => {
    assert.equal(decimalNumeric.fitsScale('1.25', 2), true);
    assert.equal(decimalNumeric.fitsScale('1.255', 2), false);
    assert.equal(decimalNumeric.fitsScale(0.3, 1), true);
    assert.equal(floatNumeric.fitsScale(0.123456789, 2), true);
  });

  it('parses model constants as exact rates', () => {
    assert.deepEqual(decimalNumeric.rate('0.0015'), { value: 15, scale: 4, text: '0.0015' });
    assert.deepEqual(decimalNumeric.rate(0.001), { value: 1, scale: 3, text: '0.001' });
    assert.equal(floatNumeric.rate('0.0015').value, 0.0015);
    // A computed weight such as 0.9 / 50 is read at the 15 significant digits a double carries.
    assert.deepEqual(decimalNumeric.rate(0.9 / 50), { value: 18, scale: 3, text: '0.018' });
    assert.deepEqual(decimalNumeric.rate(1 / 3), {
      value: 333_333_333_333_333,
      scale: 15,
      text: '0.333333333333333',
    });
    assert.deepEqual(decimalNumeric.rate(0.0001 / 3), {
      value: 33_333_333_333,
      scale: 15,
      text: '0.000033333333333',
    });
    assert.deepEqual(decimalNumeric.rate(25), { value: 25, scale: 0, text: '25' });
    assert.throws(() => decimalNumeric.rate('0.0180000000000000002'), ConfigError);
    assert.throws(() => decimalNumeric.rate('1,5'), ConfigError);
  });

  it('formats exact text in decimal mode and converts to numbers', () => {
    assert.equal(decimalNumeric.toText(-505, 2), '-5.05');
    assert.equal(decimalNumeric.toNumber(12345, 2), 123.45);
    assert.equal(floatNumeric.toText(1.5, 2), '1.5');
  });

  it('rounds in float mode with the same eight modes', () => {
    const cases: [number, string, number][] = [
      [2.5, 'HALF_EVEN', 2],
      [3.5, 'HALF_EVEN', 4],
      [-2.5, 'HALF_UP', -3],
      [-2.5, 'HALF_DOWN', -2],
      [2.1, 'UP', 3],
      [-2.1, 'FLOOR', -3],
      [-2.9, 'CEILING', -2],
      [2.9, 'DOWN', 2],
      [10.2, '05UP', 11],
      [12.2, '05UP', 12],
    ];
    for (const [x, mode, expected] of cases) {
      assert.equal(
        floatNumeric.roundToStep(x, 1, roundingCode(mode as 'UP')),
        expected,
        `${x} ${mode}`,
      );
    }
  });

  it('names the mode, and rejects unknown ones with a ConfigError', () => {
    assert.equal(numericFor().mode, 'decimal');
    assert.equal(numericFor('float').mode, 'float');
    assert.throws(() => numericFor('double'), ConfigError);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollingMean, rustSum, sumFloat64 } from '../../src/native/roundtrip.js';

describe('rustSum', () => {
  it('adds two numbers on the active backend', () => {
    assert.equal(rustSum(2, 3), 5);
    assert.equal(rustSum(0.1, 0.2), 0.30000000000000004);
  });

  it('follows IEEE 754 for NaN and infinities', () => {
    assert.ok(Number.isNaN(rustSum(NaN, 1)));
    assert.ok(Number.isNaN(rustSum(Infinity, -Infinity)));
    assert.equal(rustSum(Infinity, 1), Infinity);
  });

  it('rejects non-numbers with a TypeError naming the argument', () => {
    assert.throws(() => rustSum('2' as unknown as number, 3), {
      name: 'TypeError',
      message: 'rustSum: a must be a number, got string',
    });
    assert.throws(
      () => rustSum(2, 3n as unknown as number),
      /rustSum: b must be a number, got bigint/,
    );
    assert.throws(() => rustSum(2, undefined as unknown as number), /got undefined/);
    assert.throws(() => rustSum(null as unknown as number, 1), /got null/);
  });
});

describe('sumFloat64', () => {
  it('sums a column left to right', () => {
    assert.equal(sumFloat64(Float64Array.of(0.1, 0.2, 0.3)), 0.6000000000000001);
    assert.equal(sumFloat64(new Float64Array(0)), 0);
  });

  it('rejects plain arrays and other typed arrays with a TypeError that says how to convert', () => {
    assert.throws(() => sumFloat64([1, 2] as unknown as Float64Array), {
      name: 'TypeError',
      message:
        /sumFloat64: values must be a Float64Array, got Array; convert with Float64Array.from/,
    });
    assert.throws(
      () => sumFloat64(Float32Array.of(1) as unknown as Float64Array),
      /got Float32Array/,
    );
    assert.throws(() => sumFloat64('1,2' as unknown as Float64Array), /got string/);
  });
});

describe('rollingMean', () => {
  it('returns NaN before the first full window, then trailing means', () => {
    const out = rollingMean(Float64Array.of(1, 2, 3, 4, 5), 3);
    assert.deepEqual(Array.from(out), [NaN, NaN, 2, 3, 4]);
  });

  it('writes into a given output array and returns it', () => {
    const out = new Float64Array(3);
    assert.equal(rollingMean(Float64Array.of(2, 4, 6), 2, out), out);
    assert.deepEqual(Array.from(out), [NaN, 3, 5]);
  });

  it('lets one NaN spoil only the windows that hold it', () => {
    const out = rollingMean(Float64Array.of(1, NaN, 3, 4, 5), 2);
    assert.deepEqual(Array.from(out), [NaN, NaN, NaN, 3.5, 4.5]);
  });

  it('rejects bad windows with a RangeError', () => {
    const values = Float64Array.of(1, 2);
    for (const window of [0, -1, 1.5, NaN, Infinity, 2 ** 32]) {
      assert.throws(() => rollingMean(values, window), { name: 'RangeError' }, String(window));
    }
    assert.throws(() => rollingMean(values, '2' as unknown as number), { name: 'TypeError' });
  });

  it('rejects an output of the wrong length or one that overlaps the input', () => {
    const values = Float64Array.of(1, 2, 3, 4);
    assert.throws(
      () => rollingMean(values, 2, new Float64Array(3)),
      /out must have the length of values \(4\), got 3/,
    );
    assert.throws(() => rollingMean(values, 2, values), /must not share memory/);
    const backing = new Float64Array(6);
    assert.throws(
      () => rollingMean(backing.subarray(0, 4), 2, backing.subarray(2, 6)),
      /must not share memory/,
    );
    assert.doesNotThrow(() => rollingMean(backing.subarray(0, 3), 2, backing.subarray(3, 6)));
  });
});

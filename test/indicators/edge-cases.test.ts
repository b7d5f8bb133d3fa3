import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConfigError, DataError } from '../../src/errors/index.js';
import {
  IndicatorStream,
  adx,
  atr,
  bbands,
  cci,
  compute,
  ema,
  highest,
  kama,
  macd,
  on,
  roc,
  rsi,
  sma,
  stddev,
  stoch,
  vwap,
  willr,
  wma,
  type IndicatorSpec,
} from '../../src/indicators/index.js';
import { allSpecs } from './all-specs.js';

const N = Number.NaN;
const col = (values: number[]): Float64Array => Float64Array.from(values);

describe('fewer bars than the warm-up', () => {
  it('gives only NaN, in the vectorized and streaming forms', () => {
    for (const spec of allSpecs()) {
      const n = Math.min(...spec.firstValid);
      const x = Float64Array.from({ length: n }, (_, i) => 10 + (i % 3));
      const out = compute(spec, { open: x, high: x, low: x, close: x, volume: x });
      const stream = new IndicatorStream(spec);
      for (const name of spec.outputs)
        assert.ok(out[name].every(Number.isNaN), `${spec.name}.${name}`);
      for (let i = 0; i < n; i++)
        assert.ok(Number.isNaN(stream.update(x[i], x[i], x[i], x[i])), spec.name);
    }
  });

  it('gives an empty result for empty input', () => {
    assert.equal(compute(sma(3), new Float64Array(0)).value.length, 0);
  });
});

describe('NaN inside the input', () => {
  it('skips the bar: NaN there, and the indicator continues as if the bar were absent', () => {
    assert.deepEqual(Array.from(compute(sma(3), col([1, 2, N, 3, 4])).value), [N, N, N, 2, 3]);
  });

  it('equals the indicator of the series with the NaN bars removed, for every indicator', () => {
    const specs = allSpecs();
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.double({ min: 1, max: 500, noNaN: true }) },
      { weight: 1, arbitrary: fc.constant(N) },
    );
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 80 }),
        fc.integer({ min: 0, max: specs.length - 1 }),
        (values, pick) => {
          const spec = specs[pick];
          const x = Float64Array.from(values);
          const kept = x.filter((v) => !Number.isNaN(v));
          const bar = (c: Float64Array) => ({ open: c, high: c, low: c, close: c, volume: c });
          const withGaps = compute(spec, bar(x));
          const without = compute(spec, bar(kept));
          for (const name of spec.outputs) {
            const gappy = withGaps[name];
            assert.ok(x.every((v, i) => !Number.isNaN(v) || Number.isNaN(gappy[i])));
            const compacted = gappy.filter((_, i) => !Number.isNaN(x[i]));
            compacted.forEach((v, i) =>
              assert.ok(Object.is(v, without[name][i]), `${spec.name}.${name}`),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('in a field the indicator does not read is ignored', () => {
    const close = col([1, 2, 3]);
    const out = compute(sma(2), { close, high: col([N, N, N]) });
    assert.deepEqual(Array.from(out.value), [N, 1.5, 2.5]);
  });
});

describe('a constant series', () => {
  const flat = Float64Array.from({ length: 60 }, () => 50);
  const bar = { high: flat, low: flat, close: flat, volume: flat };
  const after = (spec: IndicatorSpec, output?: string): number[] => {
    const out = compute(spec, bar) as Record<string, Float64Array>;
    return Array.from(out[output ?? spec.outputs[0]].subarray(40));
  };

  it('has zero deviation and bands collapsing onto the mean', () => {
    assert.ok(after(stddev(20)).every((v) => v === 0));
    assert.ok(after(bbands(20, 2), 'upper').every((v) => v === 50));
    assert.ok(after(bbands(20, 2), 'lower').every((v) => v === 50));
  });

  it('has RSI 0, as TA-Lib (no gains and no losses), and zero CCI, %R, %K, ROC, ATR, ADX', () => {
    for (const spec of [rsi(14), cci(14), willr(14), stoch(), roc(10), atr(14), adx(14)]) {
      assert.ok(
        after(spec).every((v) => v === 0),
        spec.name,
      );
    }
  });

  it('keeps moving averages and KAMA at the constant', () => {
    for (const spec of [sma(10), ema(10), wma(10), kama(10), vwap()]) {
      assert.ok(
        after(spec).every((v) => v === 50),
        spec.name,
      );
    }
    assert.ok(after(macd(), 'macd').every((v) => v === 0));
  });
});

describe('period 1', () => {
  const x = col([3, 1.1, 2.7, 5, 0.3]);

  it('makes SMA, WMA and highest the input itself', () => {
    for (const spec of [sma(1), wma(1), highest(1)]) {
      assert.deepEqual(Array.from(compute(spec, x).value), Array.from(x), spec.name);
    }
  });

  it('makes the deviation 0, RSI 100 on up bars and 0 on down bars', () => {
    assert.deepEqual(Array.from(compute(stddev(1), x).value), [0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(compute(rsi(1), x).value), [N, 0, 100, 100, 0]);
  });

  it('makes EMA the input up to rounding of (x - prev) * 1 + prev', () => {
    compute(ema(1), x).value.forEach((v, i) => assert.ok(Math.abs(v - x[i]) <= 1e-15 * 8));
  });
});

describe('invalid parameters', () => {
  it('raise a ConfigError naming the indicator and the parameter', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => sma(0), /^sma: period must be an integer from 1/],
      [() => ema(2.5), /^ema: period must be an integer/],
      [() => rsi(Number.NaN), /^rsi: period .* got NaN/],
      [() => atr(-3), /^atr: period/],
      [() => wma(2_000_000), /^wma: period must be an integer from 1 to 1000000/],
      [() => stoch(5, 0), /^stoch: slowK/],
      [() => macd(26, 12), /^macd: fast \(26\) must not exceed slow \(12\)/],
      [() => bbands(20, -1), /^bbands: nbDevUp must be a finite number >= 0/],
      [() => kama(10, 2, 0), /^kama: slow/],
      [() => vwap(-1), /^vwap: period/],
    ];
    for (const [make, message] of cases) {
      assert.throws(make, (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.code, 'ERR_CONFIG');
        assert.match(error.message, message);
        return true;
      });
    }
  });

  it('a single column for a bar indicator, or misaligned columns, are refused', () => {
    assert.throws(() => compute(atr(3), col([1, 2, 3])), ConfigError);
    assert.throws(() => compute(atr(3), { high: col([1]), low: col([1]) }), DataError);
    assert.throws(
      () => compute(atr(3), { high: col([1]), low: col([1]), close: col([1, 2]) }),
      DataError,
    );
    assert.throws(() => compute(sma(3), col([1, 2]), { value: new Float64Array(3) }), ConfigError);
    assert.throws(() => on('high', atr(3)), ConfigError);
  });

  it('the streaming form refuses a bar without a field it reads', () => {
    assert.throws(() => new IndicatorStream(atr(3)).updateBar({ high: 1, low: 1 }), ConfigError);
  });
});

describe('caller-provided output arrays', () => {
  it('are filled in place and returned', () => {
    const upper = new Float64Array(3);
    const out = compute(bbands(2, 1), col([1, 3, 5]), { upper });
    assert.equal(out.upper, upper);
    assert.deepEqual(Array.from(upper), [N, 3, 5]);
  });
});

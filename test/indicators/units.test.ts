// Exact integer-unit inputs: the SMA family keeps its sums in units and
// divides once, the float indicators read units / 10^scale.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConfigError } from '../../src/errors/index.js';
import {
  IndicatorBatch,
  IndicatorStream,
  adx,
  atr,
  bbands,
  cci,
  compute,
  donchian,
  ema,
  highest,
  kama,
  macd,
  mom,
  obv,
  on,
  roc,
  rsi,
  sma,
  stoch,
  trueRange,
  vwap,
  willr,
  wma,
  type IndicatorSpec,
} from '../../src/indicators/index.js';
import { loadGoog, toUnits } from './goog.js';

/** The correctly rounded mean of units[i - period + 1 .. i] at `scale`, from a fresh sum. */
/**
 * The window mean as the double nearest to the exact quotient: the exact
 * decimal expansion to 40 places (BigInt long division), parsed once.
 */
function freshMean(units: Float64Array, i: number, period: number, scale: number): number {
  let sum = 0n;
  for (let j = i - period + 1; j <= i; j++) sum += BigInt(units[j]);
  const negative = sum < 0n;
  const divisor = BigInt(period) * 10n ** BigInt(scale);
  const digits = ((negative ? -sum : sum) * 10n ** 40n) / divisor;
  const text = digits.toString().padStart(41, '0');
  return Number(`${negative ? '-' : ''}${text.slice(0, -40)}.${text.slice(-40)}`);
}

const goog = loadGoog();
const cents = toUnits(goog, 2);

describe('indicators on exact integer units', () => {
  it('sma equals the fresh window mean at every bar of a long series (no drift)', () => {
    const rand = fc.sample(fc.integer({ min: 1, max: 50_000_000 }), { numRuns: 200_000, seed: 7 });
    const units = Float64Array.from(rand);
    for (const period of [1, 10, 30, 390]) {
      const exact = compute(sma(period), units, {}, { price: 4 }).value;
      for (let i = period - 1; i < units.length; i++) {
        if (exact[i] !== freshMean(units, i, period, 4)) {
          assert.fail(
            `sma(${period}) at bar ${i}: ${exact[i]} vs ${freshMean(units, i, period, 4)}`,
          );
        }
      }
    }
  });

  it('orders two means exactly as their integer sums', () => {
    const close = cents.close;
    const fast = compute(sma(10), close, {}, { price: 2 }).value;
    const slow = compute(sma(30), close, {}, { price: 2 }).value;
    for (let i = 29; i < close.length; i++) {
      let sum10 = 0;
      let sum30 = 0;
      for (let j = i - 29; j <= i; j++) sum30 += close[j];
      for (let j = i - 9; j <= i; j++) sum10 += close[j];
      const truth = Math.sign(3 * sum10 - sum30);
      assert.equal(Math.sign(fast[i] - slow[i]), truth, `bar ${i}`);
    }
  });

  it('ties a flat stretch exactly: sma(10) === sma(30) on 30 equal closes after a drift', () => {
    const tenths = Float64Array.from({ length: 80 }, (_, i) => (i < 50 ? 1 + i : 51));
    const fast = compute(sma(10), tenths, {}, { price: 1 }).value;
    const slow = compute(sma(30), tenths, {}, { price: 1 }).value;
    assert.equal(fast[79], 5.1);
    assert.equal(slow[79], 5.1);
    const floats = tenths.map((u) => u / 10);
    const floatFast = compute(sma(10), floats).value;
    const floatSlow = compute(sma(30), floats).value;
    assert.notEqual(floatFast[79], floatSlow[79], 'float running sums leave a residue here');
  });

  it('wma, highest, donchian middle, mom, trueRange and obv equal their exact definitions', () => {
    const { high, low, close, volume } = cents;
    const n = close.length;
    const w = compute(wma(9), close, {}, { price: 2 }).value;
    const hi = compute(highest(20), close, {}, { price: 2 }).value;
    const ch = compute(donchian(20), { high, low }, {}, { price: 2 });
    const m = compute(mom(10), close, {}, { price: 2 }).value;
    const tr = compute(trueRange(), { high, low, close }, {}, { price: 2 }).value;
    const o = compute(obv(), { close, volume: volume.map((v) => v * 1000) }, {}, { volume: 3 });
    let balance = 0;
    for (let i = 0; i < n; i++) {
      if (i >= 8) {
        let weighted = 0;
        for (let k = 0; k < 9; k++) weighted += close[i - 8 + k] * (k + 1);
        assert.equal(w[i], weighted / 45 / 100, `wma at ${i}`);
      }
      if (i >= 19) {
        const hh = Math.max(...high.subarray(i - 19, i + 1));
        const ll = Math.min(...low.subarray(i - 19, i + 1));
        assert.equal(hi[i], Math.max(...close.subarray(i - 19, i + 1)) / 100);
        assert.equal(ch.middle[i], (hh + ll) / 2 / 100, `donchian middle at ${i}`);
      }
      if (i >= 10) assert.equal(m[i], (close[i] - close[i - 10]) / 100);
      if (i >= 1) {
        const range = Math.max(
          high[i] - low[i],
          Math.abs(close[i - 1] - high[i]),
          Math.abs(close[i - 1] - low[i]),
        );
        assert.equal(tr[i], range / 100, `trueRange at ${i}`);
      }
      const sign = i === 0 ? 1 : Math.sign(close[i] - close[i - 1]);
      balance += i === 0 ? volume[i] : sign * volume[i];
      assert.equal(o.value[i], balance, `obv at ${i}`);
    }
  });

  it('float indicators see units / 10^scale: bit-identical to the float path', () => {
    const floats = {
      open: cents.open.map((u) => u / 100),
      high: cents.high.map((u) => u / 100),
      low: cents.low.map((u) => u / 100),
      close: cents.close.map((u) => u / 100),
      volume: cents.volume,
    };
    const specs: IndicatorSpec[] = [ema(12), rsi(14), macd(), atr(14), kama(), adx(14), vwap(20)];
    for (const spec of specs) {
      const onUnits = compute(spec, cents, {}, { price: 2 });
      const onFloats = compute(spec, floats);
      for (const name of spec.outputs) {
        onUnits[name].forEach((v, i) =>
          assert.ok(Object.is(v, onFloats[name][i]), `${spec.name}.${name} at ${i}`),
        );
      }
    }
    // Ratios of differences (no scale in them) are computed on the units
    // themselves: exact differences, so they differ from the float path by rounding.
    for (const spec of [cci(20), roc(10), stoch(), willr(14)] as IndicatorSpec[]) {
      const onUnits = compute(spec, cents, {}, { price: 2 });
      const onFloats = compute(spec, floats);
      for (const name of spec.outputs) {
        onUnits[name].forEach((v, i) => {
          const e = onFloats[name][i];
          const ok = Object.is(v, e) || Math.abs(v - e) <= 1e-11 * Math.max(1, Math.abs(e));
          assert.ok(ok, `${spec.name}.${name} at ${i}: ${v} vs ${e}`);
        });
      }
    }
  });

  it('bbands: exact middle, bands within 1e-12 of the float path', () => {
    const exact = compute(bbands(20, 2), cents.close, {}, { price: 2 });
    const float = compute(bbands(20, 2), goog.close);
    for (let i = 19; i < goog.close.length; i++) {
      assert.equal(exact.middle[i], freshMean(cents.close, i, 20, 2));
      assert.ok(Math.abs(exact.upper[i] - float.upper[i]) <= 1e-12 * exact.upper[i]);
    }
  });

  it('moves an exact indicator to the volume field with the volume scale, in every form', () => {
    const volume = Float64Array.of(1500, 2500, 1000, 4000);
    const scales = { price: 2, volume: 3 };
    const spec = on('volume', sma(3));
    const vector = compute(spec, { volume }, {}, scales).value;
    const stream = new IndicatorStream(spec, scales);
    const batch = new IndicatorBatch(1);
    batch.declare('v', spec, [0]);
    volume.forEach((v, i) => {
      stream.update(v);
      batch.updateUnits({ volume: Float64Array.of(v) }, [2], [3]);
      if (i < 2) return;
      const expected = freshMean(volume, i, 3, 3);
      assert.equal(vector[i], expected);
      assert.equal(stream.value, expected);
      assert.equal(batch.current('v', 0), expected);
    });
    assert.equal(vector[3], 2.5);
  });

  it('feeds a custom spec without `units: true` the values, divided by 10^scale, in every form', () => {
    const last: IndicatorSpec = {
      name: 'last()',
      inputs: ['close'],
      outputs: ['value'],
      firstValid: [0],
      stateSize: 0,
      step: (_s, _L, _a, x, _1, _2, _3, r, u) => {
        r[0] = x * u;
      },
    };
    const close = Float64Array.of(3094, 3095);
    assert.deepEqual(Array.from(compute(last, close, {}, { price: 2 }).value), [30.94, 30.95]);
    assert.equal(new IndicatorStream(last, { price: 2 }).update(3094), 30.94);
    const batch = new IndicatorBatch(1);
    batch.declare('last', last, [0]);
    batch.updateUnits({ close: Float64Array.of(3094) }, [2], [0]);
    assert.equal(batch.current('last', 0), 30.94);
  });

  it('reads bar-major columns at an offset: the same values as one view per bar', () => {
    const assets = 3;
    const closes = Float64Array.from({ length: 12 * assets }, (_, i) => 1000 + ((i * 37) % 23));
    const byOffset = new IndicatorBatch(assets);
    const byView = new IndicatorBatch(assets);
    for (const batch of [byOffset, byView]) batch.declare('s', sma(4), [0, 1, 2]);
    const scales = [2, 2, 4];
    const zeros = [0, 0, 0];
    for (let t = 0; t < 12; t++) {
      byOffset.updateUnits({ close: closes }, scales, zeros, t * assets);
      byView.updateUnits({ close: closes.subarray(t * assets, (t + 1) * assets) }, scales, zeros);
      for (let sid = 0; sid < assets; sid++) {
        assert.ok(Object.is(byOffset.current('s', sid), byView.current('s', sid)));
      }
    }
    assert.throws(
      () => byOffset.updateUnits({ close: closes }, scales, zeros, 12 * assets - 2),
      /offset/,
    );
    assert.throws(() => byOffset.updateUnits({ close: closes }, scales, zeros, -1), ConfigError);
  });

  it('refuses scales outside 0..18 and too few per-asset scales with a ConfigError', () => {
    assert.throws(() => compute(sma(3), cents.close, {}, { price: 19 }), ConfigError);
    assert.throws(() => new IndicatorStream(sma(3), { price: -1 }), /price scale must be/);
    const batch = new IndicatorBatch(2);
    batch.declare('s', sma(2), [0, 1]);
    const bar = { close: Float64Array.of(100, 200) };
    assert.throws(() => batch.updateUnits(bar, [2], [0, 0]), /1 scales for 2 assets/);
    assert.throws(() => batch.updateUnits(bar, [2, 2.5], [0, 0]), /price scale of asset 1/);
    batch.updateUnits(bar, [2, 0], [0, 0]);
    batch.updateUnits(bar, [2, 0], [0, 0]);
    assert.equal(batch.current('s', 0), 1);
    assert.equal(batch.current('s', 1), 200);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, DataError } from '../../src/errors/index.js';
import { IndicatorBatch, compute, ema, macd, rsi, sma, vwap } from '../../src/indicators/index.js';
import { loadGoog } from './goog.js';

const N = Number.NaN;

/** A bar for 3 assets: asset a closes at closes[a]. */
function bar(closes: number[]): { close: Float64Array } {
  return { close: Float64Array.from(closes) };
}

describe('IndicatorBatch', () => {
  it('updates every declared indicator for every declared asset in one call per bar', () => {
    const goog = loadGoog().close.subarray(0, 300);
    const batch = new IndicatorBatch(3);
    batch.declare('fast', sma(10), [0, 1, 2]);
    batch.declare('trend', macd(), [2, 0]);
    const scaled = goog.map((v) => v * 2);
    for (let i = 0; i < goog.length; i++) batch.update(bar([goog[i], scaled[i], goog[i] + 1]));
    const fast = compute(sma(10), goog).value;
    const fastScaled = compute(sma(10), scaled).value;
    const trend = compute(
      macd(),
      goog.map((v) => v + 1),
    );
    assert.equal(batch.current('fast', 0), fast[299]);
    assert.equal(batch.current('fast', 1), fastScaled[299]);
    assert.equal(batch.current('trend', 2), trend.macd[299]);
    assert.equal(batch.current('trend', 2, 'signal'), trend.signal[299]);
    assert.equal(batch.current('trend', 2, 'hist'), trend.hist[299]);
    assert.equal(batch.at('trend', 2, 1, 'hist'), trend.hist[298]);
  });

  it('keeps short histories per asset, oldest first, NaN where the asset had fewer bars', () => {
    const batch = new IndicatorBatch(2);
    const fast = batch.declare('fast', sma(2), [0, 1], { history: 4 });
    batch.update(bar([1, 10]));
    batch.update(bar([3, 20]));
    batch.update(bar([5, N]));
    assert.deepEqual(Array.from(batch.history('fast', 0, 4)), [N, N, 2, 4]);
    assert.deepEqual(Array.from(batch.history('fast', 1, 3)), [N, N, 15]);
    const out = new Float64Array(2);
    assert.equal(fast.history(0, 2, out), out);
    assert.deepEqual(Array.from(out), [2, 4]);
    batch.update(bar([7, 30]));
    batch.update(bar([9, 40]));
    assert.deepEqual(Array.from(batch.history('fast', 0, 4)), [2, 4, 6, 8]);
    assert.deepEqual(Array.from(batch.history('fast', 1, 3)), [15, 25, 35]);
  });

  it('skips an asset whose bar is NaN: state and current value unchanged, later values as if the bar were absent', () => {
    const batch = new IndicatorBatch(1);
    batch.declare('r', rsi(3), [0]);
    const series = [10, 11, 10.5, 12, N, 11, 13, N, N, 12.5];
    for (const c of series) batch.update(bar([c]));
    const expected = compute(
      rsi(3),
      Float64Array.from(series.filter((v) => !Number.isNaN(v))),
    ).value;
    assert.equal(batch.current('r', 0), expected[expected.length - 1]);
    assert.equal(batch.at('r', 0, 1), expected[expected.length - 2]);
  });

  it('tells crossovers of two indicators, or of one indicator and a level, on the latest bar', () => {
    const batch = new IndicatorBatch(1);
    batch.declare('fast', sma(1), [0]);
    batch.declare('slow', sma(3), [0]);
    const seen: string[] = [];
    for (const c of [5, 5, 5, 4, 3, 6, 7, 2]) {
      batch.update(bar([c]));
      if (batch.crossover('fast', 'slow', 0)) seen.push(`up@${c}`);
      if (batch.crossunder('fast', 'slow', 0)) seen.push(`down@${c}`);
      if (batch.crossover('fast', 5.5, 0)) seen.push(`above5.5@${c}`);
    }
    assert.deepEqual(seen, ['down@4', 'up@6', 'above5.5@6', 'down@2']);
  });

  it('works with typed handles the same as by name', () => {
    const batch = new IndicatorBatch(2);
    const slow = batch.declare('slow', ema(3), [1]);
    for (const c of [1, 2, 3, 4]) batch.update(bar([N, c]));
    assert.equal(slow.current(1), batch.current('slow', 1));
    assert.equal(slow.current(1), 3);
  });

  it('resets one asset (e.g. a session-anchored VWAP) without touching the others', () => {
    const batch = new IndicatorBatch(2);
    batch.declare('v', vwap(), [0, 1], { history: 3 });
    const day = (price: number, volume: number) => ({
      high: Float64Array.of(price, price),
      low: Float64Array.of(price, price),
      close: Float64Array.of(price, price),
      volume: Float64Array.of(volume, volume),
    });
    batch.update(day(10, 1));
    batch.update(day(20, 1));
    batch.reset('v', 0);
    assert.deepEqual(Array.from(batch.history('v', 0, 3)), [N, N, N]);
    batch.update(day(30, 1));
    assert.equal(batch.current('v', 0), 30);
    assert.equal(batch.current('v', 1), 20);
    batch.reset('v');
    assert.ok(Number.isNaN(batch.current('v', 1)));
  });

  it('refuses bad declarations and lookups with a ConfigError that says what is wrong', () => {
    const batch = new IndicatorBatch(2);
    batch.declare('fast', sma(2), [0]);
    assert.throws(() => new IndicatorBatch(-1), ConfigError);
    assert.throws(() => batch.declare('fast', sma(3), [1]), /already declared/);
    assert.throws(() => batch.declare('x', sma(3), [2]), /asset id 2 is outside 0..1/);
    assert.throws(() => batch.declare('y', sma(3), [1, 1]), /listed twice/);
    assert.throws(() => batch.declare('z', sma(3), [1], { history: 0 }), /history must be/);
    assert.throws(
      () => batch.current('slow', 0),
      /no indicator declared as 'slow' \(declared: fast\)/,
    );
    assert.throws(() => batch.current('fast', 1), /fast was not declared for asset 1/);
    assert.throws(() => batch.current('fast', 0, 'signal'), /has outputs value; got 'signal'/);
    assert.throws(() => batch.at('fast', 0, 2), /ago must be an integer from 0 to 1/);
    assert.throws(() => batch.history('fast', 0, 3), /n must be an integer from 0 to 2/);
    assert.ok(batch.has('fast') && !batch.has('slow'));
  });

  it('refuses a bar without a column an indicator reads, or with too short a column', () => {
    const batch = new IndicatorBatch(3);
    batch.declare('fast', sma(2), [0, 2]);
    assert.throws(() => batch.update({ open: new Float64Array(3) }), DataError);
    assert.throws(
      () => batch.update({ close: new Float64Array(2) }),
      /length >= 3 indexed by asset id/,
    );
  });
});

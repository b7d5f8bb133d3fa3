import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors/index.js';
import fc from 'fast-check';
import {
  IndicatorStream,
  atr,
  highest,
  lowest,
  macd,
  sma,
  vwap,
} from '../../src/indicators/index.js';

describe('IndicatorStream', () => {
  it('takes a bar object in updateBar with the same result as positional update', () => {
    const byBar = new IndicatorStream(atr(2));
    const byArgs = new IndicatorStream(atr(2));
    const bars = [
      { high: 10, low: 8, close: 9 },
      { high: 11, low: 9, close: 10 },
      { high: 12, low: 10, close: 11.5 },
    ];
    for (const bar of bars) {
      assert.ok(Object.is(byBar.updateBar(bar), byArgs.update(bar.high, bar.low, bar.close)));
    }
    assert.equal(byBar.value, 2);
  });

  it('exposes every output of the last update and refuses unknown ones', () => {
    const stream = new IndicatorStream(macd(2, 3, 2));
    for (const close of [1, 2, 3, 5]) stream.update(close);
    assert.equal(stream.output('hist'), stream.output('macd') - stream.output('signal'));
    assert.throws(() => stream.output('upper' as never), ConfigError);
  });

  it('counts consumed bars, not skipped ones, and forgets them on reset', () => {
    const stream = new IndicatorStream(sma(2));
    stream.update(1);
    stream.update(Number.NaN);
    assert.ok(Number.isNaN(stream.value));
    stream.update(3);
    assert.equal(stream.count, 2);
    assert.equal(stream.value, 2);
    stream.reset();
    assert.equal(stream.count, 0);
    assert.ok(Number.isNaN(stream.update(5)));
  });

  it('anchors a VWAP at a new session through reset', () => {
    const stream = new IndicatorStream(vwap());
    stream.updateBar({ high: 10, low: 10, close: 10, volume: 1 });
    stream.updateBar({ high: 20, low: 20, close: 20, volume: 1 });
    assert.equal(stream.value, 15);
    stream.reset();
    assert.equal(stream.updateBar({ high: 30, low: 30, close: 30, volume: 2 }), 30);
  });

  it('highest and lowest equal the fresh window extreme on falling, rising and random series', () => {
    const period = 25;
    const falling = Float64Array.from({ length: 400 }, (_, i) => 1000 - i);
    const rising = falling.slice().reverse();
    const random = Float64Array.from(
      fc.sample(fc.integer({ min: 0, max: 30 }), { numRuns: 400, seed: 3 }),
    );
    for (const series of [falling, rising, random]) {
      const high = new IndicatorStream(highest(period));
      const low = new IndicatorStream(lowest(period));
      series.forEach((x, i) => {
        const h = high.update(x);
        const l = low.update(x);
        if (i < period - 1) return;
        const window = series.subarray(i - period + 1, i + 1);
        assert.equal(h, Math.max(...window), `highest at ${i}`);
        assert.equal(l, Math.min(...window), `lowest at ${i}`);
      });
    }
  });
});

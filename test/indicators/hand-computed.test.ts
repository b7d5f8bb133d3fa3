// Small inputs whose values were worked out by hand from the TA-Lib definitions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  adx,
  atr,
  bbands,
  cci,
  compute,
  dema,
  donchian,
  ema,
  highest,
  kama,
  lowest,
  macd,
  mom,
  obv,
  roc,
  rsi,
  sma,
  smma,
  stddev,
  stoch,
  tema,
  trueRange,
  vwap,
  willr,
  wma,
} from '../../src/indicators/index.js';

const N = Number.NaN;
const col = (values: number[]): Float64Array => Float64Array.from(values);

function close(actual: Float64Array, expected: number[], tolerance = 1e-12): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    if (Number.isNaN(e))
      assert.ok(Number.isNaN(actual[i]), `bar ${i}: expected NaN, got ${actual[i]}`);
    else
      assert.ok(
        Math.abs(actual[i] - e) <= tolerance * Math.max(1, Math.abs(e)),
        `bar ${i}: ${actual[i]} vs ${e}`,
      );
  });
}

// (high, low, close): true ranges 2, 2, 4.5 from bar 1 on.
const bars = {
  high: col([10, 11, 12, 11]),
  low: col([8, 9, 10, 7]),
  close: col([9, 10, 11.5, 8]),
  volume: col([100, 200, 300, 400]),
};

describe('moving averages on small inputs', () => {
  it('sma(3) of 1..5 is 2, 3, 4 from bar 2', () => {
    assert.deepEqual(Array.from(compute(sma(3), col([1, 2, 3, 4, 5])).value), [N, N, 2, 3, 4]);
  });

  it('ema(3) is seeded with the mean of the first 3 values, then moves half way (k = 0.5)', () => {
    close(compute(ema(3), col([1, 2, 3, 7, 5])).value, [N, N, 2, 4.5, 4.75], 0);
  });

  it('wma(3) weights 1, 2, 3 over 6', () => {
    close(compute(wma(3), col([1, 2, 3, 4])).value, [N, N, 14 / 6, 20 / 6]);
  });

  it("smma(3) seeds with the mean, then (prev * 2 + x) / 3 (Wilder's smoothing)", () => {
    close(compute(smma(3), col([1, 2, 3, 6])).value, [N, N, 2, 10 / 3]);
  });

  it('dema(2) and tema(2) follow a straight line exactly once warmed up', () => {
    close(compute(dema(2), col([1, 2, 3, 4])).value, [N, N, 3, 4]);
    close(compute(tema(2), col([1, 2, 3, 4, 5])).value, [N, N, N, 4, 5]);
  });

  it('kama(2, 2, 30) uses the fastest constant when the efficiency ratio is 1, a slower one otherwise', () => {
    const fastest = (2 / 3) ** 2;
    const k2 = 2 + (3 - 2) * fastest;
    const k3 = k2 + (5 - k2) * fastest;
    const sc = ((1 / 3) * (2 / 3 - 2 / 31) + 2 / 31) ** 2;
    const k4 = k3 + (4 - k3) * sc;
    close(compute(kama(2, 2, 30), col([1, 2, 3, 5, 4])).value, [N, N, k2, k3, k4]);
  });
});

describe('oscillators on small inputs', () => {
  it('rsi(2): 50 after +1, -1; then Wilder-smoothed gains 1.25 and losses 0.25 give 83.33', () => {
    close(compute(rsi(2), col([1, 2, 1, 3])).value, [N, N, 50, (100 * 1.25) / 1.5]);
  });

  it('macd(2, 3, 2): both EMAs start at bar 2, the fast one seeded with the mean of bars 1..2', () => {
    const out = compute(macd(2, 3, 2), col([1, 2, 3, 5, 4]));
    const slow3 = 2 + (5 - 2) * 0.5;
    const fast3 = 2.5 + (5 - 2.5) * (2 / 3);
    const slow4 = slow3 + (4 - slow3) * 0.5;
    const fast4 = fast3 + (4 - fast3) * (2 / 3);
    const line = [N, N, 0.5, fast3 - slow3, fast4 - slow4];
    const sig3 = (0.5 + line[3]) / 2;
    const sig4 = sig3 + (line[4] - sig3) * (2 / 3);
    close(out.macd, line);
    close(out.signal, [N, N, N, sig3, sig4]);
    close(out.hist, [N, N, N, line[3] - sig3, line[4] - sig4]);
  });

  it('stoch(3, 1, 2): raw %K 87.5 then 20, %D their mean', () => {
    const out = compute(stoch(3, 1, 2), bars);
    close(out.k, [N, N, 87.5, 20]);
    close(out.d, [N, N, N, 53.75]);
  });

  it('willr(3) is -12.5 then -80', () => {
    close(compute(willr(3), bars).value, [N, N, -12.5, -80]);
  });

  it('cci(3) of typical prices 9, 10, 11.1667 is 100', () => {
    const tp3 = (11 + 7 + 8) / 3;
    const tps = [10, (12 + 10 + 11.5) / 3, tp3];
    const mean = (tps[0] + tps[1] + tps[2]) / 3;
    const md = tps.reduce((sum, tp) => sum + Math.abs(tp - mean), 0) / 3;
    close(compute(cci(3), bars).value, [N, N, 100, (tp3 - mean) / (0.015 * md)], 1e-9);
  });

  it('roc(2) and mom(2) compare with the close 2 bars back', () => {
    close(compute(roc(2), col([10, 11, 12, 9])).value, [N, N, 20, (9 / 11 - 1) * 100]);
    close(compute(mom(2), col([10, 11, 12, 9])).value, [N, N, 2, -2]);
  });
});

describe('volatility, channels, trend and volume on small inputs', () => {
  it('true range is 2, 2, 4.5 and atr(2) is 2 then (2 + 4.5) / 2', () => {
    close(compute(trueRange(), bars).value, [N, 2, 2, 4.5]);
    close(compute(atr(2), bars).value, [N, N, 2, 3.25]);
  });

  it('stddev is the population deviation: 2 for 2, 4, 4, 4, 5, 5, 7, 9', () => {
    close(compute(stddev(8), col([2, 4, 4, 4, 5, 5, 7, 9])).value, [N, N, N, N, N, N, N, 2], 0);
  });

  it('bbands(3, 2) of 1, 2, 3 is 2 ± 2·sqrt(2/3)', () => {
    const out = compute(bbands(3, 2), col([1, 2, 3]));
    const sd = Math.sqrt(2 / 3);
    close(out.middle, [N, N, 2]);
    close(out.upper, [N, N, 2 + 2 * sd]);
    close(out.lower, [N, N, 2 - 2 * sd]);
  });

  it('highest(3), lowest(3) and donchian(2) track the window extremes', () => {
    const x = col([3, 1, 2, 5, 4, 0]);
    assert.deepEqual(Array.from(compute(highest(3), x).value), [N, N, 3, 5, 5, 5]);
    assert.deepEqual(Array.from(compute(lowest(3), x).value), [N, N, 1, 1, 2, 0]);
    const ch = compute(donchian(2), bars);
    assert.deepEqual(Array.from(ch.upper), [N, 11, 12, 12]);
    assert.deepEqual(Array.from(ch.lower), [N, 8, 9, 7]);
    assert.deepEqual(Array.from(ch.middle), [N, 9.5, 10.5, 9.5]);
  });

  it('adx(2): +DI 44.44 and 19.05, −DI 0 and 19.05, ADX the mean of DX 100 and 0', () => {
    const out = compute(adx(2), {
      high: col([10, 12, 13, 12]),
      low: col([8, 9, 10, 9]),
      close: col([9, 11, 12, 10]),
    });
    close(out.plusDI, [N, N, 200 / 4.5, 100 / 5.25]);
    close(out.minusDI, [N, N, 0, 100 / 5.25]);
    close(out.adx, [N, N, N, 50]);
  });

  it('obv starts at the first volume and adds or subtracts on up and down closes', () => {
    const out = compute(obv(), { close: col([10, 11, 11, 9]), volume: bars.volume });
    assert.deepEqual(Array.from(out.value), [100, 300, 300, -100]);
  });

  it('vwap is cumulative by default and rolling with a period', () => {
    const tp = [9, 10, 33.5 / 3, 26 / 3];
    const pv = tp.map((p, i) => p * bars.volume[i]);
    close(compute(vwap(), bars).value, [
      pv[0] / 100,
      (pv[0] + pv[1]) / 300,
      (pv[0] + pv[1] + pv[2]) / 600,
      (pv[0] + pv[1] + pv[2] + pv[3]) / 1000,
    ]);
    close(compute(vwap(2), bars).value, [
      N,
      (pv[0] + pv[1]) / 300,
      (pv[1] + pv[2]) / 500,
      (pv[2] + pv[3]) / 700,
    ]);
  });
});

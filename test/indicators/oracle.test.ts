// Our indicators against the independent `technicalindicators` package on the
// real GOOG daily series. Where its definitions match TA-Lib's, values agree to
// float rounding; where they differ, the documented difference is asserted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ti from 'technicalindicators';
import {
  adx,
  atr,
  bbands,
  cci,
  compute,
  dema,
  ema,
  highest,
  lowest,
  macd,
  obv,
  on,
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
import { loadEurUsd, loadGoog } from './goog.js';

const goog = loadGoog();
const close = Array.from(goog.close);
const high = Array.from(goog.high);
const low = Array.from(goog.low);
const volume = Array.from(goog.volume);
const n = close.length;

/**
 * Checks `ours` against the oracle's output, which starts at bar `n - theirs.length`:
 * our first valid index must be that bar and every value within `tolerance`
 * (relative to max(1, |value|)) from bar `from` on.
 */
function agrees(
  ours: Float64Array,
  theirs: readonly number[],
  firstValid: number,
  tolerance: number,
  from = firstValid,
): void {
  const offset = n - theirs.length;
  assert.equal(offset, firstValid, 'the oracle starts at our first valid index');
  assert.ok(Number.isNaN(ours[firstValid - 1] ?? Number.NaN));
  for (let i = from; i < n; i++) {
    const expected = theirs[i - offset];
    const error = Math.abs(ours[i] - expected) / Math.max(1, Math.abs(expected));
    if (!(error <= tolerance)) assert.fail(`bar ${i}: ours ${ours[i]}, oracle ${expected}`);
  }
}

describe('indicators against technicalindicators on GOOG daily bars', () => {
  it('SMA(20) and EMA(20) (both seeded with the SMA) match exactly', () => {
    agrees(
      compute(sma(20), goog.close).value,
      ti.SMA.calculate({ period: 20, values: close }),
      19,
      0,
    );
    agrees(
      compute(ema(20), goog.close).value,
      ti.EMA.calculate({ period: 20, values: close }),
      19,
      0,
    );
  });

  it('WMA(20) and SMMA(14) (its WEMA) match to 1e-12', () => {
    agrees(
      compute(wma(20), goog.close).value,
      ti.WMA.calculate({ period: 20, values: close }),
      19,
      1e-12,
    );
    agrees(
      compute(smma(14), goog.close).value,
      ti.WEMA.calculate({ period: 14, values: close }),
      13,
      1e-12,
    );
  });

  it('DEMA and TEMA equal the same combinations of the oracle EMA of EMA', () => {
    const e1 = ti.EMA.calculate({ period: 10, values: close });
    const e2 = ti.EMA.calculate({ period: 10, values: e1 });
    const e3 = ti.EMA.calculate({ period: 10, values: e2 });
    const demaRef = e2.map((v, i) => 2 * e1[i + 9] - v);
    const temaRef = e3.map((v, i) => v + (3 * e1[i + 18] - 3 * e2[i + 9]));
    agrees(compute(dema(10), goog.close).value, demaRef, 18, 1e-12);
    agrees(compute(tema(10), goog.close).value, temaRef, 27, 1e-12);
  });

  it('RSI(14) matches within the oracle rounding to 2 decimals', () => {
    const ours = compute(rsi(14), goog.close).value;
    const theirs = ti.RSI.calculate({ period: 14, values: close });
    const offset = n - theirs.length;
    assert.equal(offset, 14);
    for (let i = offset; i < n; i++)
      assert.ok(Math.abs(ours[i] - theirs[i - offset]) <= 0.005 + 1e-9, `bar ${i}`);
  });

  it('population standard deviation and Bollinger Bands match to 1e-9 (running sums vs two passes)', () => {
    agrees(
      compute(stddev(20), goog.close).value,
      ti.SD.calculate({ period: 20, values: close }),
      19,
      1e-9,
    );
    const ours = compute(bbands(20, 2), goog.close);
    const theirs = ti.BollingerBands.calculate({ period: 20, stdDev: 2, values: close });
    agrees(
      ours.middle,
      theirs.map((b) => b.middle),
      19,
      0,
    );
    agrees(
      ours.upper,
      theirs.map((b) => b.upper),
      19,
      1e-9,
    );
    agrees(
      ours.lower,
      theirs.map((b) => b.lower),
      19,
      1e-9,
    );
  });

  it('true range, ATR(14), CCI(20) and Williams %R(14) match', () => {
    agrees(compute(trueRange(), goog).value, ti.TrueRange.calculate({ high, low, close }), 1, 0);
    agrees(
      compute(atr(14), goog).value,
      ti.ATR.calculate({ period: 14, high, low, close }),
      14,
      1e-12,
    );
    agrees(
      compute(cci(20), goog).value,
      ti.CCI.calculate({ period: 20, high, low, close }),
      19,
      1e-9,
    );
    agrees(
      compute(willr(14), goog).value,
      ti.WilliamsR.calculate({ period: 14, high, low, close }),
      13,
      1e-12,
    );
  });

  it('ROC(10), highest high and lowest low (20) match', () => {
    agrees(
      compute(roc(10), goog.close).value,
      ti.ROC.calculate({ period: 10, values: close }),
      10,
      1e-12,
    );
    agrees(
      compute(on('high', highest(20)), goog).value,
      ti.Highest.calculate({ period: 20, values: high }),
      19,
      0,
    );
    agrees(
      compute(on('low', lowest(20)), goog).value,
      ti.Lowest.calculate({ period: 20, values: low }),
      19,
      0,
    );
  });

  it("the oracle's fast stochastic is our stoch(14, 1, 3); TA-Lib's default adds a 3-bar %K smoothing", () => {
    const theirs = ti.Stochastic.calculate({ period: 14, signalPeriod: 3, high, low, close });
    const fast = compute(stoch(14, 1, 3), goog);
    agrees(
      fast.k,
      theirs.map((s) => s.k),
      13,
      1e-12,
    );
    agrees(
      fast.d,
      theirs.map((s) => s.d ?? Number.NaN),
      13,
      1e-12,
      15,
    );
    const slow = compute(stoch(14, 3, 3), goog);
    const rawK = fast.k;
    for (let i = 15; i < n; i++) {
      const mean = (rawK[i - 2] + rawK[i - 1] + rawK[i]) / 3;
      assert.ok(Math.abs(slow.k[i] - mean) <= 1e-9, `slow %K at ${i} is the 3-bar mean of raw %K`);
    }
  });

  it('VWAP (cumulative typical price) matches exactly', () => {
    agrees(compute(vwap(), goog).value, ti.VWAP.calculate({ high, low, close, volume }), 0, 0);
  });

  it('OBV differs by the constant first-bar volume: TA-Lib starts at volume[0], the oracle at 0', () => {
    const ours = compute(obv(), goog).value;
    const theirs = ti.OBV.calculate({ close, volume });
    assert.equal(theirs.length, n - 1);
    for (let i = 1; i < n; i++) assert.equal(ours[i] - theirs[i - 1], goog.volume[0], `bar ${i}`);
  });

  it('MACD: the oracle seeds the fast EMA at bar 0, TA-Lib at bar slow-1; the difference decays to < 1e-9 by bar 200', () => {
    const ours = compute(macd(12, 26, 9), goog.close);
    const theirs = ti.MACD.calculate({
      fastPeriod: 12,
      slowPeriod: 26,
      signalPeriod: 9,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
      values: close,
    });
    assert.equal(n - theirs.length, 25);
    assert.ok(Math.abs(ours.macd[25] - (theirs[0].MACD ?? 0)) > 0.1, 'they differ at the start');
    for (let i = 200; i < n; i++) {
      const t = theirs[i - 25];
      assert.ok(Math.abs(ours.macd[i] - (t.MACD ?? Number.NaN)) < 1e-9, `macd at ${i}`);
      assert.ok(Math.abs(ours.signal[i] - (t.signal ?? Number.NaN)) < 1e-9, `signal at ${i}`);
      assert.ok(Math.abs(ours.hist[i] - (t.histogram ?? Number.NaN)) < 1e-9, `hist at ${i}`);
    }
  });

  it('ADX/+DI/−DI: the oracle seeds its smoothing differently; values converge to < 1e-6 by bar 400', () => {
    const ours = compute(adx(14), goog);
    const theirs = ti.ADX.calculate({ period: 14, high, low, close });
    const offset = n - theirs.length;
    assert.equal(offset, 27);
    assert.ok(Math.abs(ours.adx[27] - theirs[0].adx) > 0.1, 'they differ at the start');
    for (let i = 400; i < n; i++) {
      const t = theirs[i - offset];
      assert.ok(Math.abs(ours.adx[i] - t.adx) < 1e-6, `adx at ${i}: ${ours.adx[i]} vs ${t.adx}`);
      assert.ok(Math.abs(ours.plusDI[i] - t.pdi) < 1e-6, `+DI at ${i}`);
      assert.ok(Math.abs(ours.minusDI[i] - t.mdi) < 1e-6, `-DI at ${i}`);
    }
  });
});

describe('standard deviation on EUR/USD hourly closes (prices near 1.1, tiny variances)', () => {
  const eurusd = loadEurUsd().close;
  const ours = compute(stddev(5), eurusd).value;
  const theirs = ti.SD.calculate({ period: 5, values: Array.from(eurusd) });

  it('stays within 1e-5 relative of the two-pass oracle despite the running sums', () => {
    for (let i = 4; i < eurusd.length; i++) {
      const expected = theirs[i - 4];
      assert.ok(Math.abs(ours[i] - expected) <= 1e-5 * expected, `bar ${i}`);
    }
  });

  it("is not cut to 0 where the variance is below TA-Lib's 1e-8 zero threshold", () => {
    const quiet = theirs.flatMap((sd, k) => (sd * sd < 1e-8 ? [k + 4] : []));
    assert.ok(quiet.length >= 10, `${quiet.length} quiet bars`);
    for (const i of quiet) assert.ok(ours[i] > 0, `bar ${i}`);
  });
});

// Each declared kernel's lane step: the indicator's own step (the one its spec runs) on the
// kernel's parameters, in the order its factory's `kernelOf` lists them.
import { adxStep } from '../adx.js';
import { donchianStep } from '../channels.js';
import type { KernelKind } from '../kernel.js';
import { macdStep } from '../macd.js';
import { demaStep, kamaStep, temaStep, wmaStep } from '../moving-averages.js';
import { cciStep, momStep, rocStep, rsiStep, stochStep, willrStep } from '../oscillators.js';
import { emaStep, extremeSize, extremeStep, smaStep, wilderStep } from '../steps.js';
import { atrStep, bbandsStep, stddevStep, trueRangeStep } from '../volatility.js';
import { obvStep, vwapStep } from '../volume.js';
import type { LaneStep } from './lane-loop.js';

/** The lane step of every kernel, by kernel name. */
export const LANE_STEPS: Readonly<Record<KernelKind, LaneStep>> = {
  sma: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period) =>
    smaStep(s, L, a, 0, period, x, U[asset]),
  ema: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period, k) =>
    emaStep(s, L, a, 0, period, k, x / U[asset]),
  smma: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period) =>
    wilderStep(s, L, a, 0, period, x / U[asset]),
  dema: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period, k) =>
    demaStep(s, L, a, period, k, x / U[asset]),
  tema: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period, k) =>
    temaStep(s, L, a, period, k, x / U[asset]),
  wma: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period, divider) =>
    wmaStep(s, L, a, period, divider, x, U[asset]),
  kama: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period, slowest, diff) =>
    kamaStep(s, L, a, period, slowest, diff, x / U[asset]),
  rsi: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period) =>
    rsiStep(s, L, a, period, x / U[asset]),
  macd: (s, L, a, x, _1, _2, _3, r, U, _U1, _U2, _U3, asset, fast, slow, signal, kF, kS, kSig) => {
    macdStep(s, L, a, fast, slow, signal, kF, kS, kSig, x / U[asset], r);
    return r[0];
  },
  bbands: (s, L, a, x, _1, _2, _3, r, U, _U1, _U2, _U3, asset, period, up, down) => {
    bbandsStep(s, L, a, period, up, down, x, U[asset], r);
    return r[0];
  },
  stddev: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period, nbDev) =>
    stddevStep(s, L, a, period, nbDev, x, U[asset]),
  atr: (s, L, a, high, low, close, _3, _r, U, _U1, _U2, _U3, asset, period) =>
    atrStep(s, L, a, period, high, low, close, U[asset]),
  trueRange: (s, L, a, high, low, close, _3, _r, U, _U1, _U2, _U3, asset) =>
    trueRangeStep(s, L, a, high, low, close, U[asset]),
  mom: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period) =>
    momStep(s, L, a, period, x, U[asset]),
  roc: (s, L, a, x, _1, _2, _3, _r, _U0, _U1, _U2, _U3, _asset, period) =>
    rocStep(s, L, a, period, x),
  highest: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period) =>
    extremeStep(s, L, a, 0, period, 1, x) / U[asset],
  lowest: (s, L, a, x, _1, _2, _3, _r, U, _U1, _U2, _U3, asset, period) =>
    extremeStep(s, L, a, 0, period, -1, x) / U[asset],
  donchian: (s, L, a, high, low, _2, _3, r, U, _U1, _U2, _U3, asset, period) => {
    donchianStep(s, L, a, period, extremeSize(period), high, low, U[asset], r);
    return r[0];
  },
  stoch: (s, L, a, high, low, close, _3, r, _U0, _U1, _U2, _U3, _asset, fastK, slowK, slowD) => {
    stochStep(s, L, a, fastK, slowK, slowD, high, low, close, r);
    return r[0];
  },
  willr: (s, L, a, high, low, close, _3, _r, _U0, _U1, _U2, _U3, _asset, period) =>
    willrStep(s, L, a, period, high, low, close),
  cci: (s, L, a, high, low, close, _3, _r, _U0, _U1, _U2, _U3, _asset, period) =>
    cciStep(s, L, a, period, high, low, close),
  adx: (s, L, a, high, low, close, _3, r, UH, UL, UC, _U3, asset, period) => {
    adxStep(s, L, a, period, high / UH[asset], low / UL[asset], close / UC[asset], r);
    return r[0];
  },
  obv: (s, L, a, close, volume, _2, _3, _r, _U0, V, _U2, _U3, asset) =>
    obvStep(s, L, a, close, volume, V[asset]),
  vwap: (s, L, a, h, l, c, v, _r, UH, UL, UC, UV, asset, period) =>
    vwapStep(s, L, a, period, h / UH[asset], l / UL[asset], c / UC[asset], v / UV[asset]),
};

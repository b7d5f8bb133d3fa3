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
  sma: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period) => smaStep(s, L, a, 0, period, x, u),
  ema: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period, k) =>
    emaStep(s, L, a, 0, period, k, x / u),
  smma: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period) =>
    wilderStep(s, L, a, 0, period, x / u),
  dema: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period, k) =>
    demaStep(s, L, a, period, k, x / u),
  tema: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period, k) =>
    temaStep(s, L, a, period, k, x / u),
  wma: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period, divider) =>
    wmaStep(s, L, a, period, divider, x, u),
  kama: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period, slowest, diff) =>
    kamaStep(s, L, a, period, slowest, diff, x / u),
  rsi: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period) => rsiStep(s, L, a, period, x / u),
  macd: (
    s,
    L,
    a,
    x,
    _1,
    _2,
    _3,
    r,
    u,
    _u1,
    _u2,
    _u3,
    fast,
    slow,
    signal,
    kFast,
    kSlow,
    kSignal,
  ) => {
    macdStep(s, L, a, fast, slow, signal, kFast, kSlow, kSignal, x / u, r);
    return r[0];
  },
  bbands: (s, L, a, x, _1, _2, _3, r, u, _u1, _u2, _u3, period, up, down) => {
    bbandsStep(s, L, a, period, up, down, x, u, r);
    return r[0];
  },
  stddev: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period, nbDev) =>
    stddevStep(s, L, a, period, nbDev, x, u),
  atr: (s, L, a, high, low, close, _3, _r, u, _u1, _u2, _u3, period) =>
    atrStep(s, L, a, period, high, low, close, u),
  trueRange: (s, L, a, high, low, close, _3, _r, u) => trueRangeStep(s, L, a, high, low, close, u),
  mom: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period) => momStep(s, L, a, period, x, u),
  roc: (s, L, a, x, _1, _2, _3, _r, _u0, _u1, _u2, _u3, period) => rocStep(s, L, a, period, x),
  highest: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period) =>
    extremeStep(s, L, a, 0, period, 1, x) / u,
  lowest: (s, L, a, x, _1, _2, _3, _r, u, _u1, _u2, _u3, period) =>
    extremeStep(s, L, a, 0, period, -1, x) / u,
  donchian: (s, L, a, high, low, _2, _3, r, u, _u1, _u2, _u3, period) => {
    donchianStep(s, L, a, period, extremeSize(period), high, low, u, r);
    return r[0];
  },
  stoch: (s, L, a, high, low, close, _3, r, _u0, _u1, _u2, _u3, fastK, slowK, slowD) => {
    stochStep(s, L, a, fastK, slowK, slowD, high, low, close, r);
    return r[0];
  },
  willr: (s, L, a, high, low, close, _3, _r, _u0, _u1, _u2, _u3, period) =>
    willrStep(s, L, a, period, high, low, close),
  cci: (s, L, a, high, low, close, _3, _r, _u0, _u1, _u2, _u3, period) =>
    cciStep(s, L, a, period, high, low, close),
  adx: (s, L, a, high, low, close, _3, r, uh, ul, uc, _u3, period) => {
    adxStep(s, L, a, period, high / uh, low / ul, close / uc, r);
    return r[0];
  },
  obv: (s, L, a, close, volume, _2, _3, _r, _u0, v) => obvStep(s, L, a, close, volume, v),
  vwap: (s, L, a, h, l, c, v, _r, uh, ul, uc, uv, period) =>
    vwapStep(s, L, a, period, h / uh, l / ul, c / uc, v / uv),
};

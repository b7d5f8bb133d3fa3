import { adxStep } from '../adx.js';
import { macdStep } from '../macd.js';
import { cciStep, rocStep, rsiStep, stochStep, willrStep } from '../oscillators.js';
import { lagStep } from '../steps.js';
import type { LaneLoop } from '../../native/declared-twins.js';
import { record1, recordN } from './lanes.js';

// Scratch outputs of the multi-output steps (never read across calls).
const OUT = new Float64Array(3);

/** RSI on the close's value. */
export const rsiLanes: LaneLoop = (
  p,
  s,
  c0,
  c1,
  c2,
  c3,
  o,
  assets,
  u0,
  u1,
  u2,
  u3,
  ring,
  head,
  filled,
  stamp,
  latest,
  H,
  bar,
) => {
  const period = p[0];
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    if (x0 !== x0) continue;
    record1(
      ring,
      head,
      filled,
      stamp,
      latest,
      H,
      L,
      j,
      bar,
      rsiStep(s, L, j, period, x0 / u0[asset]),
    );
  }
};

/** MACD: line, signal, histogram. */
export const macdLanes: LaneLoop = (
  p,
  s,
  c0,
  c1,
  c2,
  c3,
  o,
  assets,
  u0,
  u1,
  u2,
  u3,
  ring,
  head,
  filled,
  stamp,
  latest,
  H,
  bar,
) => {
  const fast = p[0];
  const slow = p[1];
  const signal = p[2];
  const kFast = p[3];
  const kSlow = p[4];
  const kSignal = p[5];
  const r = OUT;
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    if (x0 !== x0) continue;
    macdStep(s, L, j, fast, slow, signal, kFast, kSlow, kSignal, x0 / u0[asset], r);
    recordN(ring, head, filled, stamp, latest, H, L, j, bar, r, 3);
  }
};

/** Slow stochastic on units: %K, %D. */
export const stochLanes: LaneLoop = (
  p,
  s,
  c0,
  c1,
  c2,
  c3,
  o,
  assets,
  u0,
  u1,
  u2,
  u3,
  ring,
  head,
  filled,
  stamp,
  latest,
  H,
  bar,
) => {
  const fastK = p[0];
  const slowK = p[1];
  const slowD = p[2];
  const r = OUT;
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    const x1 = c1[at];
    const x2 = c2[at];
    if (x0 !== x0 || x1 !== x1 || x2 !== x2) continue;
    stochStep(s, L, j, fastK, slowK, slowD, x0, x1, x2, r);
    recordN(ring, head, filled, stamp, latest, H, L, j, bar, r, 2);
  }
};

/** Williams %R on units. */
export const willrLanes: LaneLoop = (
  p,
  s,
  c0,
  c1,
  c2,
  c3,
  o,
  assets,
  u0,
  u1,
  u2,
  u3,
  ring,
  head,
  filled,
  stamp,
  latest,
  H,
  bar,
) => {
  const period = p[0];
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    const x1 = c1[at];
    const x2 = c2[at];
    if (x0 !== x0 || x1 !== x1 || x2 !== x2) continue;
    record1(
      ring,
      head,
      filled,
      stamp,
      latest,
      H,
      L,
      j,
      bar,
      willrStep(s, L, j, period, x0, x1, x2),
    );
  }
};

/** CCI on units. */
export const cciLanes: LaneLoop = (
  p,
  s,
  c0,
  c1,
  c2,
  c3,
  o,
  assets,
  u0,
  u1,
  u2,
  u3,
  ring,
  head,
  filled,
  stamp,
  latest,
  H,
  bar,
) => {
  const period = p[0];
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    const x1 = c1[at];
    const x2 = c2[at];
    if (x0 !== x0 || x1 !== x1 || x2 !== x2) continue;
    record1(ring, head, filled, stamp, latest, H, L, j, bar, cciStep(s, L, j, period, x0, x1, x2));
  }
};

/** Rate of change on units. */
export const rocLanes: LaneLoop = (
  p,
  s,
  c0,
  c1,
  c2,
  c3,
  o,
  assets,
  u0,
  u1,
  u2,
  u3,
  ring,
  head,
  filled,
  stamp,
  latest,
  H,
  bar,
) => {
  const period = p[0];
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    if (x0 !== x0) continue;
    record1(ring, head, filled, stamp, latest, H, L, j, bar, rocStep(s, L, j, period, x0));
  }
};

/** Momentum: the difference in units, divided once. */
export const momLanes: LaneLoop = (
  p,
  s,
  c0,
  c1,
  c2,
  c3,
  o,
  assets,
  u0,
  u1,
  u2,
  u3,
  ring,
  head,
  filled,
  stamp,
  latest,
  H,
  bar,
) => {
  const period = p[0];
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    if (x0 !== x0) continue;
    record1(
      ring,
      head,
      filled,
      stamp,
      latest,
      H,
      L,
      j,
      bar,
      (x0 - lagStep(s, L, j, 0, period, x0)) / u0[asset],
    );
  }
};

/** ADX, +DI, -DI on values. */
export const adxLanes: LaneLoop = (
  p,
  s,
  c0,
  c1,
  c2,
  c3,
  o,
  assets,
  u0,
  u1,
  u2,
  u3,
  ring,
  head,
  filled,
  stamp,
  latest,
  H,
  bar,
) => {
  const period = p[0];
  const r = OUT;
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    const x1 = c1[at];
    const x2 = c2[at];
    if (x0 !== x0 || x1 !== x1 || x2 !== x2) continue;
    adxStep(s, L, j, period, x0 / u0[asset], x1 / u1[asset], x2 / u2[asset], r);
    recordN(ring, head, filled, stamp, latest, H, L, j, bar, r, 3);
  }
};

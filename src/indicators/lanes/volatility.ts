import { atrStep, bbandsStep, trueRangeStep, varianceStep } from '../volatility.js';
import { donchianStep } from '../channels.js';
import { extremeSize, extremeStep } from '../steps.js';
import { obvStep, vwapStep } from '../volume.js';
import type { LaneLoop } from '../../native/declared-twins.js';
import { record1, recordN } from './lanes.js';

// Scratch outputs of the multi-output steps (never read across calls).
const OUT = new Float64Array(3);

function stddevOf(variance: number, nbDev: number): number {
  return variance !== variance ? NaN : variance > 0 ? Math.sqrt(variance) * nbDev : 0;
}

/** Bollinger bands: middle exact on units, bands float. */
export const bbandsLanes: LaneLoop = (
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
  const up = p[1];
  const down = p[2];
  const r = OUT;
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    if (x0 !== x0) continue;
    bbandsStep(s, L, j, period, up, down, x0, u0[asset], r);
    recordN(ring, head, filled, stamp, latest, H, L, j, bar, r, 3);
  }
};

/** Standard deviation times `nbDev`. */
export const stddevLanes: LaneLoop = (
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
  const nbDev = p[1];
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
      stddevOf(varianceStep(s, L, j, period, x0, u0[asset]), nbDev),
    );
  }
};

/** ATR on values. */
export const atrLanes: LaneLoop = (
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
      atrStep(s, L, j, period, x0, x1, x2, u0[asset]),
    );
  }
};

/** True range, exact on units. */
export const trueRangeLanes: LaneLoop = (
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
      trueRangeStep(s, L, j, x0, x1, x2, u0[asset]),
    );
  }
};

/** Highest of the window, exact. */
export const highestLanes: LaneLoop = (
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
      extremeStep(s, L, j, 0, period, 1, x0) / u0[asset],
    );
  }
};

/** Lowest of the window, exact. */
export const lowestLanes: LaneLoop = (
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
      extremeStep(s, L, j, 0, period, -1, x0) / u0[asset],
    );
  }
};

/** Donchian channel: upper, lower, middle, exact. */
export const donchianLanes: LaneLoop = (
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
  const lowBase = extremeSize(period);
  const r = OUT;
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    const x1 = c1[at];
    if (x0 !== x0 || x1 !== x1) continue;
    donchianStep(s, L, j, period, lowBase, x0, x1, u0[asset], r);
    recordN(ring, head, filled, stamp, latest, H, L, j, bar, r, 3);
  }
};

/** OBV: closes compared in units, the volume summed in units. */
export const obvLanes: LaneLoop = (
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
  const L = assets.length;
  for (let j = 0; j < L; j++) {
    const asset = assets[j];
    const at = o + asset;
    const x0 = c0[at];
    const x1 = c1[at];
    if (x0 !== x0 || x1 !== x1) continue;
    record1(ring, head, filled, stamp, latest, H, L, j, bar, obvStep(s, L, j, x0, x1, u1[asset]));
  }
};

/** VWAP on values. */
export const vwapLanes: LaneLoop = (
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
    const x3 = c3[at];
    if (x0 !== x0 || x1 !== x1 || x2 !== x2 || x3 !== x3) continue;
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
      vwapStep(s, L, j, period, x0 / u0[asset], x1 / u1[asset], x2 / u2[asset], x3 / u3[asset]),
    );
  }
};

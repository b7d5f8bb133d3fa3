import { demaStep, kamaStep, temaStep, wmaStep } from '../moving-averages.js';
import { emaStep, wilderStep } from '../steps.js';
import type { LaneLoop } from '../../native/declared-twins.js';
import { record1 } from './lanes.js';

/** EMA: `emaStep` on the close's value. */
export const emaLanes: LaneLoop = (
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
  const k = p[1];
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
      emaStep(s, L, j, 0, period, k, x0 / u0[asset]),
    );
  }
};

/** SMMA: Wilder's step on the close's value. */
export const smmaLanes: LaneLoop = (
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
      wilderStep(s, L, j, 0, period, x0 / u0[asset]),
    );
  }
};

/** DEMA. */
export const demaLanes: LaneLoop = (
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
  const k = p[1];
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
      demaStep(s, L, j, period, k, x0 / u0[asset]),
    );
  }
};

/** TEMA. */
export const temaLanes: LaneLoop = (
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
  const k = p[1];
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
      temaStep(s, L, j, period, k, x0 / u0[asset]),
    );
  }
};

/** WMA: weighted sums in units. */
export const wmaLanes: LaneLoop = (
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
  const divider = p[1];
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
      wmaStep(s, L, j, period, divider, x0, u0[asset]),
    );
  }
};

/** KAMA. */
export const kamaLanes: LaneLoop = (
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
  const slowest = p[1];
  const diff = p[2];
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
      kamaStep(s, L, j, period, slowest, diff, x0 / u0[asset]),
    );
  }
};

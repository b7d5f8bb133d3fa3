import { crc32 } from 'node:zlib';
import { markDecimalRange, type RoundingCode } from '../numeric/unit-arithmetic.js';
import { declaredTwin } from './declared-twins.js';
import type { Kernels } from './kernels.js';

// The parameters of the SMA run by `declaredSmaInto` (only its period).
const SMA_PARAMS = new Float64Array(1);

/**
 * The TypeScript twins of the Rust kernels. They follow the Rust code step by
 * step (same operations, same order) so results are bit-identical.
 */
export const tsKernels: Kernels = {
  rustSum(a, b) {
    return a + b;
  },

  crc32Update(bytes, crc) {
    // zlib answers 0 for no bytes whatever the running CRC (its "initial value" call): nothing
    // added leaves the CRC as it was, as in the Rust kernel.
    return bytes.length === 0 ? crc : crc32(bytes, crc);
  },

  sumFloat64(values) {
    let total = 0;
    for (let i = 0; i < values.length; i++) total += values[i];
    return total;
  },

  rollingMeanInto(values, window, out) {
    // Non-finite values are counted apart from the float accumulator, as in
    // rustybt-core's rolling.rs, so they leave the window cleanly.
    let finite = 0;
    let nans = 0;
    let posInf = 0;
    let negInf = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v)) finite += v;
      else if (v !== v) nans++;
      else if (v > 0) posInf++;
      else negInf++;
      if (i >= window) {
        const old = values[i - window];
        if (Number.isFinite(old)) finite -= old;
        else if (old !== old) nans--;
        else if (old > 0) posInf--;
        else negInf--;
      }
      if (i + 1 < window) {
        out[i] = NaN;
      } else if (nans > 0 || (posInf > 0 && negInf > 0)) {
        out[i] = NaN;
      } else if (posInf > 0) {
        out[i] = Infinity;
      } else if (negInf > 0) {
        out[i] = -Infinity;
      } else {
        out[i] = finite / window;
      }
    }
  },

  markDecimalInto(prices, quantity, lastPrice, marketValue, shift, from, count, mode) {
    markDecimalRange(
      prices,
      quantity,
      lastPrice,
      marketValue,
      shift,
      from,
      count,
      mode as RoundingCode,
    );
    return -1;
  },

  declaredSmaInto(s, period, x, offset, assets, units, ring, head, filled, stamp, latest, H, bar) {
    // The SMA kernel's twin (code 0) behind the narrower door the Rust side keeps for it.
    SMA_PARAMS[0] = period;
    declaredTwin(0)(
      SMA_PARAMS,
      s,
      x,
      x,
      x,
      x,
      offset,
      assets,
      units,
      units,
      units,
      units,
      ring,
      head,
      filled,
      stamp,
      latest,
      H,
      bar,
    );
  },

  declaredInto(
    kind,
    p,
    s,
    c0,
    c1,
    c2,
    c3,
    o,
    assets,
    pu,
    vu,
    volumeInputs,
    ring,
    head,
    filled,
    stamp,
    latest,
    H,
    bar,
  ) {
    // The twins run the indicators' own steps; they register when src/indicators loads.
    declaredTwin(kind)(
      p,
      s,
      c0,
      c1,
      c2,
      c3,
      o,
      assets,
      (volumeInputs & 1) !== 0 ? vu : pu,
      (volumeInputs & 2) !== 0 ? vu : pu,
      (volumeInputs & 4) !== 0 ? vu : pu,
      (volumeInputs & 8) !== 0 ? vu : pu,
      ring,
      head,
      filled,
      stamp,
      latest,
      H,
      bar,
    );
  },

  compareLanesInto(
    sids,
    lanesA,
    lanesB,
    stampA,
    latestA,
    stampB,
    latestB,
    level,
    constant,
    bar,
    relation,
    up,
    upMember,
    down,
    downMember,
    counts,
  ) {
    // As rustybt-core's lane_comparison.rs: one compare per asset, a write only on a change.
    let ups = 0;
    let downs = 0;
    for (let i = 0; i < sids.length; i++) {
      const la = lanesA[i];
      if (stampA[la] !== bar) continue;
      const lb = lanesB[i];
      if (stampB[lb] !== bar) continue;
      const a = latestA[la];
      const b = constant ? level : latestB[lb];
      const now = a > b ? 1 : a < b ? -1 : a === b ? 0 : 2;
      const before = relation[i];
      if (now === before) continue;
      relation[i] = now;
      if (before === 2) continue;
      const sid = sids[i];
      if (now === 1) {
        up[ups++] = sid;
        upMember[sid] = 1;
      } else if (now === -1) {
        down[downs++] = sid;
        downMember[sid] = 1;
      }
    }
    counts[0] = ups;
    counts[1] = downs;
  },
};

// The lane loop every declared-indicator kernel twin shares, in the order rustybt-core's
// indicators/lanes.rs runs it: read a lane's inputs, skip it on a NaN, run the indicator's step,
// record its outputs (history ring, head, count, stamp, latest).
import type { LaneLoop } from '../../native/declared-twins.js';

/**
 * One lane's bar of a declared kernel, as an {@link IndicatorStep} but
 * returning its primary output (the others into `r[1..]`): `x0..x3` the
 * lane's inputs as the bar has them, `U0..U3` the inputs' units (10^scale)
 * by asset id and `asset` the lane's, then the kernel's parameters `p0..p5`
 * (its `KernelSpec.params`, 0 past their end). A step reads only the units it needs.
 */
export type LaneStep = (
  s: Float64Array,
  L: number,
  a: number,
  x0: number,
  x1: number,
  x2: number,
  x3: number,
  r: Float64Array,
  U0: Float64Array,
  U1: Float64Array,
  U2: Float64Array,
  U3: Float64Array,
  asset: number,
  p0: number,
  p1: number,
  p2: number,
  p3: number,
  p4: number,
  p5: number,
) => number;

/**
 * The loop around `step` for a kernel of `inputs` inputs and `outputs`
 * outputs. It names nothing outside itself, so that {@link laneLoop} can
 * compile a copy of it per kernel.
 */
function laneLoopOf(step: LaneStep, inputs: number, outputs: number): LaneLoop {
  const r = new Float64Array(3);
  return (
    p,
    s,
    c0,
    c1,
    c2,
    c3,
    o,
    assets,
    U0,
    U1,
    U2,
    U3,
    ring,
    head,
    filled,
    stamp,
    latest,
    H,
    bar,
  ) => {
    const n = p.length;
    const p0 = n > 0 ? p[0] : 0;
    const p1 = n > 1 ? p[1] : 0;
    const p2 = n > 2 ? p[2] : 0;
    const p3 = n > 3 ? p[3] : 0;
    const p4 = n > 4 ? p[4] : 0;
    const p5 = n > 5 ? p[5] : 0;
    const L = assets.length;
    for (let j = 0; j < L; j++) {
      const asset = assets[j];
      const at = o + asset;
      const x0 = c0[at];
      const x1 = inputs > 1 ? c1[at] : 0;
      const x2 = inputs > 2 ? c2[at] : 0;
      const x3 = inputs > 3 ? c3[at] : 0;
      if (x0 !== x0 || x1 !== x1 || x2 !== x2 || x3 !== x3) continue;
      const value = step(s, L, j, x0, x1, x2, x3, r, U0, U1, U2, U3, asset, p0, p1, p2, p3, p4, p5);
      stamp[j] = bar;
      latest[j] = value;
      const slot = head[j];
      ring[slot * L + j] = value;
      for (let k = 1; k < outputs; k++) ring[(k * H + slot) * L + j] = r[k];
      head[j] = slot + 1 === H ? 0 : slot + 1;
      if (filled[j] < H) filled[j]++;
    }
  };
}

/**
 * The lane loop of kernel `kind`, compiled for it alone: V8 then sees one
 * step at the loop's call site and inlines it, as in a loop written out by
 * hand. (One loop shared by the kernels calls their steps through a
 * megamorphic site: about 10 ns more per lane.) The source names the kernel,
 * as V8 would otherwise hand out one compiled copy for equal sources. Where
 * code generation from strings is disallowed, the shared loop runs: same
 * values, slower.
 */
export function laneLoop(kind: string, step: LaneStep, inputs: number, outputs: number): LaneLoop {
  let factory = laneLoopOf;
  try {
    const source = `return ${laneLoopOf.toString()}\n//# sourceURL=rustybt-lane-loop-${kind}.js`;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- laneLoopOf's own source, nothing else
    const compile = new Function(source) as () => typeof laneLoopOf;
    factory = compile();
  } catch {
    // --disallow-code-generation-from-strings: keep the shared copy.
  }
  return factory(step, inputs, outputs);
}

// The TypeScript twins of rustybt-core's declared-indicator kernels live with
// the indicator steps they share (src/indicators/lanes/), a layer native/ may
// not import: the indicators register them here when they load, and
// `tsKernels.declaredInto` runs them.

/**
 * One bar of one declared indicator for all its lanes: `p` its kernel
 * parameters, `s` its state, `c0..c3` the input columns (asset `a` at
 * `o + a`), `u0..u3` 10^scale per asset id of each input.
 */
export type LaneLoop = (
  p: Float64Array,
  s: Float64Array,
  c0: Float64Array,
  c1: Float64Array,
  c2: Float64Array,
  c3: Float64Array,
  o: number,
  assets: Int32Array,
  u0: Float64Array,
  u1: Float64Array,
  u2: Float64Array,
  u3: Float64Array,
  ring: Float64Array,
  head: Int32Array,
  filled: Int32Array,
  stamp: Int32Array,
  latest: Float64Array,
  H: number,
  bar: number,
) => void;

const twins: (LaneLoop | undefined)[] = [];

/** Registers the twin of each kernel code (called once by `src/indicators/lanes/`). */
export function registerDeclaredTwins(loops: readonly (LaneLoop | undefined)[]): void {
  loops.forEach((loop, code) => {
    if (loop !== undefined) twins[code] = loop;
  });
}

/**
 * The twin of a kernel code.
 *
 * @throws RangeError for a code without a kernel
 */
export function declaredTwin(code: number): LaneLoop {
  const loop = twins[code];
  if (loop === undefined) throw new RangeError(`declared indicator kernel ${code} does not exist`);
  return loop;
}

// What every declared-indicator twin shares: the signature of a lane loop and
// the recording of a lane's values (history ring, head, count, stamp, latest),
// in the order rustybt-core's indicators/lanes.rs records them.

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

/** Records one value of a single-output indicator for lane `j`. */
export function record1(
  ring: Float64Array,
  head: Int32Array,
  filled: Int32Array,
  stamp: Int32Array,
  latest: Float64Array,
  H: number,
  L: number,
  j: number,
  bar: number,
  value: number,
): void {
  stamp[j] = bar;
  latest[j] = value;
  const slot = head[j];
  ring[slot * L + j] = value;
  head[j] = slot + 1 === H ? 0 : slot + 1;
  if (filled[j] < H) filled[j]++;
}

/** Records the first `width` values of `r` for lane `j` (output k, slot i at `(k * H + i) * L + j`). */
export function recordN(
  ring: Float64Array,
  head: Int32Array,
  filled: Int32Array,
  stamp: Int32Array,
  latest: Float64Array,
  H: number,
  L: number,
  j: number,
  bar: number,
  r: Float64Array,
  width: number,
): void {
  stamp[j] = bar;
  latest[j] = r[0];
  const slot = head[j];
  for (let k = 0; k < width; k++) ring[(k * H + slot) * L + j] = r[k];
  head[j] = slot + 1 === H ? 0 : slot + 1;
  if (filled[j] < H) filled[j]++;
}

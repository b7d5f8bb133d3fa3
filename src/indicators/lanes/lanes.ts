// What every declared-indicator kernel twin shares: the recording of a lane's values (history ring, head, count, stamp, latest),
// in the order rustybt-core's indicators/lanes.rs records them.

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

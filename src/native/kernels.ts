/**
 * One interface, two implementations: every kernel has a Rust version (the
 * addon) and a TypeScript twin, and both must return identical results.
 * Arguments are validated by the caller before they reach a kernel.
 */
export interface Kernels {
  /** `a + b`: the smallest possible crossing, used to price one native call. */
  rustSum(a: number, b: number): number;
  /**
   * CRC-32 (IEEE 802.3, zlib's) of `bytes` continuing from `crc` (0 to start).
   * The Rust kernel folds with carry-less multiplication; the twin is Node's
   * `zlib.crc32`: the same standard value either way.
   */
  crc32Update(bytes: Uint8Array, crc: number): number;
  /** Left-to-right sum of a column. */
  sumFloat64(values: Float64Array): number;
  /** Trailing-window mean of `values` written into `out` (same length, no overlap). */
  rollingMeanInto(values: Float64Array, window: number, out: Float64Array): void;
  /**
   * Exact decimal mark-to-market of sids `from..count` in place (see
   * `markDecimal` in `src/numeric/`). Returns the first sid it hands back
   * (left untouched: its value leaves ±2^53 units or needs a path the kernel
   * lacks), or -1 when all are done. The TypeScript twin never hands back.
   */
  markDecimalInto(
    prices: Float64Array,
    quantity: Float64Array,
    lastPrice: Float64Array,
    marketValue: Float64Array,
    shift: Int32Array,
    from: number,
    count: number,
    mode: number,
  ): number;
  /**
   * One bar of a declared SMA(`period`) for every lane (the layout of the
   * indicators' `DeclaredIndicator`): lane j reads `x[offset + assets[j]]`
   * (skipped when NaN) at `units[assets[j]]`, advances its running sum in
   * `state` (count, position, sum, then the window, each `lanes` long), and
   * records the mean in `ring` (slot-major, `history` slots), `head`,
   * `filled`, `stamp` (= `bar`) and `latest`.
   */
  declaredSmaInto(
    state: Float64Array,
    period: number,
    x: Float64Array,
    offset: number,
    assets: Int32Array,
    units: Float64Array,
    ring: Float64Array,
    head: Int32Array,
    filled: Int32Array,
    stamp: Int32Array,
    latest: Float64Array,
    history: number,
    bar: number,
  ): void;
  /**
   * One bar of a declared indicator for every lane, for the kernel `kind`
   * (a code of the indicators' `KERNEL_CODES`) with its `params`: the same
   * layout and lane rules as {@link Kernels.declaredSmaInto}, the inputs
   * `c0..c3` in the spec's input order (lane j reads `ck[offset + assets[j]]`;
   * a NaN in any input skips the lane), input k in `volumeUnits` when bit k of
   * `volumeInputs` is set and in `priceUnits` otherwise. Output k of slot i
   * lands at `ring[(k * history + i) * lanes + j]`, the first output in `latest`.
   */
  declaredInto(
    kind: number,
    params: Float64Array,
    state: Float64Array,
    c0: Float64Array,
    c1: Float64Array,
    c2: Float64Array,
    c3: Float64Array,
    offset: number,
    assets: Int32Array,
    priceUnits: Float64Array,
    volumeUnits: Float64Array,
    volumeInputs: number,
    ring: Float64Array,
    head: Int32Array,
    filled: Int32Array,
    stamp: Int32Array,
    latest: Float64Array,
    history: number,
    bar: number,
  ): void;
  /**
   * One bar of a signal (the layout of the indicators' `IndicatorComparison`):
   * for compared asset i (sid `sids[i]`) whose lanes `lanesA[i]` and
   * `lanesB[i]` were both stamped `bar`, the relation of `latestA` to
   * `latestB` (to `level` when `constant`) — 1 above, -1 below, 0 tie, 2 none
   * (NaN) — replaces `relation[i]`; a change to above from below or a tie
   * appends the sid to `up` (and sets `upMember[sid]`), to below from above
   * or a tie to `down`. The lists start empty; their lengths go to `counts`.
   */
  compareLanesInto(
    sids: Int32Array,
    lanesA: Int32Array,
    lanesB: Int32Array,
    stampA: Int32Array,
    latestA: Float64Array,
    stampB: Int32Array,
    latestB: Float64Array,
    level: number,
    constant: boolean,
    bar: number,
    relation: Int8Array,
    up: Int32Array,
    upMember: Uint8Array,
    down: Int32Array,
    downMember: Uint8Array,
    counts: Int32Array,
  ): void;
}

/**
 * A set of asset ids (sids) produced by the indicator batch for one bar, in
 * ascending order, in a buffer reused from bar to bar: read it in the bar it
 * was returned for; the next `update` overwrites it. Nothing is allocated per
 * bar. Loop with an index for speed (`for-of` works too, with an iterator):
 *
 * @example
 * const up = ctx.indicators.crossovers('fast', 'slow');
 * for (let i = 0; i < up.length; i++) ctx.order(ctx.asset(up.sids[i]), 10);
 */
export class SidList {
  /** Backing array: entries `0 .. length - 1` are this bar's sids; the rest is stale. */
  readonly sids: Int32Array;
  private count = 0;
  private readonly member: Uint8Array;

  /**
   * @param capacity - the most sids the list can hold
   * @param assetCount - sids run from 0 to assetCount - 1
   */
  constructor(capacity: number, assetCount: number) {
    this.sids = new Int32Array(capacity);
    this.member = new Uint8Array(assetCount);
  }

  /** Number of sids in the list. */
  get length(): number {
    return this.count;
  }

  /** The i-th sid (ascending order); undefined past the end. */
  at(i: number): number | undefined {
    return i >= 0 && i < this.count ? this.sids[i] : undefined;
  }

  /** Whether `sid` is in the list: O(1). */
  has(sid: number): boolean {
    return sid >= 0 && sid < this.member.length && this.member[sid] === 1;
  }

  /** A copy of the sids, for keeping beyond this bar. */
  toArray(): number[] {
    return Array.from(this.sids.subarray(0, this.count));
  }

  /** Iterates the sids in ascending order. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (let i = 0; i < this.count; i++) yield this.sids[i];
  }

  /**
   * Empties the list (O(length)); the batch calls this each bar.
   *
   * @internal
   */
  clear(): void {
    const { sids, member } = this;
    for (let i = 0; i < this.count; i++) member[sids[i]] = 0;
    this.count = 0;
  }

  /**
   * The membership flags by sid, for a kernel that appends sids in place
   * (then {@link setLength}).
   *
   * @internal
   */
  get members(): Uint8Array {
    return this.member;
  }

  /**
   * Takes the first `n` entries of {@link sids} as the list, after a kernel
   * wrote them and their membership flags.
   *
   * @internal
   */
  setLength(n: number): void {
    this.count = n;
  }

  /**
   * Appends a sid; the batch appends in ascending order, each sid once.
   *
   * @internal
   */
  push(sid: number): void {
    this.sids[this.count++] = sid;
    this.member[sid] = 1;
  }
}

import type { DeclaredIndicator } from './declared.js';
import { kernels } from '../native/backend.js';
import { SidList } from './sid-list.js';

/**
 * The primary output of one declared indicator compared with another's (or
 * with a constant level) for every asset both are declared for, kept up to
 * date by the batch on every bar: which assets crossed up or down on this
 * bar, and which are above or below. Get one from
 * {@link IndicatorBatch.compare} (or use the batch's `crossovers`,
 * `crossunders`, `above`, `below`).
 *
 * On bar t an asset crosses up when `a > b` on its bar t and `a <= b` on its
 * previous bar (each indicator's own previous value for the asset), and only
 * when the asset had a bar at t for both indicators: an asset without a bar
 * raises no event. Values after bar t are never read (no look-ahead). NaN
 * (warm-up) never compares. The lists are {@link SidList}s reused from bar
 * to bar: valid until the next update.
 */
export class IndicatorComparison {
  /** Name of the first indicator. */
  readonly a: string;
  /** Name of the second indicator, or the constant level. */
  readonly b: string | number;
  /** Sids that crossed above on the latest bar, ascending. */
  readonly crossovers: SidList;
  /** Sids that crossed below on the latest bar, ascending. */
  readonly crossunders: SidList;
  private readonly first: DeclaredIndicator;
  private readonly second: DeclaredIndicator | undefined;
  private readonly level: number;
  private readonly sids: Int32Array;
  private readonly lanesA: Int32Array;
  private readonly lanesB: Int32Array;
  /** Per compared asset: a vs b on their latest common bar, ABOVE / BELOW / TIE / NONE. */
  private readonly relation: Int8Array;
  private readonly aboveList: SidList;
  private readonly belowList: SidList;
  private bar = -1;
  private listsAt = -2;
  /** The crossings' list lengths, written by the kernel. */
  private readonly counts = new Int32Array(2);

  /**
   * Use {@link IndicatorBatch.compare}. `lastBar` is the batch's latest bar
   * number (-1 before any): the relations start from the values recorded so far.
   */
  constructor(
    first: DeclaredIndicator,
    second: DeclaredIndicator | number,
    assetCount: number,
    lastBar: number,
  ) {
    this.first = first;
    this.a = first.name;
    this.second = typeof second === 'number' ? undefined : second;
    this.b = typeof second === 'number' ? second : second.name;
    this.level = typeof second === 'number' ? second : NaN;
    const common: number[] = [];
    for (const sid of first.assets) {
      if (this.second === undefined || this.second.laneOf(sid) >= 0) common.push(sid);
    }
    common.sort((x, y) => x - y);
    this.sids = Int32Array.from(common);
    this.lanesA = Int32Array.from(common, (sid) => first.laneOf(sid));
    this.lanesB = Int32Array.from(common, (sid) => this.second?.laneOf(sid) ?? 0);
    const n = common.length;
    this.relation = new Int8Array(n).fill(NONE);
    this.crossovers = new SidList(n, assetCount);
    this.crossunders = new SidList(n, assetCount);
    this.aboveList = new SidList(n, assetCount);
    this.belowList = new SidList(n, assetCount);
    if (lastBar >= 0) this.catchUp(lastBar);
  }

  /** Sids (ascending) whose `a` is above `b` on their latest values. */
  above(): SidList {
    this.lists();
    return this.aboveList;
  }

  /** Sids (ascending) whose `a` is below `b` on their latest values. */
  below(): SidList {
    this.lists();
    return this.belowList;
  }

  /** The assets compared: declared for both indicators, ascending. */
  get assets(): Int32Array {
    return this.sids;
  }

  /**
   * Updates the relations of the assets that had bar `barNumber` for both
   * indicators and lists the crossings (the batch calls this after updating
   * every indicator): O(assets compared), no allocation, one kernel call
   * (Rust when the addon is in use).
   *
   * @internal
   */
  evaluate(barNumber: number): void {
    this.bar = barNumber;
    const up = this.crossovers;
    const down = this.crossunders;
    up.clear();
    down.clear();
    const B = this.second;
    const constant = B === undefined;
    const counts = this.counts;
    kernels().compareLanesInto(
      this.sids,
      this.lanesA,
      this.lanesB,
      this.first.stamp,
      this.first.latest,
      constant ? this.first.stamp : B.stamp,
      constant ? this.first.latest : B.latest,
      this.level,
      constant,
      barNumber,
      this.relation,
      up.sids,
      up.members,
      down.sids,
      down.members,
      counts,
    );
    up.setLength(counts[0]);
    down.setLength(counts[1]);
  }

  /** The arrays a {@link DeclaredPlan} hands to the native core (read and written there each bar). */
  get planned(): {
    first: DeclaredIndicator;
    second: DeclaredIndicator | undefined;
    level: number;
    sids: Int32Array;
    lanesA: Int32Array;
    lanesB: Int32Array;
    relation: Int8Array;
  } {
    const { first, second, level, sids, lanesA, lanesB, relation } = this;
    return { first, second, level, sids, lanesA, lanesB, relation };
  }

  /**
   * Takes the lists a plan wrote for bar `barNumber` (their sids and flags
   * are already in place; `up` and `down` are their lengths).
   */
  settle(barNumber: number, up: number, down: number): void {
    this.bar = barNumber;
    this.crossovers.setLength(up);
    this.crossunders.setLength(down);
  }

  /**
   * Forgets the relation of one asset (or all): after a reset of an indicator
   * it has no previous value to cross from.
   *
   * @internal
   */
  forget(asset?: number): void {
    this.listsAt = -2;
    if (asset === undefined) {
      this.relation.fill(NONE);
      return;
    }
    const i = this.sids.indexOf(asset);
    if (i >= 0) this.relation[i] = NONE;
  }

  /** Relations from the recorded values, then the crossings of bar `lastBar`. */
  private catchUp(lastBar: number): void {
    const { first: A, second: B, sids, lanesA, lanesB, level, relation } = this;
    for (let i = 0; i < sids.length; i++) {
      const la = lanesA[i];
      const lb = lanesB[i];
      const both = A.stamp[la] === lastBar && (B === undefined || B.stamp[lb] === lastBar);
      // Lanes of the latest bar start from their previous values and get evaluated.
      const ago = both ? 1 : 0;
      relation[i] = relationOf(A.at(sids[i], ago), B === undefined ? level : B.at(sids[i], ago));
    }
    this.evaluate(lastBar);
  }

  private lists(): void {
    if (this.listsAt === this.bar) return;
    this.listsAt = this.bar;
    const above = this.aboveList;
    const below = this.belowList;
    above.clear();
    below.clear();
    const { sids, relation } = this;
    for (let i = 0; i < sids.length; i++) {
      const r = relation[i];
      if (r === ABOVE) above.push(sids[i]);
      else if (r === BELOW) below.push(sids[i]);
    }
  }
}

const ABOVE = 1;
const BELOW = -1;
const TIE = 0;
const NONE = 2;

/** a vs b: ABOVE, BELOW, TIE, or NONE when either is NaN. */
function relationOf(a: number, b: number): number {
  return a > b ? ABOVE : a < b ? BELOW : a === b ? TIE : NONE;
}

import type { DeclaredIndicator } from './declared.js';
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
  private readonly aboveList: SidList;
  private readonly belowList: SidList;
  private bar = -1;
  private relationsAt = -2;

  /** Use {@link IndicatorBatch.compare}. */
  constructor(first: DeclaredIndicator, second: DeclaredIndicator | number, assetCount: number) {
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
    this.lanesB = Int32Array.from(common, (sid) => this.second?.laneOf(sid) ?? -1);
    const n = common.length;
    this.crossovers = new SidList(n, assetCount);
    this.crossunders = new SidList(n, assetCount);
    this.aboveList = new SidList(n, assetCount);
    this.belowList = new SidList(n, assetCount);
  }

  /** Sids (ascending) whose `a` is above `b` on their latest values. */
  above(): SidList {
    this.relations();
    return this.aboveList;
  }

  /** Sids (ascending) whose `a` is below `b` on their latest values. */
  below(): SidList {
    this.relations();
    return this.belowList;
  }

  /** The assets compared: declared for both indicators, ascending. */
  get assets(): Int32Array {
    return this.sids;
  }

  /**
   * Recomputes the crossing lists for bar `barNumber` (the batch calls this
   * after updating every indicator): O(assets compared), no allocation.
   */
  evaluate(barNumber: number): void {
    this.bar = barNumber;
    const up = this.crossovers;
    const down = this.crossunders;
    up.clear();
    down.clear();
    const A = this.first;
    const B = this.second;
    const { sids, lanesA, lanesB, level } = this;
    const stampA = A.stamp;
    const stampB = B === undefined ? stampA : B.stamp;
    for (let i = 0; i < sids.length; i++) {
      const la = lanesA[i];
      if (stampA[la] !== barNumber) continue;
      const lb = lanesB[i];
      if (B !== undefined && stampB[lb] !== barNumber) continue;
      const a0 = primary(A, la, 0);
      const a1 = primary(A, la, 1);
      const b0 = B === undefined ? level : primary(B, lb, 0);
      const b1 = B === undefined ? level : primary(B, lb, 1);
      if (a0 > b0) {
        if (a1 <= b1) up.push(sids[i]);
      } else if (a0 < b0 && a1 >= b1) {
        down.push(sids[i]);
      }
    }
  }

  /** Forgets the cached above/below lists (after a reset changed values mid-bar). */
  invalidate(): void {
    this.relationsAt = -2;
  }

  private relations(): void {
    if (this.relationsAt === this.bar) return;
    this.relationsAt = this.bar;
    const above = this.aboveList;
    const below = this.belowList;
    above.clear();
    below.clear();
    const { first: A, second: B, sids, lanesA, lanesB, level } = this;
    for (let i = 0; i < sids.length; i++) {
      const a0 = primary(A, lanesA[i], 0);
      const b0 = B === undefined ? level : primary(B, lanesB[i], 0);
      if (a0 > b0) above.push(sids[i]);
      else if (a0 < b0) below.push(sids[i]);
    }
  }
}

/** The primary output `ago` (0 or 1) bars back for one lane, NaN when not recorded. */
function primary(d: DeclaredIndicator, lane: number, ago: number): number {
  if (ago >= d.filled[lane]) return NaN;
  const H = d.historyLength;
  let slot = d.head[lane] - 1 - ago;
  if (slot < 0) slot += H;
  return d.ring[slot * d.assets.length + lane];
}

import { DataError } from '../../errors/index.js';
import { kernels } from '../../native/backend.js';
import type { BarFrame } from '../bar-frame.js';
import type { StoredField } from './bar-field.js';

// Laying frames (asset-major, one per asset) into the bar store's bar-major columns, checking
// every bar once: in the Rust core when the addon is loaded, else here.

/** The Rust core's laying of one group (`lay_bar_group` in rustybt-node). */
export interface LayingKernel {
  layBarGroup(
    timeline: Float64Array,
    frames: Float64Array[],
    cursor: Int32Array,
    s0: number,
    assets: number,
    store: Float64Array[],
    hasBar: Uint8Array,
    firstBar: Int32Array,
  ): boolean;
}

/** The laying tests chose (`null`: TypeScript only), or undefined: the active backend's. */
let chosen: LayingKernel | null | undefined;

/** The Rust core's laying, when the active backend has it. */
function layingKernel(): LayingKernel | undefined {
  if (chosen !== undefined) return chosen ?? undefined;
  const active = kernels() as Partial<LayingKernel>;
  return typeof active.layBarGroup === 'function' ? (active as LayingKernel) : undefined;
}

/**
 * Tests: lay with `kernel`, with TypeScript only (`null`), or as the active backend says
 * (`undefined`).
 */
export function chooseLayingKernel(kernel: LayingKernel | null | undefined): void {
  chosen = kernel;
}

/** Lays `group` with the Rust core: false when it refused a bar (nothing to trust then). */
function layNatively(
  kernel: LayingKernel,
  group: LayingGroup,
  timeline: Float64Array,
  count: number,
  laid: LaidBars,
): boolean {
  const frames: Float64Array[] = [];
  for (let k = 0; k < group.s1 - group.s0; k++) {
    frames.push(
      group.stamps[k],
      group.open[k],
      group.high[k],
      group.low[k],
      group.close[k],
      group.volume[k],
    );
  }
  const { open, high, low, close, volume } = laid.units;
  return kernel.layBarGroup(
    timeline,
    frames,
    group.cursor,
    group.s0,
    count,
    [open, high, low, close, volume],
    laid.hasBar,
    laid.firstBar,
  );
}

/** What `layFrames` builds: the bar-major columns, which bars exist, each asset's first bar. */
export interface LaidBars {
  units: Record<StoredField, Float64Array>;
  hasBar: Uint8Array;
  firstBar: Int32Array;
}

/** Runs `layFrames` to the end without pausing. */
export function layAll(laying: Generator<void, LaidBars>): LaidBars {
  for (;;) {
    const step = laying.next();
    if (step.done === true) return step.value;
  }
}

/** Bars and assets per tile of `layFrames`. */
const TILE = 64;

const EMPTY = new Float64Array(0);

/**
 * Lays the frames (asset-major) into bar-major columns: a transposition, done
 * in tiles of TILE bars × TILE assets so that the frames' values read and the
 * columns' values written in a tile stay in cache and in the TLB (one asset at
 * a time writes with a stride of the asset count and misses on every value;
 * one bar at a time touches a page per asset and field). Groups of assets
 * are laid one after another, pausing (a `yield`) after each, so that
 * `release` can clear each group's frames before the next is read.
 */
export function* layFrames(
  frames: readonly BarFrame[],
  timeline: Float64Array,
  release: boolean,
): Generator<void, LaidBars> {
  const bars = timeline.length;
  const count = frames.length;
  const size = count * bars;
  const laid: LaidBars = {
    units: {
      open: new Float64Array(size),
      high: new Float64Array(size),
      low: new Float64Array(size),
      close: new Float64Array(size),
      volume: new Float64Array(size),
    },
    hasBar: new Uint8Array(size),
    firstBar: new Int32Array(count).fill(bars),
  };
  const last = timeline[bars - 1];
  const group = new LayingGroup();
  const native = layingKernel();
  // Asset groups outermost: a group's frames are read when it starts (a bundle's frames read
  // their files then) and done with once its tiles are laid (released if handed over).
  for (let s0 = 0; s0 < count; s0 += TILE) {
    const s1 = Math.min(s0 + TILE, count);
    group.take(frames, s0, s1, timeline[0]);
    // The Rust core lays the group when it can; a group it refuses is laid again here, which
    // throws the error that names the bar (the same on either core).
    if (native === undefined || !layNatively(native, group, timeline, count, laid)) {
      group.take(frames, s0, s1, timeline[0]);
      layGroup(group, frames, timeline, laid);
    }
    for (let sid = s0; sid < s1; sid++) {
      // A bar between the last two timeline entries (or after the last one inside its session) is not laid.
      const stamps = group.stamps[sid - s0];
      const i = group.cursor[sid - s0];
      if (i < stamps.length && stamps[i] <= last) notOnTimeline(frames[sid], stamps[i]);
      if (release) (frames as (BarFrame | undefined)[])[sid] = undefined;
    }
    group.clear();
    yield;
  }
  return laid;
}

/**
 * The columns of the group of assets `layGroup` lays, read from their frames once (a
 * bundle's frame reads them through getters, which the loop would otherwise call for every
 * bar), and each asset's next bar to lay.
 */
class LayingGroup {
  s0 = 0;
  s1 = 0;
  readonly stamps = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly open = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly high = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly low = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly close = new Array<Float64Array>(TILE).fill(EMPTY);
  readonly volume = new Array<Float64Array>(TILE).fill(EMPTY);
  /** Per asset of the group: the next bar of its frame to lay, past those before the timeline. */
  readonly cursor = new Int32Array(TILE);

  take(frames: readonly BarFrame[], s0: number, s1: number, first: number): void {
    this.s0 = s0;
    this.s1 = s1;
    for (let sid = s0; sid < s1; sid++) {
      const frame = frames[sid];
      const k = sid - s0;
      const stamps = frame.timestamps;
      this.stamps[k] = stamps;
      this.open[k] = frame.open;
      this.high[k] = frame.high;
      this.low[k] = frame.low;
      this.close[k] = frame.close;
      this.volume[k] = frame.volume;
      let i = 0;
      while (i < stamps.length && stamps[i] < first) i++;
      this.cursor[k] = i;
    }
  }

  /** Lets go of the group's columns (released frames can then be collected). */
  clear(): void {
    for (const columns of [this.stamps, this.open, this.high, this.low, this.close, this.volume]) {
      columns.fill(EMPTY);
    }
  }
}

/**
 * Lays one group's bars, tile by tile: a plain function (not the generator), which V8
 * optimizes while it runs; a generator's loop stays in the interpreter.
 */
function layGroup(
  group: LayingGroup,
  frames: readonly BarFrame[],
  timeline: Float64Array,
  laid: LaidBars,
): void {
  const { open, high, low, close, volume } = laid.units;
  const { hasBar, firstBar } = laid;
  const { s0, s1, stamps, cursor } = group;
  const bars = timeline.length;
  const count = frames.length;
  for (let t0 = 0; t0 < bars; t0 += TILE) {
    const t1 = Math.min(t0 + TILE, bars);
    for (let t = t0; t < t1; t++) {
      const time = timeline[t];
      for (let sid = s0, at = t * count + s0; sid < s1; sid++, at++) {
        const k = sid - s0;
        const i = cursor[k];
        const stamp = i < stamps[k].length ? stamps[k][i] : Infinity;
        if (stamp === time) {
          const o = group.open[k][i];
          const h = group.high[k][i];
          const l = group.low[k][i];
          const c = group.close[k][i];
          const v = group.volume[k][i];
          checkBar(frames[sid].symbol, time, o, h, l, c, v);
          open[at] = o;
          high[at] = h;
          low[at] = l;
          close[at] = c;
          volume[at] = v;
          hasBar[at] = 1;
          if (firstBar[sid] === bars) firstBar[sid] = t;
          cursor[k] = i + 1;
        } else {
          if (stamp < time) notOnTimeline(frames[sid], stamp);
          open[at] = NaN;
          high[at] = NaN;
          low[at] = NaN;
          close[at] = NaN;
          volume[at] = NaN;
        }
      }
    }
  }
}

function notOnTimeline(frame: BarFrame, time: number): never {
  throw new DataError(
    `${frame.symbol} has a ${frame.frequency} bar at ${new Date(time).toISOString()} that is not on the timeline; validate the data against the calendar.`,
  );
}

/** A bar the engine can fill against: safe integer units, positive prices, low ≤ open, close ≤ high, volume ≥ 0. */
function checkBar(
  symbol: string,
  time: number,
  o: number,
  h: number,
  l: number,
  c: number,
  v: number,
): void {
  if (
    Number.isSafeInteger(o) &&
    Number.isSafeInteger(h) &&
    Number.isSafeInteger(l) &&
    Number.isSafeInteger(c) &&
    Number.isSafeInteger(v) &&
    l > 0 &&
    l <= o &&
    l <= c &&
    h >= o &&
    h >= c &&
    v >= 0
  ) {
    return;
  }
  throw new DataError(
    `Bad bar for ${symbol} at ${new Date(time).toISOString()}: open ${o} high ${h} low ${l} close ${c} volume ${v} (units); prices must be positive integers with low <= open, close <= high and volume >= 0.`,
  );
}

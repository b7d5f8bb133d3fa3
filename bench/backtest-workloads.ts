// Workloads of `npm run bench -- backtest`: seeded synthetic bars of fixed shape and the
// strategies measured on them. Used by the benchmark's child processes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCalendar } from '../src/calendar/index.js';
import { writeBundle } from '../src/data/bundles/index.js';
import { sessionFromDate } from '../src/assets/session-date.js';
import type { BarFrame } from '../src/data/bar-frame.js';
import type { Asset } from '../src/assets/index.js';
import type { AlgorithmStrategy, DataFrequency } from '../src/engine/algorithm/run-options.js';
import { buildTimeline } from '../src/engine/algorithm/timeline.js';
import { indicatorRotation } from '../src/bench/scenarios/indicator-rotation.js';
import { sma } from '../src/indicators/index.js';

/** The strategies measured. */
export type WorkloadStrategy = 'noop' | 'smaSignals' | 'smaHistory' | 'complex';

/** One shape of market: frequency, calendar, range, asset class and scales. */
export interface MarketShape {
  name: string;
  frequency: DataFrequency;
  calendar: 'XNYS' | '24/7';
  start: string;
  end: string;
  assetClass: 'equity' | 'crypto';
  priceScale: number;
  volumeScale: number;
}

/** W: every XNYS minute bar of 2024, equities at 2/0. */
export const MINUTE_2024: MarketShape = {
  name: 'minute XNYS 2024',
  frequency: 'minute',
  calendar: 'XNYS',
  start: '2024-01-02',
  end: '2024-12-31',
  assetClass: 'equity',
  priceScale: 2,
  volumeScale: 0,
};

/** The grid's shapes: daily 2 y XNYS equities; hourly 6 months and minute 1 month of 24/7 crypto at 8+8. */
export const GRID_SHAPES: readonly MarketShape[] = [
  {
    name: 'daily',
    frequency: 'daily',
    calendar: 'XNYS',
    start: '2023-01-03',
    end: '2024-12-31',
    assetClass: 'equity',
    priceScale: 2,
    volumeScale: 0,
  },
  {
    name: 'hourly',
    frequency: 'hourly',
    calendar: '24/7',
    start: '2024-01-01',
    end: '2024-06-30',
    assetClass: 'crypto',
    priceScale: 8,
    volumeScale: 8,
  },
  {
    name: 'minute',
    frequency: 'minute',
    calendar: '24/7',
    start: '2024-01-01',
    end: '2024-01-31',
    assetClass: 'crypto',
    priceScale: 8,
    volumeScale: 8,
  },
];

const FREQUENCY = { daily: '1d', hourly: '1h', minute: '1m' } as const;

/**
 * Seeded synthetic bars on the shape's own timeline: an integer random walk (open = the
 * previous close, high and low a few ticks outside), written straight into the columns.
 */
export function syntheticFrames(
  shape: MarketShape,
  assets: number,
  seed: number,
): { frames: BarFrame[]; barsPerAsset: number } {
  const calendar = getCalendar(shape.calendar);
  const timeline = buildTimeline(
    calendar,
    sessionFromDate(shape.start, 'start'),
    sessionFromDate(shape.end, 'end'),
    FREQUENCY[shape.frequency],
  );
  const n = timeline.bars.length;
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  // A tick of one cent in units of the price scale; volumes in whole units at the volume scale.
  const tick = 10 ** (shape.priceScale - 2);
  const lot = 10 ** shape.volumeScale;
  const frames: BarFrame[] = [];
  for (let a = 0; a < assets; a++) {
    const open = new Float64Array(n);
    const high = new Float64Array(n);
    const low = new Float64Array(n);
    const close = new Float64Array(n);
    const volume = new Float64Array(n);
    let price = 5_000 + (next() % 15_000);
    for (let t = 0; t < n; t++) {
      const r = next();
      const o = price;
      price = Math.max(100, price + ((r & 7) - 3));
      open[t] = o * tick;
      close[t] = price * tick;
      high[t] = (Math.max(o, price) + ((r >>> 3) & 3)) * tick;
      low[t] = (Math.min(o, price) - ((r >>> 5) & 3)) * tick;
      volume[t] = (100 + ((r >>> 7) & 1023)) * lot;
    }
    frames.push({
      symbol: shape.assetClass === 'crypto' ? `C${a}/USDT` : `S${String(a).padStart(3, '0')}`,
      frequency: FREQUENCY[shape.frequency],
      timestamps: timeline.bars,
      priceScale: shape.priceScale,
      open,
      high,
      low,
      close,
      volumeScale: shape.volumeScale,
      volume,
    });
  }
  return { frames, barsPerAsset: n };
}

const FAST = 10;
const SLOW = 30;

/** A strategy by name. */
export function workloadStrategy(name: WorkloadStrategy): AlgorithmStrategy {
  switch (name) {
    case 'noop':
      return { initialize() {}, handleData() {} };
    case 'smaSignals':
      return smaSignals();
    case 'smaHistory':
      return smaHistory();
    case 'complex':
      return indicatorRotation();
  }
}

/**
 * SMA(10)/SMA(30) declared for every asset; each bar the strategy touches only the
 * assets in the signal lists: 10 shares (0.01 of a coin) on a cross up, out on a cross down.
 */
function smaSignals(): AlgorithmStrategy {
  let entry: number | string = 10;
  return {
    initialize(ctx) {
      const assets = ctx.allAssets();
      ctx.indicator('fast', sma(FAST), assets);
      ctx.indicator('slow', sma(SLOW), assets);
      entry = assets[0].assetClass === 'crypto' ? '0.01' : 10;
    },
    handleData(ctx) {
      const up = ctx.indicators.crossovers('fast', 'slow');
      for (let i = 0; i < up.length; i++) ctx.order(ctx.sid(up.sids[i]), entry);
      const down = ctx.indicators.crossunders('fast', 'slow');
      for (let i = 0; i < down.length; i++) ctx.orderTarget(ctx.sid(down.sids[i]), 0);
    },
  };
}

/**
 * The same crossover from `data.history` windows: the fast and slow means of every asset
 * every bar, ±10 shares on each cross.
 */
function smaHistory(): AlgorithmStrategy {
  let assets: Asset[] = [];
  let long = new Uint8Array(0);
  return {
    initialize(ctx) {
      assets = ctx.allAssets();
      long = new Uint8Array(assets.length);
    },
    handleData(ctx, data) {
      for (let k = 0; k < assets.length; k++) {
        const closes = data.history(assets[k], 'close', SLOW);
        if (Number.isNaN(closes[0])) continue;
        let slow = 0;
        for (let i = 0; i < SLOW - FAST; i++) slow += closes[i];
        let fast = 0;
        for (let i = SLOW - FAST; i < SLOW; i++) fast += closes[i];
        slow = (slow + fast) / SLOW;
        fast /= FAST;
        if (fast > slow && long[k] === 0) {
          ctx.order(assets[k], 10);
          long[k] = 1;
        } else if (fast < slow && long[k] === 1) {
          ctx.order(assets[k], -10);
          long[k] = 0;
        }
      }
    },
  };
}

/**
 * The bundle holding a workload's bars, written once under the system's temp
 * directory (reused while its manifest is there): a run then loads the bars
 * as a user's run from an ingested bundle does.
 */
export async function benchBundle(
  shape: MarketShape,
  assets: number,
  seed: number,
): Promise<{ name: string; home: string; barsPerAsset: number }> {
  const home = join(tmpdir(), 'rustybt-bench-home');
  const name = `bench-${shape.frequency}-${shape.start}-${shape.end}-${assets}-${seed}`;
  const done = join(home, 'bundles', name, 'bench-bars-per-asset');
  if (existsSync(done)) return { name, home, barsPerAsset: Number(readFileSync(done, 'utf8')) };
  process.stderr.write(`writing the workload's bundle ${name} under ${home} (once)\n`);
  const { frames, barsPerAsset } = syntheticFrames(shape, assets, seed);
  await writeBundle(name, { frames }, { home });
  writeFileSync(done, String(barsPerAsset));
  return { name, home, barsPerAsset };
}

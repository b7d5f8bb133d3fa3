// Workloads of `rustybt bench` and `npm run bench -- backtest`: seeded synthetic bars of
// fixed shape and the strategies measured on them, built inside each measuring child process.
import { getCalendar } from '../calendar/index.js';
import { sessionFromDate } from '../assets/session-date.js';
import type { BarFrame } from '../data/bar-frame.js';
import type { AlgorithmStrategy, DataFrequency } from '../engine/algorithm/run-options.js';
import { buildTimeline } from '../engine/algorithm/timeline.js';
import { indicatorRotation } from './scenarios/indicator-rotation.js';
import { smaHistory, smaSignals } from './scenarios/sma-signals.js';

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

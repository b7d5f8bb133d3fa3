// The workloads of the peer benchmark: shapes of src/bench/workloads.ts at a few sizes.
import { GRID_SHAPES, type MarketShape } from '../../src/bench/workloads.js';

/** One workload: a market shape, how many symbols, the starting cash. */
export interface PeerWorkload {
  name: string;
  shape: MarketShape;
  assets: number;
  capitalBase: number;
}

/** The seed of every workload's bars (the one `npm run bench -- backtest` uses). */
export const SEED = 20240102;

const DAILY = GRID_SHAPES.find((s) => s.name === 'daily')!;

/** January 2024 of XNYS minute bars: equities in cents, so every engine trades whole shares. */
const MINUTE_MONTH: MarketShape = {
  name: 'minute XNYS 2024-01',
  frequency: 'minute',
  calendar: 'XNYS',
  start: '2024-01-02',
  end: '2024-01-31',
  assetClass: 'equity',
  priceScale: 2,
  volumeScale: 0,
};

/** The workloads, smallest first. */
export const PEER_WORKLOADS: readonly PeerWorkload[] = [
  { name: 'daily-50', shape: DAILY, assets: 50, capitalBase: 100_000 },
  { name: 'minute-10', shape: MINUTE_MONTH, assets: 10, capitalBase: 100_000 },
  { name: 'daily-500', shape: DAILY, assets: 500, capitalBase: 1_000_000 },
  { name: 'minute-100', shape: MINUTE_MONTH, assets: 100, capitalBase: 1_000_000 },
];

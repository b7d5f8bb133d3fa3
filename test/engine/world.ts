// Shared set-up for engine tests: an AssetFinder with a few assets and a ledger per mode.
import { AssetFinder } from '../../src/assets/index.js';
import type { Asset } from '../../src/assets/index.js';
import { allocateBarInput, type BarInput } from '../../src/engine/blotter/index.js';
import {
  SimulatedAccount,
  type SimulatedAccountOptions,
} from '../../src/engine/simulated-account.js';
import { PerTradeCommission } from '../../src/engine/commission/index.js';
import { Ledger } from '../../src/engine/ledger/index.js';
import { NoSlippage } from '../../src/engine/slippage/index.js';
import {
  decimalConfig,
  numericFor,
  type DecimalConfigInput,
  type NumericMode,
} from '../../src/numeric/index.js';

export interface World {
  assets: AssetFinder;
  aapl: Asset;
  msft: Asset;
  btc: Asset;
}

/** Two equities (price scale 2) quoted in USD, one crypto pair quoted in USDT. */
export function world(config: DecimalConfigInput = {}): World {
  const assets = new AssetFinder(
    decimalConfig({ assetClasses: { equity: { price: 2, quantity: 0 } }, ...config }),
  );
  const aapl = assets.add({
    assetClass: 'equity',
    symbol: 'AAPL',
    exchange: 'NASDAQ',
    quoteCurrency: 'USD',
    startDate: '2020-01-01',
    endDate: '2030-12-31',
  });
  const msft = assets.add({
    assetClass: 'equity',
    symbol: 'MSFT',
    exchange: 'NASDAQ',
    quoteCurrency: 'USD',
    startDate: '2020-01-01',
    endDate: '2030-12-31',
  });
  const btc = assets.add({
    assetClass: 'crypto',
    symbol: 'BTC/USDT',
    exchange: 'binance',
    quoteCurrency: 'USDT',
    lotSize: '0.0001',
    startDate: '2020-01-01',
    endDate: '2030-12-31',
  });
  return { assets, aapl, msft, btc };
}

/** A USD ledger over `w` in `mode`. */
export function usdLedger(
  w: World,
  mode: NumericMode,
  startingCash: string | number = '100000',
): Ledger {
  return new Ledger({ numeric: numericFor(mode), assets: w.assets, startingCash, currency: 'USD' });
}

/** UTC epoch ms of a session date. */
export function day(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** OHLCV of one asset in units: [open, high, low, close, volume]. */
export type Ohlcv = [number, number, number, number, number];

/** A BarInput at `timestamp` for `count` assets, with bars for the sids given. */
export function barAt(timestamp: number, count: number, rows: Record<number, Ohlcv>): BarInput {
  const bar = allocateBarInput(count, timestamp);
  for (const [sid, [o, h, l, c, v]] of Object.entries(rows)) {
    const i = Number(sid);
    bar.open[i] = o;
    bar.high[i] = h;
    bar.low[i] = l;
    bar.close[i] = c;
    bar.volume[i] = v;
  }
  return bar;
}

/** Daily bar timestamps: `session(0)` is 2021-01-04, then one per day. */
export function session(i: number): number {
  return day('2021-01-04') + i * 86_400_000;
}

/** A USD broker over `w` with no slippage and no commission unless given. */
export function broker(w: World, options: Partial<SimulatedAccountOptions> = {}): SimulatedAccount {
  return new SimulatedAccount({
    assets: w.assets,
    startingCash: '100000',
    currency: 'USD',
    slippage: new NoSlippage(),
    commission: new PerTradeCommission('0'),
    ...options,
  });
}

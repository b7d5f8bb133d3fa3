// Shared set-up for engine tests: an AssetFinder with a few assets and a ledger per mode.
import { AssetFinder } from '../../src/assets/index.js';
import type { Asset } from '../../src/assets/index.js';
import { Ledger } from '../../src/engine/ledger/index.js';
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

import type { AssetClass } from '../numeric/decimal-config.js';

/**
 * What a caller writes to define an asset. Dates are `YYYY-MM-DD` (UTC session
 * dates) or epoch milliseconds; sizes are decimal text or numbers.
 */
export interface AssetSpec {
  assetClass: AssetClass;
  /** Ticker or pair as the venue names it: `AAPL`, `BTC/USDT`, `EUR/USD`. */
  symbol: string;
  exchange: string;
  /** Currency prices are quoted in and cash is settled in (`USD`, `USDT`). */
  quoteCurrency: string;
  /** Smallest price increment; defaults to one unit at the price scale. */
  tickSize?: string | number;
  /** Smallest quantity increment: 1 share for equities, e.g. `0.0001` BTC for crypto. */
  lotSize?: string | number;
  /** First session the asset trades. */
  startDate: string | number;
  /** Last session the asset trades. */
  endDate: string | number;
  /** Session on which open positions are closed at the last price; defaults to `endDate`. */
  autoCloseDate?: string | number;
  /** Price scale (decimal places) overriding the asset class's scale. */
  priceScale?: number;
  /** Quantity scale (decimal places) overriding the asset class's scale. */
  quantityScale?: number;
}

/**
 * A tradable asset as the engine knows it: identity, dates, sizes and the
 * exact scales its prices, quantities and money are held at. `sid` is a dense
 * index from 0, used to address the columnar per-asset arrays of the engine.
 */
export interface Asset {
  readonly sid: number;
  readonly assetClass: AssetClass;
  readonly symbol: string;
  readonly exchange: string;
  readonly quoteCurrency: string;
  /** Tick size as decimal text. */
  readonly tickSize: string;
  /** Lot size as decimal text. */
  readonly lotSize: string;
  /** Tick size as integer units at `priceScale`. */
  readonly tickUnits: number;
  /** Lot size as integer units at `quantityScale`. */
  readonly lotUnits: number;
  /** First trading session, UTC epoch ms of 00:00. */
  readonly startDate: number;
  /** Last trading session, UTC epoch ms of 00:00. */
  readonly endDate: number;
  /** Session on which open positions are closed, UTC epoch ms of 00:00. */
  readonly autoCloseDate: number;
  readonly priceScale: number;
  readonly quantityScale: number;
  /** Money scale of `quoteCurrency`. */
  readonly moneyScale: number;
}

/** An equity (share) asset. */
export type Equity = Asset & { readonly assetClass: 'equity' };
/** A crypto pair (e.g. `BTC/USDT`): fractional lot sizes. */
export type Crypto = Asset & { readonly assetClass: 'crypto' };
/** A forex pair (e.g. `EUR/USD`) quoted in its second currency. */
export type ForexPair = Asset & { readonly assetClass: 'forex' };

/** True when `asset` trades on the session starting at `sessionMs` (UTC 00:00). */
export function isTrading(asset: Asset, sessionMs: number): boolean {
  return sessionMs >= asset.startDate && sessionMs <= asset.endDate;
}

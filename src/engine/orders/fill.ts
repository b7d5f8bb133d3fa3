import type { Asset } from '../../assets/asset.js';
import type { Money, Price, Quantity } from '../../numeric/numeric.js';

/** One execution of (part of) an order, in engine representation. */
export interface Fill {
  readonly orderId: number;
  readonly asset: Asset;
  /** Signed quantity: positive bought, negative sold. */
  readonly quantity: Quantity;
  /** Execution price after slippage. */
  readonly price: Price;
  readonly commission: Money;
  /** Start of the bar the fill happened on (epoch ms). */
  readonly timestamp: number;
  /** True when a resting limit order provided liquidity (filled at its limit, not on arrival). */
  readonly maker: boolean;
}

import type { Asset } from '../../assets/asset.js';
import type { Money, Price, Quantity } from '../../numeric/numeric.js';

/** A read-only snapshot of one position, in engine representation (see `Numeric`). */
export interface PositionView {
  readonly asset: Asset;
  /** Signed quantity: negative for a short position. */
  readonly quantity: Quantity;
  /** Total cost basis (negative for a short: the proceeds of the sale). */
  readonly costBasis: Money;
  /** Cost basis per unit at the asset's price scale. */
  readonly averageCost: Price;
  /** Last known price, NaN before any. */
  readonly lastPrice: Price;
  /** Quantity × last price. */
  readonly marketValue: Money;
  /** P&L realized on this asset so far. */
  readonly realized: Money;
  /** Market value − cost basis. */
  readonly unrealized: Money;
}

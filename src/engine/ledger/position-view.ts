import type { Asset } from '../../assets/asset.js';
import type { Money, Numeric, Price, Quantity } from '../../numeric/numeric.js';
import type { RoundingCode } from '../../numeric/unit-arithmetic.js';

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

/**
 * `costBasis / quantity` per unit at the asset's price scale, rounded with
 * `costMode` (0 when flat); `valueShift` is priceScale + quantityScale −
 * moneyScale.
 */
export function averageCostOf(
  numeric: Numeric,
  costBasis: number,
  quantity: number,
  valueShift: number,
  costMode: RoundingCode,
): Price {
  if (quantity === 0) return 0 as Price;
  return (
    quantity > 0
      ? numeric.mulDiv(costBasis, 1, quantity, -valueShift, costMode)
      : numeric.mulDiv(-costBasis, 1, -quantity, -valueShift, costMode)
  ) as Price;
}

/**
 * A position as an engine core holds it. The average cost, an exact division
 * in decimal mode, is computed when read: a run records its holdings every
 * session and never reads it there. `JSON.stringify` writes every field.
 */
export class HeldPosition implements PositionView {
  readonly #numeric: Numeric;
  readonly #valueShift: number;
  readonly #costMode: RoundingCode;

  constructor(
    readonly asset: Asset,
    readonly quantity: Quantity,
    readonly costBasis: Money,
    readonly lastPrice: Price,
    readonly marketValue: Money,
    readonly realized: Money,
    readonly unrealized: Money,
    numeric: Numeric,
    valueShift: number,
    costMode: RoundingCode,
  ) {
    this.#numeric = numeric;
    this.#valueShift = valueShift;
    this.#costMode = costMode;
  }

  get averageCost(): Price {
    return averageCostOf(
      this.#numeric,
      this.costBasis,
      this.quantity,
      this.#valueShift,
      this.#costMode,
    );
  }

  /** The fields as a plain object, in the order of {@link PositionView}. */
  toJSON(): PositionView {
    const { asset, quantity, costBasis, averageCost, lastPrice, marketValue, realized } = this;
    return {
      asset,
      quantity,
      costBasis,
      averageCost,
      lastPrice,
      marketValue,
      realized,
      unrealized: this.unrealized,
    };
  }
}

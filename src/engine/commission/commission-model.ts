import type { Asset } from '../../assets/asset.js';
import type { Numeric } from '../../numeric/numeric.js';
import type { RoundingCode } from '../../numeric/unit-arithmetic.js';

/** What a commission model sees of one fill, in engine representation. */
export interface CommissionInput {
  readonly numeric: Numeric;
  readonly asset: Asset;
  /** Money scale of the account currency. */
  readonly moneyScale: number;
  /** Id of the order being filled. */
  readonly orderId: number;
  /** Signed quantity of this fill. */
  readonly quantity: number;
  /** Execution price of this fill. */
  readonly price: number;
  /** |price × quantity| in money (rounded at the `notional` point). */
  readonly notional: number;
  /** |quantity| the order had filled before this fill. */
  readonly filledBefore: number;
  /** Commission the order was charged before this fill. */
  readonly chargedBefore: number;
  /** True when a resting limit order provides liquidity. */
  readonly maker: boolean;
  /** Bar start of the fill (epoch ms). */
  readonly timestamp: number;
  /** Rounding mode of the `commission` point. */
  readonly mode: RoundingCode;
}

/**
 * Computes the commission of one fill, in money at the account currency's
 * scale (decimal mode, rounded with `mode`). Write your own against this
 * interface; a model may keep state (e.g. trailing volume for tiers).
 */
export interface CommissionModel {
  /** Model name, for reports. */
  readonly name: string;
  /** Commission charged for this fill (≥ 0). */
  commission(input: CommissionInput): number;
}

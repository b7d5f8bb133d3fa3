import type { Asset } from '../../assets/asset.js';
import type { OrderStatus } from './order-record.js';
import type { OrderType, TimeInForce } from './order-style.js';

/**
 * An order as a strategy sees it, in the user's units: `limitPrice` 30.94,
 * not 3094 units at scale 2. The same shape for a simulated, paper or live
 * broker; `exact` has the decimal text of the amounts and prices.
 */
export interface Order {
  /** Order id, unique within the run. */
  readonly id: number;
  /** The asset ordered. */
  readonly asset: Asset;
  /** Signed quantity ordered: positive buys, negative sells. */
  readonly quantity: number;
  /** Signed quantity filled so far. */
  readonly filled: number;
  /** Where the order is in its lifecycle. */
  readonly status: OrderStatus;
  /** Market, limit, stop, stop-limit or trailing stop. */
  readonly type: OrderType;
  /** Limit price (limit, stop-limit), NaN otherwise. */
  readonly limitPrice: number;
  /** Stop price (stop, stop-limit; the current level of a trailing stop), NaN otherwise. */
  readonly stopPrice: number;
  /** `gtc` or `day`. */
  readonly timeInForce: TimeInForce;
  /** Clock (epoch ms) when the order was placed: it fills only on bars stamped later. */
  readonly placedAt: number;
  /** Commission charged on its fills so far, in the account currency. */
  readonly commission: number;
  /** Why the order was rejected or cancelled; empty while live. */
  readonly reason: string;
  /** Orders cancelled when this one fills (one-cancels-other), by id. */
  readonly ocoWith: readonly number[];
  /** For a bracket's take-profit and stop-loss: the entry order's id; otherwise undefined. */
  readonly parentId: number | undefined;
  /** The amounts and prices as exact decimal text ('' for a price the order does not have). */
  readonly exact: {
    /** `quantity` as decimal text. */
    readonly quantity: string;
    /** `filled` as decimal text. */
    readonly filled: string;
    /** `limitPrice` as decimal text, '' without one. */
    readonly limitPrice: string;
    /** `stopPrice` as decimal text, '' without one. */
    readonly stopPrice: string;
    /** `commission` as decimal text. */
    readonly commission: string;
  };
}

export type { OrderStatus } from './order-record.js';

import type { Asset } from '../../assets/asset.js';
import type { Money, Price, Quantity } from '../../numeric/numeric.js';
import type { OrderType, TimeInForce } from './order-style.js';

/** Lifecycle of an order. `filled`, `cancelled` and `rejected` are final. */
export type OrderStatus = 'open' | 'partiallyFilled' | 'filled' | 'cancelled' | 'rejected';

/**
 * An order as the blotter keeps it. Quantities and prices are in engine
 * representation (see `Numeric`); `quantity` is signed: positive buys,
 * negative sells.
 */
export interface OrderRecord {
  readonly id: number;
  readonly asset: Asset;
  /** Signed quantity ordered. */
  readonly quantity: Quantity;
  /** Signed quantity filled so far. */
  readonly filled: Quantity;
  readonly status: OrderStatus;
  readonly type: OrderType;
  /** Limit price (limit, stop-limit), NaN otherwise. */
  readonly limitPrice: Price;
  /** Stop price (stop, stop-limit; the current trailing level for a trailing stop), NaN otherwise. */
  readonly stopPrice: Price;
  readonly timeInForce: TimeInForce;
  /** Clock (epoch ms) when the order was placed: it can fill only on bars stamped later. */
  readonly placedAt: number;
  /** Commission charged on this order's fills so far. */
  readonly commission: Money;
  /** Why the order was rejected or cancelled; empty while live. */
  readonly reason: string;
  /** Orders cancelled when this one fills (one-cancels-other), by id. */
  readonly ocoWith: readonly number[];
  /** For a bracket's take-profit and stop-loss: the entry order's id; otherwise undefined. */
  readonly parentId: number | undefined;
}

/** True while an order can still fill. */
export function isLive(order: Pick<OrderRecord, 'status'>): boolean {
  return order.status === 'open' || order.status === 'partiallyFilled';
}

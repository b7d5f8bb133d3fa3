import type { Asset } from '../assets/asset.js';
import type { Money, Price, Quantity } from '../numeric/numeric.js';
import type { OrderRecord, OrderStatus } from '../engine/orders/order-record.js';
import type { OrderType, TimeInForce } from '../engine/orders/order-style.js';

/** What a live order sends to the exchange, as the journal stores it (exact decimal text). */
export interface LiveOrderSpec {
  /** Signed amount, on the exchange's step. */
  readonly amount: string;
  readonly type: OrderType;
  /** Limit price on the tick ('' without one). */
  readonly limitPrice: string;
  /** Stop (trigger) price on the tick ('' without one). */
  readonly stopPrice: string;
}

/**
 * A live order in engine units (integer units at the asset's scales), mutable
 * as the exchange reports on it; `OrderView` shows it to the strategy like a
 * simulated order. Besides the record it knows its client order id, the
 * exchange's id once acknowledged, and how much of it has been booked.
 */
export class LiveOrder implements OrderRecord {
  readonly id: number;
  readonly asset: Asset;
  readonly quantity: Quantity;
  filled = 0 as Quantity;
  status: OrderStatus = 'open';
  readonly type: OrderType;
  readonly limitPrice: Price;
  readonly stopPrice: Price;
  readonly timeInForce: TimeInForce = 'gtc';
  readonly placedAt: number;
  commission = 0 as Money;
  reason = '';
  readonly ocoWith: readonly number[] = [];
  readonly parentId: number | undefined = undefined;
  /** Deterministic client order id: `<session id>-<id>`. */
  readonly clientId: string;
  /** What is (or was) sent. */
  readonly spec: LiveOrderSpec;
  /** The exchange's order id, once it acknowledged the order. */
  exchangeId: string | undefined;
  /** The exchange's filled amount (unsigned, decimal text) as last reported. */
  exchangeFilled = '0';
  /** Signed amount of the booked trades, in quantity units (gross of fees paid in the asset). */
  booked = 0;
  /** True once a cancel is queued. */
  cancelRequested = false;

  constructor(fields: {
    id: number;
    asset: Asset;
    quantity: number;
    type: OrderType;
    limitPrice: number;
    stopPrice: number;
    placedAt: number;
    clientId: string;
    spec: LiveOrderSpec;
  }) {
    this.id = fields.id;
    this.asset = fields.asset;
    this.quantity = fields.quantity as Quantity;
    this.type = fields.type;
    this.limitPrice = fields.limitPrice as Price;
    this.stopPrice = fields.stopPrice as Price;
    this.placedAt = fields.placedAt;
    this.clientId = fields.clientId;
    this.spec = fields.spec;
    this.exchangeId = undefined;
  }

  /** True while the order can still fill. */
  get isOpen(): boolean {
    return this.status === 'open' || this.status === 'partiallyFilled';
  }
}

/** The order status of ccxt's unified status and the filled amount. */
export function statusOf(exchangeStatus: string, filled: boolean): OrderStatus {
  switch (exchangeStatus) {
    case 'closed':
      return 'filled';
    case 'canceled':
    case 'cancelled':
    case 'expired':
      return 'cancelled';
    case 'rejected':
      return 'rejected';
    default:
      return filled ? 'partiallyFilled' : 'open';
  }
}

/** The record of an order refused before it was sent (status rejected, the reason kept): its id and client id stay used. */
export function refusedOrder(
  id: number,
  asset: Asset,
  clientId: string,
  placedAt: number,
  reason: string,
): LiveOrder {
  const order = new LiveOrder({
    id,
    asset,
    quantity: 0,
    type: 'market',
    limitPrice: NaN,
    stopPrice: NaN,
    placedAt,
    clientId,
    spec: { amount: '0', type: 'market', limitPrice: '', stopPrice: '' },
  });
  order.status = 'rejected';
  order.reason = reason;
  return order;
}

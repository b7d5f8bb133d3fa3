import type { Asset } from '../../assets/asset.js';
import type { Numeric } from '../../numeric/numeric.js';
import type { Order } from './order.js';
import type { OrderRecord, OrderStatus } from './order-record.js';
import type { OrderType, TimeInForce } from './order-style.js';

/**
 * An engine order record read in the user's units: every getter converts the
 * record's current value when it is read, so the view stays live as the order
 * fills and costs nothing while nobody reads it.
 */
export class OrderView implements Order {
  /**
   * @param record - the engine's record of the order
   * @param numeric - the run's arithmetic (to convert units)
   * @param moneyScale - the account's accounting scale (for the commission)
   */
  constructor(
    private readonly record: OrderRecord,
    private readonly numeric: Numeric,
    private readonly moneyScale: number,
  ) {}

  get id(): number {
    return this.record.id;
  }
  get asset(): Asset {
    return this.record.asset;
  }
  get quantity(): number {
    return this.numeric.toNumber(this.record.quantity, this.record.asset.quantityScale);
  }
  get filled(): number {
    return this.numeric.toNumber(this.record.filled, this.record.asset.quantityScale);
  }
  get status(): OrderStatus {
    return this.record.status;
  }
  get type(): OrderType {
    return this.record.type;
  }
  get limitPrice(): number {
    return this.price(this.record.limitPrice);
  }
  get stopPrice(): number {
    return this.price(this.record.stopPrice);
  }
  get timeInForce(): TimeInForce {
    return this.record.timeInForce;
  }
  get placedAt(): number {
    return this.record.placedAt;
  }
  get commission(): number {
    return this.numeric.toNumber(this.record.commission, this.moneyScale);
  }
  get reason(): string {
    return this.record.reason;
  }
  get ocoWith(): readonly number[] {
    return this.record.ocoWith;
  }
  get parentId(): number | undefined {
    return this.record.parentId;
  }
  get exact(): Order['exact'] {
    const { record, numeric } = this;
    const quantityScale = record.asset.quantityScale;
    const priceText = (units: number) =>
      Number.isNaN(units) ? '' : numeric.toText(units, record.asset.priceScale);
    return {
      quantity: numeric.toText(record.quantity, quantityScale),
      filled: numeric.toText(record.filled, quantityScale),
      limitPrice: priceText(record.limitPrice),
      stopPrice: priceText(record.stopPrice),
      commission: numeric.toText(record.commission, this.moneyScale),
    };
  }

  /** The plain fields, for `console.log` and `JSON.stringify`. */
  toJSON(): Omit<Order, 'asset'> & { symbol: string } {
    return {
      id: this.id,
      symbol: this.asset.symbol,
      quantity: this.quantity,
      filled: this.filled,
      status: this.status,
      type: this.type,
      limitPrice: this.limitPrice,
      stopPrice: this.stopPrice,
      timeInForce: this.timeInForce,
      placedAt: this.placedAt,
      commission: this.commission,
      reason: this.reason,
      ocoWith: this.ocoWith,
      parentId: this.parentId,
      exact: this.exact,
    };
  }

  private price(units: number): number {
    return Number.isNaN(units) ? NaN : this.numeric.toNumber(units, this.record.asset.priceScale);
  }
}

import type { Asset } from '../../assets/asset.js';
import type { Money, Price, Quantity } from '../../numeric/numeric.js';
import type { OrderStatus, OrderRecord } from '../orders/order-record.js';
import type { OrderType, TimeInForce } from '../orders/order-style.js';

/** Bracket legs waiting for the entry to fill: their prices, engine representation. */
export interface BracketLegs {
  takeProfit: number;
  stopLoss: number;
  /** Ids of the legs once created. */
  takeProfitId?: number;
  stopLossId?: number;
}

/** The blotter's mutable order record; callers see it through `OrderRecord`. */
export class LiveOrder implements OrderRecord {
  status: OrderStatus = 'open';
  filled = 0 as Quantity;
  commission = 0 as Money;
  reason = '';
  ocoWith: number[] = [];
  /** Bars this order was live for (DAY orders expire after a session with at least one). */
  barsSeen = 0;
  /** Stop-limit: the stop has triggered; it is now a limit order. */
  triggered = false;
  /** Trailing stop: best price seen (highest for a sell, lowest for a buy), NaN before the first. */
  extreme = Number.NaN;
  /** Bracket legs to create on the entry's fills. */
  bracket: BracketLegs | undefined;

  /**
   * @param id - order id
   * @param asset - asset ordered
   * @param quantity - signed quantity
   * @param type - order type
   * @param limitPrice - limit price or NaN
   * @param stopPrice - stop price or NaN
   * @param trail - trailing stop: absolute amount (price) or NaN
   * @param trailPercent - trailing stop: fraction as a Rate value/scale pair, or NaN
   * @param timeInForce - GTC or DAY
   * @param placedAt - clock at placement (epoch ms)
   * @param parentId - bracket entry id for a bracket leg
   */
  constructor(
    readonly id: number,
    readonly asset: Asset,
    public quantity: Quantity,
    readonly type: OrderType,
    public limitPrice: Price,
    public stopPrice: Price,
    public trail: number,
    readonly trailPercent: { value: number; scale: number } | undefined,
    readonly timeInForce: TimeInForce,
    readonly placedAt: number,
    readonly parentId: number | undefined,
  ) {}

  /** Signed quantity still to fill. */
  get remaining(): number {
    return this.quantity - this.filled;
  }

  /** 1 for a buy, −1 for a sell. */
  get side(): 1 | -1 {
    return this.quantity > 0 ? 1 : -1;
  }
}

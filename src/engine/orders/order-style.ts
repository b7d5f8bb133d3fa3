/**
 * How an order executes, as the caller writes it. Prices are decimal text
 * (exact) or numbers, in the asset's quote currency.
 */
export type OrderStyleInput =
  | { type: 'market' }
  | { type: 'limit'; limitPrice: string | number }
  | { type: 'stop'; stopPrice: string | number }
  | { type: 'stopLimit'; stopPrice: string | number; limitPrice: string | number }
  /** A stop that trails the best price since placement by an absolute amount or a percentage. */
  | { type: 'trailingStop'; trailAmount: string | number }
  | { type: 'trailingStop'; trailPercent: string | number };

/** The kinds of order style. */
export type OrderType = OrderStyleInput['type'];

/** Time in force: good till cancelled, or for one session. */
export type TimeInForce = 'gtc' | 'day';

/** Market order style. */
export const MARKET_ORDER: OrderStyleInput = Object.freeze({ type: 'market' });

/** A limit order style at `limitPrice`. */
export function limitOrder(limitPrice: string | number): OrderStyleInput {
  return { type: 'limit', limitPrice };
}

/** A stop (stop-market) order style triggered at `stopPrice`. */
export function stopOrder(stopPrice: string | number): OrderStyleInput {
  return { type: 'stop', stopPrice };
}

/** A stop-limit order style: triggered at `stopPrice`, then a limit at `limitPrice`. */
export function stopLimitOrder(
  stopPrice: string | number,
  limitPrice: string | number,
): OrderStyleInput {
  return { type: 'stopLimit', stopPrice, limitPrice };
}

/** A trailing stop `trailAmount` (in price) behind the best price since placement. */
export function trailingStopAmountOrder(trailAmount: string | number): OrderStyleInput {
  return { type: 'trailingStop', trailAmount };
}

/** A trailing stop `trailPercent` percent (e.g. `5` for 5%) behind the best price since placement. */
export function trailingStopPercentOrder(trailPercent: string | number): OrderStyleInput {
  return { type: 'trailingStop', trailPercent };
}

export {
  MARKET_ORDER,
  limitOrder,
  stopOrder,
  stopLimitOrder,
  trailingStopAmountOrder,
  trailingStopPercentOrder,
  type OrderStyleInput,
  type OrderType,
  type TimeInForce,
} from './order-style.js';
export { isLive, type Order, type OrderStatus } from './order.js';
export type { Fill } from './fill.js';
export { orderQuantity, quantityForValue } from './order-quantity.js';

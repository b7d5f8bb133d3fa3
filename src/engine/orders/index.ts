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
export { isLive, type OrderRecord, type OrderStatus } from './order-record.js';
export type { Order } from './order.js';
export { OrderView } from './order-view.js';
export type { Fill } from './fill.js';
export { orderQuantity, quantityForValue } from './order-quantity.js';

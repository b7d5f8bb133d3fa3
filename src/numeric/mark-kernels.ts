import type { RoundingCode } from './unit-arithmetic.js';
export { markDecimal } from './unit-arithmetic.js';

/**
 * The mark-to-market kernel's signature: for every sid below `count` with a
 * price (not NaN), `lastPrice[sid] = price` and, for a non-zero quantity,
 * `marketValue[sid] = notional(price, quantity[sid])` at `shift[sid]`.
 * One call per bar for all assets: the shape a Rust kernel takes over whole.
 */
export type MarkKernel = (
  prices: Float64Array,
  quantity: Float64Array,
  lastPrice: Float64Array,
  marketValue: Float64Array,
  shift: Int32Array,
  count: number,
  mode: RoundingCode,
) => void;

/** Float mark-to-market: `price × quantity`, nothing rounded. */
export const markFloat: MarkKernel = (prices, quantity, lastPrice, marketValue, _shift, count) => {
  for (let sid = 0; sid < count; sid++) {
    const price = prices[sid];
    if (price !== price) continue;
    lastPrice[sid] = price;
    const q = quantity[sid];
    if (q !== 0) marketValue[sid] = price * q;
  }
};

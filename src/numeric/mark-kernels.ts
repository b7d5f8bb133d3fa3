import {
  mulShiftUnits,
  roundHalfTie,
  roundPow10Half,
  type RoundingCode,
} from './unit-arithmetic.js';

/** Below this magnitude a product of two integer-valued doubles is exact. */
const EXACT_LIMIT = 2 ** 52;
/** Local copies of unit-arithmetic's tables, so the hot loop reads module constants. */
const RECIPROCAL_LIMIT = 2 ** 48;
const ROUND_MAGIC = 6755399441055744;
const POW10_NUMBER = Array.from({ length: 16 }, (_, k) => 10 ** k);
const INVERSE_POW10 = POW10_NUMBER.map((p) => 1 / p);

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

/**
 * Exact mark-to-market over scaled integers: the product stays in doubles
 * below 2^52; at a shift of 0 (the ledger's accounting scale holds price ×
 * quantity exactly) it is stored as is, otherwise rescaled (rounded with
 * `mode` when the shift is positive); larger products take the BigInt path.
 */
export const markDecimal: MarkKernel = (
  prices,
  quantity,
  lastPrice,
  marketValue,
  shift,
  count,
  mode,
) => {
  const half = mode >= 4 && mode <= 6;
  for (let sid = 0; sid < count; sid++) {
    const price = prices[sid];
    if (price !== price) continue;
    const q = quantity[sid];
    if (q === 0) {
      lastPrice[sid] = price;
      continue;
    }
    const s = shift[sid];
    const x = price * q;
    if (s === 0 && x <= EXACT_LIMIT && x >= -EXACT_LIMIT) {
      marketValue[sid] = x + 0;
    } else if (half && s > 0 && s <= 15 && x <= RECIPROCAL_LIMIT && x >= -RECIPROCAL_LIMIT) {
      // roundPow10Half inlined: no call, so no boxed double per update.
      const d = POW10_NUMBER[s];
      const n = x * INVERSE_POW10[s] + ROUND_MAGIC - ROUND_MAGIC;
      const e = x - n * d;
      const twice = e + e;
      marketValue[sid] = twice !== d && twice !== -d ? n : roundHalfTie(n, e, x, mode);
    } else if (s > 0 && s <= 15 && x <= EXACT_LIMIT && x >= -EXACT_LIMIT) {
      marketValue[sid] = roundPow10Half(x, s, mode);
    } else {
      // May throw NumericOverflowError: this position then keeps its previous price and value.
      marketValue[sid] = mulShiftUnits(price, q, s, mode);
    }
    lastPrice[sid] = price;
  }
};

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

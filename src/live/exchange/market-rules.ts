import { ConfigError, OrderError } from '../../errors/index.js';
import { exact, multiply, toText, type ExactDecimal } from '../../numeric/exact-decimal.js';
import { pow10 } from '../../numeric/decimal-text.js';

/** How an exchange states its precision (ccxt's `precisionMode`). */
export type PrecisionMode = 'tickSize' | 'decimalPlaces';

/** What ccxt says of one market: its precision and limits (numbers as ccxt parsed them). */
export interface CcxtMarketLike {
  symbol: string;
  base?: string;
  quote?: string;
  precision: { amount?: number | undefined; price?: number | undefined };
  limits?: {
    amount?: { min?: number | undefined; max?: number | undefined };
    price?: { min?: number | undefined; max?: number | undefined };
    cost?: { min?: number | undefined; max?: number | undefined };
  };
}

/**
 * One market's trading rules in exact decimals: the amount step and price
 * tick (ccxt `markets[symbol].precision`), and its limits (min/max amount,
 * price and cost). Orders are rounded to them and checked against them
 * before anything is sent.
 */
export interface MarketRules {
  readonly symbol: string;
  /** Base and quote currency (`BTC`, `USDT`). */
  readonly base: string;
  readonly quote: string;
  /** Smallest amount increment. */
  readonly amountStep: ExactDecimal;
  /** Smallest price increment. */
  readonly priceTick: ExactDecimal;
  readonly minAmount?: ExactDecimal;
  readonly maxAmount?: ExactDecimal;
  readonly minPrice?: ExactDecimal;
  readonly maxPrice?: ExactDecimal;
  /** Smallest order value (amount × price, quote currency): the exchange's min notional. */
  readonly minCost?: ExactDecimal;
  readonly maxCost?: ExactDecimal;
}

/**
 * The rules of a ccxt market, every number taken exact through its shortest
 * decimal text (`0.00001` stays 0.00001, never 1.0000000000000001e-5).
 *
 * @throws ConfigError when the market states no precision.
 */
export function marketRules(market: CcxtMarketLike, mode: PrecisionMode): MarketRules {
  const step = (value: number | undefined, what: string): ExactDecimal => {
    if (value === undefined || !(value > 0)) {
      throw new ConfigError(
        `The exchange states no ${what} precision for ${market.symbol}; it cannot be traded live safely.`,
      );
    }
    return mode === 'decimalPlaces'
      ? { units: 1n, scale: Math.round(value) }
      : exact(String(value));
  };
  const limit = (value: number | undefined): ExactDecimal | undefined =>
    value === undefined || !Number.isFinite(value) || value <= 0 ? undefined : exact(String(value));
  const [base = market.base ?? '', quote = market.quote ?? ''] = market.symbol
    .split(':')[0]
    .split('/');
  return {
    symbol: market.symbol,
    base: market.base ?? base,
    quote: market.quote ?? quote,
    amountStep: step(market.precision.amount, 'amount'),
    priceTick: step(market.precision.price, 'price'),
    minAmount: limit(market.limits?.amount?.min),
    maxAmount: limit(market.limits?.amount?.max),
    minPrice: limit(market.limits?.price?.min),
    maxPrice: limit(market.limits?.price?.max),
    minCost: limit(market.limits?.cost?.min),
    maxCost: limit(market.limits?.cost?.max),
  };
}

/** Both values in units of the finer scale. */
function align(a: ExactDecimal, b: ExactDecimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

/** `amount` rounded toward zero to a whole number of steps (ccxt's `amountToPrecision`, TRUNCATE). */
export function roundAmount(rules: MarketRules, amount: ExactDecimal): ExactDecimal {
  const [value, step, scale] = align(amount, rules.amountStep);
  return { units: (value / step) * step, scale };
}

/** `price` rounded to the nearest tick, halves away from zero (ccxt's `priceToPrecision`, ROUND). */
export function roundPrice(rules: MarketRules, price: ExactDecimal): ExactDecimal {
  const [value, tick, scale] = align(price, rules.priceTick);
  const steps = (2n * value + tick) / (2n * tick);
  return { units: steps * tick, scale };
}

function compare(a: ExactDecimal, b: ExactDecimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Checks an order (unsigned `amount`, already on the step; `price` the limit
 * price or, for a market order, the last price) against the market's limits.
 *
 * @throws OrderError naming the symbol, the value and the limit it breaks.
 */
export function checkOrder(
  rules: MarketRules,
  amount: ExactDecimal,
  price: ExactDecimal | undefined,
  exchange: string,
): void {
  const refuse = (what: string): never => {
    throw new OrderError(
      `Order for ${rules.symbol} refused before sending to ${exchange}: ${what}.`,
    );
  };
  const text = (value: ExactDecimal) => toText(value);
  if (amount.units <= 0n) {
    refuse(
      `the amount rounds to ${text(amount)} at the exchange's step ${text(rules.amountStep)} ${rules.base}`,
    );
  }
  if (rules.minAmount !== undefined && compare(amount, rules.minAmount) < 0) {
    refuse(
      `amount ${text(amount)} ${rules.base} is below the minimum amount ${text(rules.minAmount)}`,
    );
  }
  if (rules.maxAmount !== undefined && compare(amount, rules.maxAmount) > 0) {
    refuse(
      `amount ${text(amount)} ${rules.base} is above the maximum amount ${text(rules.maxAmount)}`,
    );
  }
  if (price === undefined) return;
  if (rules.minPrice !== undefined && compare(price, rules.minPrice) < 0) {
    refuse(`price ${text(price)} is below the minimum price ${text(rules.minPrice)}`);
  }
  if (rules.maxPrice !== undefined && compare(price, rules.maxPrice) > 0) {
    refuse(`price ${text(price)} is above the maximum price ${text(rules.maxPrice)}`);
  }
  const cost = multiply(amount, price);
  if (rules.minCost !== undefined && compare(cost, rules.minCost) < 0) {
    refuse(
      `value ${text(cost)} ${rules.quote} (${text(amount)} × ${text(price)}) is below the exchange's minimum order value ${text(rules.minCost)} ${rules.quote}`,
    );
  }
  if (rules.maxCost !== undefined && compare(cost, rules.maxCost) > 0) {
    refuse(
      `value ${text(cost)} ${rules.quote} is above the exchange's maximum order value ${text(rules.maxCost)} ${rules.quote}`,
    );
  }
}

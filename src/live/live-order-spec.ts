import type { Asset } from '../assets/asset.js';
import type { OrderOptions } from '../engine/broker/broker.js';
import { OrderError } from '../errors/index.js';
import { formatDecimal } from '../numeric/decimal-text.js';
import { exact, toText, type ExactDecimal } from '../numeric/exact-decimal.js';
import type { CcxtExchange } from './exchange/ccxt-exchange.js';
import { checkOrder, roundAmount, roundPrice } from './exchange/market-rules.js';
import type { LiveOrderSpec } from './live-order.js';

/**
 * The order as it will be sent: the amount rounded toward zero to the
 * market's step, prices to its tick, checked against its limits (the value of
 * a market order at `lastPrice`, engine units), and the styles the live
 * broker sends (market, limit, stop and stop-limit where the exchange has
 * stops; good till cancelled).
 *
 * @throws OrderError naming the symbol, the value and the limit it breaks.
 */
export function orderSpec(
  exchange: CcxtExchange,
  asset: Asset,
  quantity: number,
  lastPrice: number,
  options: OrderOptions = {},
): LiveOrderSpec {
  const rules = exchange.marketRules(asset.symbol);
  if (options.timeInForce === 'day') {
    throw new OrderError(
      `Order for ${asset.symbol}: time in force 'day' has no meaning on ${exchange.id} (crypto trades around the clock); use 'gtc'.`,
    );
  }
  const style = options.style ?? { type: 'market' };
  if (style.type === 'trailingStop') {
    throw new OrderError(
      `Order for ${asset.symbol}: trailing stops are not sent to exchanges by the live broker; use a stop and move it.`,
    );
  }
  if ((style.type === 'stop' || style.type === 'stopLimit') && !exchange.supportsStops()) {
    throw new OrderError(
      `Order for ${asset.symbol}: ${exchange.id} takes no stop orders through ccxt.`,
    );
  }
  const signed = exact(formatDecimal(BigInt(quantity), asset.quantityScale));
  const negative = signed.units < 0n;
  const amount = roundAmount(rules, negative ? { ...signed, units: -signed.units } : signed);
  const priceOf = (value: string | number): ExactDecimal =>
    roundPrice(rules, exact(typeof value === 'number' ? String(value) : value));
  const limit = 'limitPrice' in style ? priceOf(style.limitPrice) : undefined;
  const stop = 'stopPrice' in style ? priceOf(style.stopPrice) : undefined;
  const last = lastPrice;
  const reference =
    limit ?? stop ?? (last > 0 ? exact(formatDecimal(BigInt(last), asset.priceScale)) : undefined);
  checkOrder(rules, amount, reference, exchange.id);
  const amountText = toText(amount);
  return {
    amount: negative ? `-${amountText}` : amountText,
    type: style.type,
    limitPrice: limit === undefined ? '' : toText(limit),
    stopPrice: stop === undefined ? '' : toText(stop),
  };
}

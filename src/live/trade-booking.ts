import type { Asset } from '../assets/asset.js';
import type { FillEvent } from '../engine/broker/broker.js';
import type { Ledger } from '../engine/ledger/ledger.js';
import { formatDecimal, parseDecimal } from '../numeric/decimal-text.js';
import type { JournalTrade } from './journal-records.js';
import type { ExchangeTrade } from './exchange/ccxt-exchange.js';
import type { LiveOrder } from './live-order.js';

/** A trade booked into the ledger: the fill event for the strategy and the results, and its journal row. */
export interface BookedTrade {
  readonly fill: FillEvent;
  readonly record: JournalTrade;
  /** One line for the journal's event. */
  readonly detail: string;
}

/**
 * Books one exchange trade of `order` into the ledger, exactly: amount and
 * price as the exchange printed them, the fee as commission when it is in
 * the account currency; a fee taken in the traded asset itself (Binance's
 * default on a buy) changes the amount received, and its value at the trade
 * price is the commission, so cash and position end equal to the exchange's.
 * A fee in a third currency (e.g. BNB) is not in the account: it is recorded
 * in the journal, not booked.
 */
export function bookTrade(
  ledger: Ledger,
  order: LiveOrder,
  trade: ExchangeTrade,
  quote: string,
  base: string,
  barStart: number,
): BookedTrade {
  const asset: Asset = order.asset;
  const num = ledger.numeric;
  const sid = asset.sid;
  const sign = trade.side === 'buy' ? 1n : -1n;
  const gross = parseDecimal(trade.amount, asset.quantityScale) * sign;
  const price = Number(parseDecimal(trade.price, asset.priceScale));
  let net = gross;
  let commission = 0;
  const fee = trade.fee;
  if (fee !== undefined && fee.cost !== '0') {
    if (fee.currency === quote) {
      commission = Number(parseDecimal(fee.cost, ledger.moneyScale));
    } else if (fee.currency === base) {
      // Paid out of the asset: a buy receives less, a sell gives up more.
      const feeUnits = parseDecimal(fee.cost, asset.quantityScale);
      net = gross - feeUnits;
      // Cash moves by exactly price × gross, as at the exchange, whatever the rounding of each part.
      const grossCash = ledger.notional(sid, price, Number(gross));
      const netCash = ledger.notional(sid, price, Number(net));
      commission = grossCash - netCash;
    }
  }
  const before = ledger.quantity[sid];
  ledger.applyFill(sid, Number(net), price, commission);
  const after = ledger.quantity[sid];
  order.booked += Number(gross);
  order.commission = (order.commission + commission) as typeof order.commission;
  const q = asset.quantityScale;
  const m = ledger.moneyScale;
  const amountText = formatDecimal(net, q);
  const priceText = formatDecimal(BigInt(price), asset.priceScale);
  const commissionText = formatDecimal(BigInt(commission), m);
  const feeText = fee === undefined ? '' : `${fee.cost} ${fee.currency}`;
  return {
    fill: {
      orderId: order.id,
      asset,
      timestamp: barStart,
      amount: num.toNumber(Number(net), q),
      price: num.toNumber(price, asset.priceScale),
      commission: num.toNumber(commission, m),
      positionBefore: num.toNumber(before, q),
      positionAfter: num.toNumber(after, q),
      realizedPnl: num.toNumber(ledger.realizedBySid[sid], m),
      exact: { amount: amountText, price: priceText, commission: commissionText },
    },
    record: {
      tradeId: trade.id,
      clientId: order.clientId,
      symbol: asset.symbol,
      amount: amountText,
      price: priceText,
      commission: commissionText,
      fee: feeText,
      barStart,
    },
    detail: `${asset.symbol} ${amountText} @ ${priceText} commission ${commissionText}${
      fee !== undefined && fee.currency !== quote && fee.currency !== base
        ? ` (fee ${feeText} not in ${quote}, not booked)`
        : ''
    } (trade ${trade.id})`,
  };
}

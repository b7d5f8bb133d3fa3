import { withoutNaN } from './nan-statistics.js';

/**
 * Fraction of closed trades that made money: trades with P&L > 0 over all
 * trades (a trade at exactly 0 counts as not winning). NaN without trades.
 *
 * @param tradePnl - realized P&L of each closed round trip, net of costs; NaN entries are ignored
 */
export function winRate(tradePnl: Float64Array): number {
  const pnl = withoutNaN(tradePnl);
  if (pnl.length === 0) return NaN;
  let wins = 0;
  for (const p of pnl) if (p > 0) wins++;
  return wins / pnl.length;
}

/**
 * Gross profit over gross loss: the sum of winning trades' P&L divided by the
 * absolute sum of losing trades' P&L. Infinity with profits and no losses; NaN
 * without trades or with neither profit nor loss.
 *
 * @param tradePnl - realized P&L of each closed round trip, net of costs; NaN entries are ignored
 */
export function profitFactor(tradePnl: Float64Array): number {
  let profit = 0;
  let loss = 0;
  for (const p of tradePnl) {
    if (p > 0) profit += p;
    else if (p < 0) loss -= p;
  }
  if (loss === 0) return profit > 0 ? Infinity : NaN;
  return profit / loss;
}

/**
 * Mean P&L per closed trade, in the account currency. NaN without trades.
 *
 * @param tradePnl - realized P&L of each closed round trip, net of costs; NaN entries are ignored
 */
export function averageTrade(tradePnl: Float64Array): number {
  const pnl = withoutNaN(tradePnl);
  if (pnl.length === 0) return NaN;
  let sum = 0;
  for (const p of pnl) sum += p;
  return sum / pnl.length;
}

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

function winsAndLosses(tradePnl: Float64Array): {
  wins: number;
  losses: number;
  won: number;
  lost: number;
} {
  let wins = 0;
  let losses = 0;
  let won = 0;
  let lost = 0;
  for (const p of tradePnl) {
    if (p > 0) {
      wins++;
      won += p;
    } else if (p < 0) {
      losses++;
      lost -= p;
    }
  }
  return { wins, losses, won, lost };
}

/**
 * Payoff ratio: the average winning trade over the absolute average losing
 * trade (quantstats' `payoff_ratio`). Infinity with wins and no losses; NaN
 * with no wins or no trades.
 *
 * @param tradePnl - realized P&L of each closed round trip, net of costs; NaN entries are ignored
 */
export function payoffRatio(tradePnl: Float64Array): number {
  const { wins, losses, won, lost } = winsAndLosses(tradePnl);
  if (wins === 0) return NaN;
  if (losses === 0) return Infinity;
  return won / wins / (lost / losses);
}

/**
 * Expectancy per trade: `winRate × averageWin − lossRate × averageLoss`, the
 * amount a trade is expected to make in the account currency (equal to the
 * mean P&L per trade; a trade at exactly 0 counts in neither). NaN without
 * trades.
 *
 * @param tradePnl - realized P&L of each closed round trip, net of costs; NaN entries are ignored
 */
export function expectancy(tradePnl: Float64Array): number {
  const count = withoutNaN(tradePnl).length;
  if (count === 0) return NaN;
  const { wins, losses, won, lost } = winsAndLosses(tradePnl);
  const averageWin = wins === 0 ? 0 : won / wins;
  const averageLoss = losses === 0 ? 0 : lost / losses;
  return (wins / count) * averageWin - (losses / count) * averageLoss;
}

/**
 * Kelly fraction (quantstats' `kelly_criterion`): `(b × p − (1 − p)) / b`
 * with `b` the payoff ratio and `p` the share of winning trades among trades
 * that won or lost. The fraction of capital a bettor with these odds would
 * stake; negative means the edge is against you. NaN without wins or losses.
 *
 * @param tradePnl - realized P&L of each closed round trip, net of costs; NaN entries are ignored
 */
export function kellyCriterion(tradePnl: Float64Array): number {
  const { wins, losses } = winsAndLosses(tradePnl);
  const b = payoffRatio(tradePnl);
  if (wins === 0 || losses === 0 || !Number.isFinite(b)) return NaN;
  const p = wins / (wins + losses);
  return (b * p - (1 - p)) / b;
}

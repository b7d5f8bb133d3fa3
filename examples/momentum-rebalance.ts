/**
 * Multi-asset momentum: on the first session of each month, rank GOOG, ORCL
 * and NVDA by their return over the last 60 sessions and hold the two best
 * (when their momentum is positive) at 45 % of the portfolio each.
 *
 * Run it on the sample data the project carries (real daily bars, 2010-2013):
 *
 *   npx rustybt run -f examples/momentum-rebalance.ts --csv-dir examples/data \
 *     --start 2010-01-04 --end 2013-03-01 --benchmark GOOG -o momentum.csv
 */
import { dateRules, type AlgorithmContext, type AlgorithmStrategy, type BarData } from 'rustybt';

const LOOKBACK = 60;
const HOLD = 2;
const WEIGHT = 0.45;

function rebalance(ctx: AlgorithmContext, data: BarData): void {
  const assets = ctx.symbols('GOOG', 'ORCL', 'NVDA');
  const ranked = assets
    .map((asset) => {
      const closes = data.history(asset, 'close', LOOKBACK + 1);
      return { asset, momentum: closes[LOOKBACK] / closes[0] - 1 };
    })
    .filter((entry) => Number.isFinite(entry.momentum))
    .sort((a, b) => b.momentum - a.momentum);
  const chosen = new Set(
    ranked
      .slice(0, HOLD)
      .filter((entry) => entry.momentum > 0)
      .map((entry) => entry.asset),
  );
  // Sell first, so the cash is there for the buys filled on the same bar.
  for (const asset of assets) if (!chosen.has(asset)) ctx.orderTargetPercent(asset, 0);
  for (const asset of chosen) ctx.orderTargetPercent(asset, WEIGHT);
  ctx.record({ holdings: chosen.size });
}

const strategy: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.scheduleFunction(rebalance, dateRules.monthStart());
  },
  handleData() {},
};

export default strategy;

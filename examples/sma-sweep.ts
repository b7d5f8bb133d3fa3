/**
 * SMA crossover on every symbol of the data, its two windows parameters: hold
 * 10 % of the portfolio in a symbol while its `fast`-session mean close is
 * above its `slow`-session mean. The module declares the values a sweep tries
 * and a constraint (the fast window shorter than the slow one).
 *
 * Sweep it over the demo bundle (`npx rustybt demo` makes it):
 *
 *   npx rustybt optimize -f examples/sma-sweep.ts --bundle demo \
 *     --start 2011-01-03 --end 2012-12-31 --objective sharpe --workers 2
 *
 * or one combination: `npx rustybt run -f examples/sma-sweep.ts ...` runs the defaults below.
 */
import { range, type AlgorithmStrategy, type StrategyParams } from 'rustybt';

export const params = { fast: range(5, 50, 5), slow: range(20, 200, 10) };

export function constraint(p: StrategyParams): boolean {
  return (p.fast as number) < (p.slow as number);
}

const strategy: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.state.fast = ctx.params.fast ?? 20;
    ctx.state.slow = ctx.params.slow ?? 50;
  },
  handleData(ctx, data) {
    const fastN = ctx.state.fast as number;
    const slowN = ctx.state.slow as number;
    for (const asset of ctx.allAssets()) {
      if (!data.canTrade(asset)) continue;
      const closes = data.history(asset, 'close', slowN);
      if (Number.isNaN(closes[0])) continue;
      let slow = 0;
      for (let i = 0; i < slowN; i++) slow += closes[i];
      let fast = 0;
      for (let i = slowN - fastN; i < slowN; i++) fast += closes[i];
      const held = ctx.portfolio.positions.get(asset)?.amount ?? 0;
      if (fast / fastN > slow / slowN && held === 0) ctx.orderTargetPercent(asset, 0.1);
      else if (fast / fastN < slow / slowN && held > 0) ctx.orderTarget(asset, 0);
    }
  },
};

export default strategy;

/**
 * Buy and hold: invest 95 % of the capital in GOOG on the first bar and keep it.
 *
 * Run it on the sample data the project carries (real daily bars, 2010-2013):
 *
 *   npx rustybt run -f examples/buy-and-hold.ts --csv-dir examples/data --symbols GOOG \
 *     --start 2010-01-04 --end 2013-03-01 -o buy-and-hold.json
 */
import type { AlgorithmStrategy } from 'rustybt';

const strategy: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.state.invested = false;
  },
  handleData(ctx, data) {
    const goog = ctx.symbol('GOOG');
    if (ctx.state.invested !== true && data.canTrade(goog)) {
      // Keep 5 % in cash so the fill at the next open covers a gap up and the commission.
      ctx.orderTargetPercent(goog, 0.95);
      ctx.state.invested = true;
    }
    ctx.record({ price: data.current(goog, 'close') });
  },
};

export default strategy;

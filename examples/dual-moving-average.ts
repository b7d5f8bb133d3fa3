/**
 * Dual moving average crossover: hold GOOG while its 20-session mean close is
 * above its 50-session mean, stay in cash otherwise. The two averages are
 * declared indicators (`rustybt/indicators`), updated by the engine every bar;
 * `ctx.indicators.above`/`below` list the assets whose fast mean is above or
 * below their slow one (over hundreds of assets, `crossovers`/`crossunders`
 * list only the ones that crossed on this bar).
 *
 * Run it on the sample data the project carries (real daily bars, 2010-2013):
 *
 *   npx rustybt run -f examples/dual-moving-average.ts --csv-dir examples/data --symbols GOOG \
 *     --start 2010-01-04 --end 2013-03-01 -o dual-moving-average.json
 *
 * `npx rustybt demo` ingests the sample data into the bundle `demo` and runs this file.
 */
import type { AlgorithmStrategy } from 'rustybt';
import { sma } from 'rustybt/indicators';

const FAST = 20;
const SLOW = 50;

const strategy: AlgorithmStrategy = {
  initialize(ctx) {
    const goog = ctx.symbol('GOOG');
    ctx.indicator('fast', sma(FAST), [goog]);
    ctx.indicator('slow', sma(SLOW), [goog]);
  },
  handleData(ctx, data) {
    const goog = ctx.symbol('GOOG');
    const fast = ctx.indicators.current('fast', goog.sid);
    const slow = ctx.indicators.current('slow', goog.sid);
    ctx.record({ fast, slow });
    if (!data.canTrade(goog)) return;
    const held = ctx.portfolio.positions.get(goog)?.amount ?? 0;
    if (held === 0 && ctx.indicators.above('fast', 'slow').has(goog.sid)) {
      ctx.orderTargetPercent(goog, 0.95);
    } else if (held > 0 && ctx.indicators.below('fast', 'slow').has(goog.sid)) {
      ctx.orderTarget(goog, 0);
    }
  },
};

export default strategy;

/**
 * Dual moving average crossover: hold GOOG while its 20-session mean close is
 * above its 50-session mean, stay in cash otherwise. The two averages are
 * declared indicators (`rustybt/indicators`), updated by the engine every bar.
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
    if (Number.isNaN(slow) || !data.canTrade(goog)) return;
    const held = ctx.portfolio.positions.get(goog)?.amount ?? 0;
    if (fast > slow && held === 0) ctx.orderTargetPercent(goog, 0.95);
    else if (fast < slow && held > 0) ctx.orderTarget(goog, 0);
    ctx.record({ fast, slow });
  },
};

export default strategy;

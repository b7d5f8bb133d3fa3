import type { AlgorithmContext } from '../../engine/algorithm/algorithm-context.js';
import type { AlgorithmStrategy } from '../../engine/algorithm/run-options.js';
import { sma } from '../../indicators/index.js';

/** Parameters of the simple scenario strategy. */
export interface SmaCrossoverOptions {
  fast?: number;
  slow?: number;
}

/**
 * The simple scenario strategy: for every asset, hold an equal share of the
 * portfolio while its fast SMA is above its slow SMA, nothing otherwise. The
 * averages are declared indicators, updated in one batch per bar.
 */
export function smaCrossover(options: SmaCrossoverOptions = {}): AlgorithmStrategy {
  const fast = options.fast ?? 10;
  const slow = options.slow ?? 30;
  return {
    initialize(ctx: AlgorithmContext) {
      const assets = ctx.allAssets();
      ctx.indicator('fast', sma(fast), assets);
      ctx.indicator('slow', sma(slow), assets);
      ctx.state.assets = assets;
      ctx.state.weight = 1 / assets.length;
    },
    handleData(ctx, data) {
      const weight = ctx.state.weight as number;
      const positions = ctx.portfolio.positions;
      for (const asset of ctx.state.assets as ReturnType<typeof ctx.allAssets>) {
        if (!data.canTrade(asset)) continue;
        const f = ctx.indicators.current('fast', asset.sid);
        const s = ctx.indicators.current('slow', asset.sid);
        if (Number.isNaN(s)) continue;
        const up = ctx.indicators.crossover('fast', 'slow', asset.sid);
        const down = !up && ctx.indicators.crossunder('fast', 'slow', asset.sid);
        if (up || down) {
          // A new signal replaces whatever is still working from the last one.
          for (const open of ctx.getOpenOrders(asset)) ctx.cancelOrder(open);
          if (up) ctx.orderTargetPercent(asset, weight * 0.95);
          else ctx.orderTarget(asset, 0);
        } else if (
          f < s &&
          (positions.get(asset)?.amount ?? 0) > 0 &&
          ctx.getOpenOrders(asset).length === 0
        ) {
          ctx.orderTarget(asset, 0);
        }
      }
    },
  };
}

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
 * averages are declared indicators, updated in one batch per bar; the
 * strategy touches only the assets in the batch's signal lists (crossed up,
 * crossed down) and the ones it holds, never a loop over the whole universe.
 */
export function smaCrossover(options: SmaCrossoverOptions = {}): AlgorithmStrategy {
  const fast = options.fast ?? 10;
  const slow = options.slow ?? 30;
  return {
    initialize(ctx: AlgorithmContext) {
      const assets = ctx.allAssets();
      ctx.indicator('fast', sma(fast), assets);
      ctx.indicator('slow', sma(slow), assets);
      ctx.state.weight = 1 / assets.length;
    },
    handleData(ctx, data) {
      const weight = ctx.state.weight as number;
      const up = ctx.indicators.crossovers('fast', 'slow');
      const down = ctx.indicators.crossunders('fast', 'slow');
      for (let i = 0; i < up.length; i++) {
        const asset = ctx.sid(up.sids[i]);
        if (!data.canTrade(asset)) continue;
        // A new signal replaces whatever is still working from the last one.
        for (const open of ctx.getOpenOrders(asset)) ctx.cancelOrder(open);
        ctx.orderTargetPercent(asset, weight * 0.95);
      }
      for (let i = 0; i < down.length; i++) {
        const asset = ctx.sid(down.sids[i]);
        if (!data.canTrade(asset)) continue;
        for (const open of ctx.getOpenOrders(asset)) ctx.cancelOrder(open);
        ctx.orderTarget(asset, 0);
      }
      // An exit that did not fill (no volume, a halted bar) is placed again.
      const below = ctx.indicators.below('fast', 'slow');
      for (const [asset, position] of ctx.portfolio.positions) {
        const sid = asset.sid;
        if (position.amount <= 0 || !below.has(sid) || down.has(sid)) continue;
        if (data.canTrade(asset) && ctx.getOpenOrders(asset).length === 0)
          ctx.orderTarget(asset, 0);
      }
    },
  };
}

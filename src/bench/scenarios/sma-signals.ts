import type { Asset } from '../../assets/index.js';
import type { AlgorithmStrategy } from '../../engine/algorithm/run-options.js';
import { sma } from '../../indicators/index.js';

const FAST = 10;
const SLOW = 30;

/**
 * SMA(10)/SMA(30) declared for every asset; each bar the strategy touches only the
 * assets in the signal lists: 10 shares (0.01 of a coin) on a cross up, out on a cross down.
 */
export function smaSignals(): AlgorithmStrategy {
  let entry: number | string = 10;
  return {
    initialize(ctx) {
      const assets = ctx.allAssets();
      ctx.indicator('fast', sma(FAST), assets);
      ctx.indicator('slow', sma(SLOW), assets);
      entry = assets[0].assetClass === 'crypto' ? '0.01' : 10;
    },
    handleData(ctx) {
      const up = ctx.indicators.crossovers('fast', 'slow');
      for (let i = 0; i < up.length; i++) ctx.order(ctx.sid(up.sids[i]), entry);
      const down = ctx.indicators.crossunders('fast', 'slow');
      for (let i = 0; i < down.length; i++) ctx.orderTarget(ctx.sid(down.sids[i]), 0);
    },
  };
}

/**
 * The same crossover from `data.history` windows: the fast and slow means of every asset
 * every bar, ±10 shares on each cross.
 */
export function smaHistory(): AlgorithmStrategy {
  let assets: Asset[] = [];
  let long = new Uint8Array(0);
  return {
    initialize(ctx) {
      assets = ctx.allAssets();
      long = new Uint8Array(assets.length);
    },
    handleData(ctx, data) {
      for (let k = 0; k < assets.length; k++) {
        const closes = data.history(assets[k], 'close', SLOW);
        if (Number.isNaN(closes[0])) continue;
        let slow = 0;
        for (let i = 0; i < SLOW - FAST; i++) slow += closes[i];
        let fast = 0;
        for (let i = SLOW - FAST; i < SLOW; i++) fast += closes[i];
        slow = (slow + fast) / SLOW;
        fast /= FAST;
        if (fast > slow && long[k] === 0) {
          ctx.order(assets[k], 10);
          long[k] = 1;
        } else if (fast < slow && long[k] === 1) {
          ctx.order(assets[k], -10);
          long[k] = 0;
        }
      }
    },
  };
}

// The strategy of the sweep benchmark: SMA crossover on every asset, windows `fast` and `slow`.
import type { AlgorithmStrategy } from '../src/engine/algorithm/run-options.js';

const strategy: AlgorithmStrategy = {
  initialize() {},
  handleData(ctx, data) {
    const fastN = ctx.params.fast as number;
    const slowN = ctx.params.slow as number;
    for (const asset of ctx.allAssets()) {
      const closes = data.history(asset, 'close', slowN);
      if (Number.isNaN(closes[0])) continue;
      let slow = 0;
      for (let i = 0; i < slowN; i++) slow += closes[i];
      let fast = 0;
      for (let i = slowN - fastN; i < slowN; i++) fast += closes[i];
      const held = ctx.portfolio.positions.get(asset)?.amount ?? 0;
      if (fast / fastN > slow / slowN && held === 0) ctx.orderTarget(asset, 10);
      else if (fast / fastN < slow / slowN && held > 0) ctx.orderTarget(asset, 0);
    }
  },
};

export default strategy;

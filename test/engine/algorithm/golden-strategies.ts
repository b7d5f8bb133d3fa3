import type { AlgorithmStrategy } from '../../../src/engine/algorithm/run-options.js';
import { dateRules } from '../../../src/engine/algorithm/schedule-rules.js';

// The strategies of test/fixtures/golden/compute_golden.py, written against the rustybt API.

/** Buys 100 GOOG on the first bar and holds. */
export const buyAndHold: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.state.bought = false;
  },
  handleData(ctx) {
    if (ctx.state.bought !== true) {
      ctx.order(ctx.symbol('GOOG'), 100);
      ctx.state.bought = true;
    }
  },
};

/** Holds 100 GOOG while the 10-bar mean of closes is above the 30-bar mean. */
export const smaCross: AlgorithmStrategy = {
  initialize() {},
  handleData(ctx, data) {
    const goog = ctx.symbol('GOOG');
    const closes = data.history(goog, 'close', 30);
    if (Number.isNaN(closes[0])) return;
    let slow = 0;
    for (let i = 0; i < 30; i++) slow += closes[i];
    let fast = 0;
    for (let i = 20; i < 30; i++) fast += closes[i];
    fast /= 10;
    slow /= 30;
    const held = ctx.portfolio.positions.get(goog)?.amount ?? 0;
    if (fast > slow && held === 0) ctx.orderTarget(goog, 100);
    else if (fast < slow && held > 0) ctx.orderTarget(goog, 0);
    ctx.record({ fast, slow });
  },
};

/** On the first session of each month, targets 30 % of the portfolio in each of GOOG, ORCL, NVDA. */
export const monthlyRebalance: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.scheduleFunction((c) => {
      for (const asset of c.symbols('GOOG', 'ORCL', 'NVDA')) c.orderTargetPercent(asset, 0.3);
    }, dateRules.monthStart());
  },
  handleData() {},
};

/**
 * A crypto strategy on minute bars, 24/7: buy BTC/USDT when its 14-minute RSI
 * falls below 30 and sell when it rises above 70, with half the portfolio.
 *
 * The sample bars are generated offline by the seeded synthetic source (same
 * seed, same bars). Ingest three days of them, then run:
 *
 *   npx rustybt ingest synthetic --bundle crypto-demo --symbols BTC/USDT --frequency 1m \
 *     --calendar 24/7 --start 2024-01-01 --end 2024-01-03
 *   npx rustybt run -f examples/crypto-minute.ts --bundle crypto-demo --data-frequency minute \
 *     --calendar 24/7 --start 2024-01-01 --end 2024-01-03 -o crypto.json
 */
import type { AlgorithmStrategy } from 'rustybt';
import { rsi } from 'rustybt/indicators';

const strategy: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.indicator('rsi', rsi(14), [ctx.symbol('BTC/USDT')]);
  },
  handleData(ctx, data) {
    const btc = ctx.symbol('BTC/USDT');
    if (!data.canTrade(btc) || ctx.getOpenOrders(btc).length > 0) return;
    const held = ctx.portfolio.positions.get(btc)?.amount ?? 0;
    // Level comparisons: the assets whose RSI is below 30 / above 70 on this bar.
    if (held === 0 && ctx.indicators.below('rsi', 30).has(btc.sid))
      ctx.orderTargetPercent(btc, 0.5);
    else if (held > 0 && ctx.indicators.above('rsi', 70).has(btc.sid)) ctx.orderTarget(btc, 0);
  },
};

export default strategy;

import type { BacktestResults } from '../../../src/engine/algorithm/results.js';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy } from '../../../src/engine/algorithm/run-options.js';
import { SyntheticSource } from '../../../src/data/sources/synthetic-source.js';

/**
 * Every four hours, holds BTC/USDT long after a rise over the last four hours
 * and short after a fall; holds ETH/USDT long while it rose over the last day.
 */
export const fourHourMomentum: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.state.bars = 0;
  },
  handleData(ctx, data) {
    const bars = (ctx.state.bars as number) + 1;
    ctx.state.bars = bars;
    if (bars % 240 !== 0) return;
    const btc = ctx.symbol('BTC/USDT');
    const eth = ctx.symbol('ETH/USDT');
    const btcCloses = data.history(btc, 'close', 240);
    if (!Number.isNaN(btcCloses[0])) {
      ctx.orderTargetPercent(btc, btcCloses[239] > btcCloses[0] ? 0.4 : -0.3);
    }
    const ethCloses = data.history(eth, 'close', 1440);
    if (!Number.isNaN(ethCloses[0]))
      ctx.orderTargetPercent(eth, ethCloses[1439] > ethCloses[0] ? 0.3 : 0);
  },
};

/** Seven months of synthetic 24/7 minute bars of two pairs, traded by `fourHourMomentum` against BTC. */
export function cryptoMinuteRun(): Promise<BacktestResults> {
  return runAlgorithm({
    strategy: fourHourMomentum,
    dataSource: new SyntheticSource({ calendar: '24/7', seed: 7, priceScale: 2, volumeScale: 4 }),
    symbols: ['BTC/USDT', 'ETH/USDT'],
    start: '2024-01-01',
    end: '2024-07-31',
    dataFrequency: 'minute',
    calendar: '24/7',
    capitalBase: '100000',
    benchmark: 'BTC/USDT',
  });
}

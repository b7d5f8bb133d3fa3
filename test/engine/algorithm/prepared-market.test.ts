// One market loaded once, many backtests run on it: each gives exactly what
// runAlgorithm gives with the same options, whatever ran on the market before.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareMarket } from '../../../src/engine/algorithm/prepared-market.js';
import { runAlgorithm, runOnMarket } from '../../../src/engine/algorithm/run-algorithm.js';
import type { BacktestResults } from '../../../src/engine/algorithm/results.js';
import { realDailyFrame } from '../../helpers/real-bars.js';
import { buyAndHold, monthlyRebalance, smaCross } from './golden-strategies.js';

const frames = [
  realDailyFrame('GOOG.csv', 'GOOG', 2),
  realDailyFrame('orcl-1995-2014.txt', 'ORCL', 6),
  realDailyFrame('nvda-1999-2014.txt', 'NVDA', 6),
];
const market = { frames, start: '2011-01-03', end: '2012-12-31' };

/** Results as text, the backend's name aside. */
const canonical = (results: BacktestResults) =>
  JSON.stringify({ ...results, meta: { ...results.meta, backend: '' } });

describe('prepareMarket + runOnMarket', () => {
  it('runs several strategies on one prepared market, each identical to its own runAlgorithm', async () => {
    const prepared = await prepareMarket(market);
    const runs = [
      { strategy: smaCross, capitalBase: 100000, numeric: 'decimal' as const },
      { strategy: monthlyRebalance, capitalBase: '250000.50', numeric: 'decimal' as const },
      { strategy: buyAndHold, capitalBase: 100000, numeric: 'float' as const },
      { strategy: smaCross, capitalBase: 100000, numeric: 'decimal' as const },
    ];
    const shared = [];
    for (const run of runs) shared.push(canonical(await runOnMarket(prepared, run)));
    for (const [k, run] of runs.entries()) {
      assert.equal(shared[k], canonical(await runAlgorithm({ ...market, ...run })), `run ${k}`);
    }
    assert.equal(shared[0], shared[3], 'a market carries nothing from one run to the next');
  });

  it('refuses bad market options before loading anything, with typed errors', async () => {
    await assert.rejects(prepareMarket({ ...market, start: '2013-01-01' }), {
      name: 'ConfigError',
      message: /start 2013-01-01 is after end 2012-12-31/,
    });
    await assert.rejects(prepareMarket({ ...market, dataFrequency: 'weekly' as 'daily' }), {
      name: 'ConfigError',
    });
    await assert.rejects(prepareMarket({ ...market, start: '1990-01-02' }), {
      name: 'DataError',
      message: /outside the data/,
    });
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cached } from '../../../src/data/cache/index.js';
import { YahooSource } from '../../../src/data/sources/yahoo-source.js';
import { yfinance } from '../../../src/data/sources/index.js';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy } from '../../../src/engine/algorithm/run-options.js';
import { PerShareCommission } from '../../../src/engine/commission/index.js';
import { NoSlippage } from '../../../src/engine/slippage/index.js';
import { sendJson, startLoopback, type Loopback } from '../sources/helpers/loopback-server.js';
import type { CorporateActions } from '../../../src/data/sources/data-source.js';
import { formatDecimal } from '../../../src/numeric/index.js';
import { plain } from '../bundles/sample-frames.js';
import { temporaryHome } from './cache-helpers.js';

/** The recorded Yahoo chart exchange for daily AAPL, 2020-08-31 .. 2020-11-06 (4:1 split, 0.205 dividend). */
const RECORDED = 'test/fixtures/sources/yahoo/chart-AAPL-2020-08-31-to-2020-11-07.json';

let home: string;
let dispose: () => void;
let yahoo: Loopback;
before(async () => {
  ({ home, dispose } = temporaryHome());
  const exchange = JSON.parse(readFileSync(RECORDED, 'utf8')) as {
    request: { url: string };
    response: { bodyJson: unknown };
  };
  const recorded = new URL(exchange.request.url);
  yahoo = await startLoopback((url, response) => {
    const same = ['interval', 'period1', 'period2'].every(
      (key) => url.searchParams.get(key) === recorded.searchParams.get(key),
    );
    if (url.pathname === recorded.pathname && same)
      sendJson(response, 200, exchange.response.bodyJson);
    else
      sendJson(response, 404, {
        chart: { result: null, error: { code: 'Not Found', description: 'No data found' } },
      });
  });
});
after(async () => {
  await yahoo.close();
  dispose();
});

/** Buys 100 shares on the first bar and holds them through the dividend. */
const buyAndHold: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.state.bought = false;
  },
  handleData(ctx) {
    if (ctx.state.bought === true) return;
    ctx.order(ctx.symbol('AAPL'), 100);
    ctx.state.bought = true;
  },
};

describe('a backtest reading through the cache', () => {
  it('runs on cached(yfinance) end to end, and the second run is served from the cache with identical results', async () => {
    const options = {
      strategy: buyAndHold,
      symbols: ['AAPL'],
      start: '2020-08-31',
      end: '2020-11-06',
      capitalBase: 100_000,
      slippage: new NoSlippage(),
      commission: new PerShareCommission(0, 0),
    };
    const source = cached(yfinance({ baseUrl: yahoo.baseUrl }), { home: join(home, 'h') });
    const first = await runAlgorithm({ ...options, dataSource: source });
    const requests = yahoo.requests.length;
    assert.ok(requests >= 1);
    const second = await runAlgorithm({ ...options, dataSource: source });
    assert.equal(yahoo.requests.length, requests, 'no request reached Yahoo on the second run');
    assert.equal(JSON.stringify(second.performance), JSON.stringify(first.performance));
    assert.equal(JSON.stringify(second.transactions), JSON.stringify(first.transactions));
    assert.equal(JSON.stringify(second.positions), JSON.stringify(first.positions));
    assert.deepEqual([source.stats().misses, source.stats().hits], [1, 1]);
    // Bars, the 4:1 split and the 0.205 dividend come back from the cache as fetched:
    // a run straight on Yahoo gives the same results.
    const uncached = await runAlgorithm({
      ...options,
      dataSource: new YahooSource({ baseUrl: yahoo.baseUrl }),
    });
    assert.equal(JSON.stringify(uncached.performance), JSON.stringify(second.performance));
    assert.equal(JSON.stringify(uncached.transactions), JSON.stringify(second.transactions));
    const range = [new Date('2020-08-31T00:00:00Z'), new Date('2020-11-06T00:00:00Z')] as const;
    const fromCache = await source.fetch(['AAPL'], ...range, '1d');
    const fromYahoo = await new YahooSource({ baseUrl: yahoo.baseUrl }).fetch(
      ['AAPL'],
      ...range,
      '1d',
    );
    // Dividends come back with the same value in their shortest exact form (0.205 = 205 at scale 3).
    const exact = (actions: CorporateActions) => ({
      splits: actions.splits,
      dividends: actions.dividends.map(({ amount, scale, ...rest }) => ({
        ...rest,
        amount: formatDecimal(BigInt(amount), scale)
          .replace(/(\.\d*?)0+$/, '$1')
          .replace(/\.$/, ''),
      })),
    });
    assert.deepEqual(exact(fromCache.corporateActions), exact(fromYahoo.corporateActions));
    assert.equal(exact(fromCache.corporateActions).dividends[0].amount, '0.205');
    assert.equal(fromCache.corporateActions.splits[0].numerator, 4);
    assert.deepEqual(fromCache.frames.map(plain), fromYahoo.frames.map(plain));
    assert.equal(source.stats().hits, 2);
    source.close();
  });
});

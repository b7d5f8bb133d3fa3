// A prepared market crosses to worker threads over SharedArrayBuffers: rebuilt
// on the same memory (no copy), with the same checksum.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BarStore } from '../../src/data/portal/bar-store.js';
import { prepareMarket } from '../../src/engine/algorithm/prepared-market.js';
import { marketChecksum } from '../../src/optimize/market-checksum.js';
import { marketFromShared, shareMarket } from '../../src/optimize/shared-market.js';
import { realDailyFrame } from '../helpers/real-bars.js';

describe('shareMarket / marketFromShared', () => {
  it('puts the bar columns in SharedArrayBuffers and rebuilds the market over the same memory', async () => {
    const market = await prepareMarket({
      frames: [
        realDailyFrame('GOOG.csv', 'GOOG', 2),
        realDailyFrame('orcl-1995-2014.txt', 'ORCL', 6),
      ],
      start: '2012-01-03',
      end: '2012-03-30',
      warmupSessions: 5,
    });
    const shared = shareMarket(market);
    for (const array of [
      ...Object.values(shared.columns.units),
      shared.columns.hasBar,
      shared.timeline.bars,
    ]) {
      assert.ok(array.buffer instanceof SharedArrayBuffer);
    }
    const rebuilt = marketFromShared(structuredClone(shared));
    // structuredClone of a SharedArrayBuffer view shares the memory: a write shows on both sides.
    const close = rebuilt.store.columns().units.close;
    const original = shared.columns.units.close[0];
    close[0] = 12345;
    assert.equal(shared.columns.units.close[0], 12345);
    close[0] = original;
    assert.equal(marketChecksum(rebuilt), marketChecksum(market));
    assert.equal(rebuilt.warmup, market.warmup);
    assert.deepEqual(rebuilt.assets.all(), market.assets.all());
  });

  it('refuses columns whose lengths do not match the assets and bars', async () => {
    const market = await prepareMarket({
      frames: [realDailyFrame('GOOG.csv', 'GOOG', 2)],
      start: '2012-01-03',
      end: '2012-01-31',
    });
    const columns = market.store.columns();
    assert.throws(() => BarStore.fromColumns({ ...columns, hasBar: new Uint8Array(3) }), {
      name: 'DataError',
      message: /do not match 1 assets × \d+ bars/,
    });
  });
});

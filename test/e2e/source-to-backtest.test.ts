import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ingestIntoBundle } from '../../src/data/bundles/index.js';
import { CsvSource } from '../../src/data/sources/csv-source.js';
import { SyntheticSource } from '../../src/data/sources/synthetic-source.js';
import { runAlgorithm } from '../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy } from '../../src/engine/algorithm/run-options.js';
import { loadBundle } from '../../src/data/bundles/index.js';

const home = mkdtempSync(join(tmpdir(), 'rustybt-e2e-'));
after(() => rmSync(home, { recursive: true, force: true }));

/** Records what the strategy sees on every bar: time, open, close, volume of one symbol. */
function observer(symbol: string, seen: number[][]): AlgorithmStrategy {
  return {
    initialize() {},
    handleData(ctx, data) {
      const asset = ctx.symbol(symbol);
      seen.push([
        data.time,
        data.current(asset, 'open'),
        data.current(asset, 'close'),
        data.current(asset, 'volume'),
      ]);
    },
  };
}

describe('source → bundle → data portal → backtest', () => {
  it('shows the strategy exactly the bars of the real GOOG CSV file', async () => {
    const directory = new URL('../fixtures/real/', import.meta.url).pathname;
    const source = new CsvSource({ directory });
    await ingestIntoBundle(
      source,
      'goog-e2e',
      {
        symbols: ['GOOG'],
        start: new Date('2012-01-01T00:00:00Z'),
        end: new Date('2012-12-31T00:00:00Z'),
        frequency: '1d',
      },
      { home },
    );
    const seen: number[][] = [];
    await runAlgorithm({
      strategy: observer('GOOG', seen),
      bundle: 'goog-e2e',
      home,
      start: '2012-01-03',
      end: '2012-12-31',
      capitalBase: 1000,
    });
    const expected = readFileSync(join(directory, 'GOOG.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter((cells) => cells[0].startsWith('2012-'))
      .map((cells) => [
        Date.parse(`${cells[0]}T00:00:00Z`),
        Number(cells[1]),
        Number(cells[4]),
        Number(cells[5]),
      ]);
    assert.equal(seen.length, 250);
    assert.deepEqual(seen, expected);
  });

  it('runs a minute backtest on a synthetic bundle and sees its bars, in order, unchanged', async () => {
    const source = new SyntheticSource({
      calendar: '24/7',
      seed: 7,
      priceScale: 2,
      volumeScale: 4,
    });
    await ingestIntoBundle(
      source,
      'btc-e2e',
      {
        symbols: ['BTC/USDT'],
        start: new Date('2024-03-01T00:00:00Z'),
        end: new Date('2024-03-01T23:59:00Z'),
        frequency: '1m',
      },
      { home, assetClass: 'crypto' },
    );
    const bundle = await loadBundle('btc-e2e', { home });
    const frame = bundle.frames[0];
    const seen: number[][] = [];
    await runAlgorithm({
      strategy: observer('BTC/USDT', seen),
      bundle: 'btc-e2e',
      home,
      start: '2024-03-01',
      end: '2024-03-01',
      capitalBase: 1000,
      dataFrequency: 'minute',
      calendar: '24/7',
    });
    assert.equal(seen.length, 1440);
    seen.forEach(([time, open, close, volume], i) => {
      assert.equal(time, frame.timestamps[i]);
      assert.equal(open, frame.open[i] / 100);
      assert.equal(close, frame.close[i] / 100);
      assert.equal(volume, frame.volume[i] / 10_000);
    });
  });
});

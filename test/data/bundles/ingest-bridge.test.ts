import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getCalendar } from '../../../src/calendar/index.js';
import { UnifiedCatalog } from '../../../src/data/catalog/index.js';
import {
  adjustmentsOf,
  ingestIntoBundle,
  listVersions,
  loadBundle,
  qualityOf,
  writeBundle,
} from '../../../src/data/bundles/index.js';
import { CsvSource } from '../../../src/data/sources/csv-source.js';
import { SyntheticSource } from '../../../src/data/sources/synthetic-source.js';
import { ConfigError, DataError } from '../../../src/errors/index.js';
import { plain, temporaryHome } from './sample-frames.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

const csvDir = fileURLToPath(new URL('../../fixtures/cli/csv', import.meta.url));
const january = { start: new Date(Date.UTC(2024, 0, 1)), end: new Date(Date.UTC(2024, 0, 31)) };

describe('the adapter–bundle bridge', () => {
  it('stores exactly what the source fetched and records the ingest in the catalog', async () => {
    const source = new SyntheticSource({ seed: 7 });
    const options = { symbols: ['AAA', 'BBB'], ...january, frequency: '1h' as const };
    const fetched = await source.fetch(options.symbols, options.start, options.end, '1h');
    const summary = await ingestIntoBundle(source, 'bridge-synthetic', options, {
      home,
      assetClass: 'equity',
    });
    const loaded = await loadBundle('bridge-synthetic', { home, verify: true });
    assert.deepEqual(loaded.frames.map(plain), fetched.frames.map(plain));
    assert.deepEqual(
      loaded.assets.map((a) => [a.symbol, a.assetClass]),
      [
        ['AAA', 'equity'],
        ['BBB', 'equity'],
      ],
    );
    const catalog = UnifiedCatalog.open(join(home, 'catalog.sqlite'));
    const [record] = catalog.bundleVersions('bridge-synthetic');
    catalog.close();
    assert.equal(record.source, 'synthetic');
    assert.equal(record.version, summary.version);
    assert.equal(record.checksum, loaded.manifest.checksum);
    assert.equal(record.sizeBytes, loaded.manifest.sizeBytes);
    // The catalog keeps each file's size and SHA-256; the manifest adds the CRC-32 checked at load.
    assert.deepEqual(
      record.files,
      loaded.manifest.files.map(({ crc32: _crc, ...file }) => file),
    );
    assert.ok(loaded.manifest.files.every((file) => Number.isInteger(file.crc32)));
    assert.ok(record.files.some((f) => f.path.endsWith('.parquet')));
    assert.equal(record.rowsWritten, summary.rowsWritten);
    assert.equal(record.start, '2024-01-01T00:00:00.000Z');
    assert.deepEqual(
      record.symbols.map((s) => [s.symbol, s.frequency, s.rows]),
      fetched.frames.map((f) => [f.symbol, '1h', f.timestamps.length]),
    );
  });

  it("is what every source's ingestToBundle runs once the bundle layer is loaded", async () => {
    const summary = await new SyntheticSource({ seed: 7 }).ingestToBundle('via-source', {
      symbols: ['AAA'],
      ...january,
      frequency: '1d',
      bundleRoot: home,
    });
    // XNYS had 21 sessions in January 2024 (New Year's Day and MLK Day closed).
    assert.equal(summary.rowsWritten, 21);
    assert.deepEqual(listVersions(home, 'via-source'), [summary.version]);
  });

  it('drops bad CSV rows in lenient mode and counts them by reason, with missing sessions', async () => {
    const source = new CsvSource({ directory: csvDir });
    const summary = await ingestIntoBundle(
      source,
      'bridge-csv',
      {
        symbols: ['FLAWED', 'GAPPY'],
        ...january,
        frequency: '1d',
        calendar: getCalendar('XNYS'),
        maxDrop: 0.5,
      },
      { home },
    );
    assert.equal(summary.rowsWritten, 6);
    assert.equal(summary.rowsDropped, 3);
    assert.deepEqual(summary.drops, {
      'ohlc-inconsistent': 1,
      'duplicate-timestamp': 1,
      'negative-volume': 1,
    });
    assert.ok(summary.missingSessions >= 1);
  });

  it('writes nothing when more than maxDrop of the rows are dropped (default 10 %)', async () => {
    const source = new CsvSource({ directory: csvDir });
    const options = { symbols: ['FLAWED', 'GAPPY'], ...january, frequency: '1d' as const };
    await assert.rejects(ingestIntoBundle(source, 'bridge-gutted', options, { home }), {
      name: 'DataError',
      message:
        /3 of 9 rows \(33\.3 %\) were dropped as bad, more than the 10 % allowed \(FLAWED 3 of 6/,
    });
    await assert.rejects(
      ingestIntoBundle(source, 'bridge-gutted', { ...options, maxDrop: 0.3 }, { home }),
      DataError,
    );
    assert.deepEqual(listVersions(home, 'bridge-gutted'), []);
    await assert.rejects(
      ingestIntoBundle(source, 'bridge-gutted', { ...options, maxDrop: -1 }, { home }),
      ConfigError,
    );
  });

  it('streams a CSV ingest symbol by symbol into the bundle a whole fetch would write', async () => {
    const symbols = ['FLAWED', 'GAPPY'];
    const options = { symbols, ...january, frequency: '1d' as const, maxDrop: 0.5 };
    const fetched = await new CsvSource({ directory: csvDir }).fetch(
      symbols,
      january.start,
      january.end,
      '1d',
    );
    const source = new CsvSource({ directory: csvDir });
    const handed: string[] = [];
    const fetchInto = source.fetchInto.bind(source);
    source.fetchInto = (...args) => {
      const consume = args[5];
      return fetchInto(args[0], args[1], args[2], args[3], args[4], (frame) => {
        handed.push(frame.symbol);
        return consume(frame);
      });
    };
    const summary = await ingestIntoBundle(source, 'bridge-streamed', options, { home });
    assert.deepEqual(handed, symbols);
    assert.deepEqual(summary.report, fetched.report);
    assert.equal(
      summary.rowsWritten,
      fetched.frames.reduce((n, f) => n + f.timestamps.length, 0),
    );
    const whole = await writeBundle(
      'bridge-whole',
      {
        frames: fetched.frames,
        assets: symbols.map((symbol) => ({ symbol, exchange: null, assetClass: null })),
      },
      { home },
    );
    assert.equal(summary.checksum, whole.manifest.checksum);
    const loaded = await loadBundle('bridge-streamed', { home, verify: true });
    assert.deepEqual(loaded.frames.map(plain), fetched.frames.map(plain));
    // Refused after the frames were staged: neither a version nor the bundle's folder remains.
    await assert.rejects(
      ingestIntoBundle(source, 'bridge-refused', { ...options, maxDrop: 0.1 }, { home }),
      DataError,
    );
    assert.equal(existsSync(join(home, 'bundles', 'bridge-refused')), false);
  });

  it('writes nothing when the source fails in strict mode', async () => {
    await assert.rejects(
      ingestIntoBundle(
        new CsvSource({ directory: csvDir }),
        'bridge-strict',
        { symbols: ['FLAWED'], ...january, frequency: '1d', strict: true },
        { home },
      ),
      DataError,
    );
    assert.deepEqual(listVersions(home, 'bridge-strict'), []);
  });

  it('refuses an invalid bundle name before fetching anything', async () => {
    let fetched = false;
    const source = new SyntheticSource();
    const spy = Object.assign(Object.create(source) as SyntheticSource, {
      fetch: () => {
        fetched = true;
        return Promise.reject(new Error('should not fetch'));
      },
    });
    await assert.rejects(
      ingestIntoBundle(
        spy,
        'no/slashes',
        { symbols: ['A'], ...january, frequency: '1d' },
        { home },
      ),
      ConfigError,
    );
    assert.equal(fetched, false);
  });

  it('turns splits and dividends into exact adjustments and counts quality issues', () => {
    assert.deepEqual(
      adjustmentsOf({
        splits: [{ symbol: 'AAPL', exDate: Date.UTC(2020, 7, 31), numerator: 4, denominator: 1 }],
        dividends: [
          { symbol: 'AAPL', exDate: Date.UTC(2020, 7, 7), amount: 82, scale: 2, currency: 'USD' },
        ],
      }),
      [
        {
          kind: 'split',
          symbol: 'AAPL',
          exDate: Date.UTC(2020, 7, 31),
          numerator: '4',
          denominator: '1',
        },
        {
          kind: 'dividend',
          symbol: 'AAPL',
          exDate: Date.UTC(2020, 7, 7),
          amount: '0.82',
          payDate: null,
          currency: 'USD',
        },
      ],
    );
    const issue = { symbol: 'A', row: 1, detail: '' };
    assert.deepEqual(
      qualityOf({
        issues: [
          { ...issue, problem: 'outlier', action: 'flagged' },
          { ...issue, problem: 'outlier', action: 'dropped' },
          { ...issue, problem: 'negative-volume', action: 'dropped' },
          { ...issue, problem: 'forward-filled', action: 'repaired' },
        ],
        gaps: [
          { symbol: 'A', missing: [1, 2] },
          { symbol: 'B', missing: [3] },
        ],
      }),
      {
        rowsDropped: 2,
        drops: { outlier: 1, 'negative-volume': 1 },
        missingSessions: 3,
        outliers: 2,
      },
    );
  });
});

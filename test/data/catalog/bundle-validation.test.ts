import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { getCalendar } from '../../../src/calendar/index.js';
import { allocateBarFrame, type BarFrame, type Frequency } from '../../../src/data/bar-frame.js';
import { writeBundle, type BundleAsset } from '../../../src/data/bundles/index.js';
import {
  calendarNameForAsset,
  ohlcViolations,
  UnifiedCatalog,
  validateBundle,
  validateBundles,
} from '../../../src/data/catalog/index.js';
import { DataError } from '../../../src/errors/index.js';
import { temporaryHome } from '../bundles/sample-frames.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

const XNYS = getCalendar('XNYS');
/** The 21 NYSE sessions of January 2024 (closed on the 1st and on MLK Day, the 15th). */
const JANUARY = Array.from(XNYS.sessionsInRange(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 31)));

/** A clean frame on the given bar starts: open 100.00, high 101.00, low 99.00, close 100.50. */
function frameAt(symbol: string, frequency: Frequency, starts: readonly number[]): BarFrame {
  const frame = allocateBarFrame(symbol, frequency, starts.length, 2, 0);
  starts.forEach((start, i) => {
    frame.timestamps[i] = start;
    frame.open[i] = 10_000 + i;
    frame.high[i] = 10_100 + i;
    frame.low[i] = 9_900 + i;
    frame.close[i] = 10_050 + i;
    frame.volume[i] = 500 + i;
  });
  return frame;
}

const equities: BundleAsset[] = [
  { symbol: 'AAPL', exchange: 'NASDAQ', assetClass: 'equity' },
  { symbol: 'MSFT', exchange: 'NASDAQ', assetClass: 'equity' },
];

/** Writes a bundle and records it in the catalog with its files, as an ingest does. */
async function ingestFrames(
  name: string,
  frames: BarFrame[],
  assets: BundleAsset[],
  source = 'csv',
): Promise<string> {
  const written = await writeBundle(name, { frames, assets }, { home });
  const catalog = UnifiedCatalog.open(join(home, 'catalog.sqlite'));
  try {
    catalog.recordBundleVersion({
      bundle: name,
      version: written.version,
      source,
      origin: null,
      apiVersion: null,
      fetchedAt: '2026-11-24T10:00:00.000Z',
      frequencies: [...new Set(frames.map((f) => f.frequency))],
      start: null,
      end: null,
      rowsWritten: frames.reduce((sum, f) => sum + f.timestamps.length, 0),
      rowsDropped: 0,
      drops: {},
      missingSessions: 0,
      outliers: 0,
      checksum: written.manifest.checksum,
      sizeBytes: written.manifest.sizeBytes,
      path: written.path,
      symbols: [],
      files: written.manifest.files,
    });
  } finally {
    catalog.close();
  }
  return written.path;
}

describe('validating a bundle', () => {
  it('passes a clean equity bundle: every file matches the catalog, no gap on XNYS, no bad bar', async () => {
    const path = await ingestFrames(
      'clean',
      [frameAt('AAPL', '1d', JANUARY), frameAt('MSFT', '1d', JANUARY)],
      equities,
    );
    const report = await validateBundle('clean', { home });
    assert.equal(report.path, path);
    assert.equal(report.digestsFrom, 'catalog');
    assert.equal(report.filesChecked, 5, '2 fast files; bars, assets and adjustments Parquet');
    assert.deepEqual(report.calendars, { AAPL: 'XNYS', MSFT: 'XNYS' });
    assert.deepEqual(
      [report.fileMismatches, report.gaps, report.ohlc, report.errors, report.problems],
      [[], [], [], [], 0],
    );
  });

  it('catches one flipped byte in a Parquet file and names the file', async () => {
    const path = await ingestFrames('flipped', [frameAt('AAPL', '1d', JANUARY)], equities);
    const file = join(path, 'bars/frequency=1d/year=2024/data_0.parquet');
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(file, bytes);
    const report = await validateBundle('flipped', { home });
    assert.deepEqual(
      report.fileMismatches.map((m) => [m.path, m.problem]),
      [['bars/frequency=1d/year=2024/data_0.parquet', 'sha256']],
    );
    assert.equal(report.problems, 1);
  });

  it('catches a bar whose high is below its low, and says which rules it breaks', async () => {
    const frame = frameAt('AAPL', '1d', JANUARY);
    // 2024-01-10: open 100.06, close 100.56, high 99.00, low 99.50 (low still below open and close).
    frame.high[6] = 9_900;
    frame.low[6] = 9_950;
    await ingestFrames('ohlc', [frame], equities);
    const report = await validateBundle('ohlc', { home });
    assert.deepEqual(report.ohlc, [
      {
        symbol: 'AAPL',
        frequency: '1d',
        timestamp: Date.UTC(2024, 0, 10),
        problems: ['high < low', 'high < max(open, close)'],
      },
    ]);
    assert.equal(report.problems, 1);
  });

  it('catches a missing session against the XNYS calendar', async () => {
    const withoutTheNinth = JANUARY.filter((t) => t !== Date.UTC(2024, 0, 9));
    assert.equal(withoutTheNinth.length, 20);
    await ingestFrames('gappy', [frameAt('MSFT', '1d', withoutTheNinth)], equities);
    const report = await validateBundle('gappy', { home });
    assert.deepEqual(report.gaps, [
      { symbol: 'MSFT', frequency: '1d', calendar: 'XNYS', missing: [Date.UTC(2024, 0, 9)] },
    ]);
    assert.equal(report.problems, 1);
  });

  it('uses the 24/7 calendar for crypto pairs, so weekend hours count, unless --calendar says otherwise', async () => {
    // 2024-01-05 (Friday) 00:00 to 2024-01-08 (Monday) 23:00, one bar an hour, 09:00 on Sunday missing.
    const hours = Array.from({ length: 96 }, (_, i) => Date.UTC(2024, 0, 5) + i * 3_600_000).filter(
      (t) => t !== Date.UTC(2024, 0, 7, 9),
    );
    await ingestFrames(
      'pairs',
      [frameAt('BTC/USDT', '1h', hours)],
      [{ symbol: 'BTC/USDT', exchange: 'binance', assetClass: 'crypto' }],
      'ccxt',
    );
    const report = await validateBundle('pairs', { home });
    assert.deepEqual(report.calendars, { 'BTC/USDT': '24/7' });
    assert.deepEqual(
      report.gaps.map((g) => g.missing),
      [[Date.UTC(2024, 0, 7, 9)]],
    );
    const asNyse = await validateBundle('pairs', { home, calendar: 'XNYS' });
    assert.deepEqual(asNyse.calendars, { 'BTC/USDT': 'XNYS' });
    // Friday's and Monday's XNYS hourly bars start at 14:30 UTC; these bars sit on the hour.
    assert.equal(asNyse.gaps[0].missing.length, 14);
  });

  it('falls back to the manifest for a version the catalog has no files of, and says so', async () => {
    await writeBundle(
      'uncataloged',
      { frames: [frameAt('AAPL', '1d', JANUARY)], assets: equities },
      { home },
    );
    const report = await validateBundle('uncataloged', { home });
    assert.equal(report.digestsFrom, 'manifest');
    assert.equal(report.filesChecked, 4);
    assert.equal(report.problems, 0);
  });

  it('validates every bundle on disk or in the catalog, and refuses an unknown name', async () => {
    const reports = await validateBundles({ home });
    assert.deepEqual(
      reports.map((r) => [r.bundle, r.problems > 0]),
      [
        ['clean', false],
        ['flipped', true],
        ['gappy', true],
        ['ohlc', true],
        ['pairs', true],
        ['uncataloged', false],
      ],
    );
    await assert.rejects(validateBundle('nowhere', { home }), DataError);
  });
});

describe('the calendar of an asset', () => {
  it('is 24/7 for crypto by class, venue, pair symbol or ccxt source, and XNYS otherwise', () => {
    const asset = (
      symbol: string,
      exchange: string | null,
      assetClass: string | null,
    ): BundleAsset => ({
      symbol,
      exchange,
      assetClass,
    });
    assert.equal(calendarNameForAsset(asset('BTCUSD', null, 'Crypto'), 'csv'), '24/7');
    assert.equal(calendarNameForAsset(asset('BTCUSDT', 'Binance', null), 'csv'), '24/7');
    assert.equal(calendarNameForAsset(asset('ETH/USDT', null, null), 'csv'), '24/7');
    assert.equal(calendarNameForAsset(asset('SOLUSDT', null, null), 'ccxt'), '24/7');
    assert.equal(calendarNameForAsset(asset('AAPL', 'NASDAQ', 'equity'), 'yfinance'), 'XNYS');
    assert.equal(calendarNameForAsset(asset('SPY', null, null), null), 'XNYS');
  });
});

describe('the OHLC rules', () => {
  it('flag a bar exactly when low <= min(open, close) <= max(open, close) <= high with positive prices and volume >= 0 fails', () => {
    const unit = fc.integer({ min: -5, max: 40 });
    fc.assert(
      fc.property(fc.array(fc.tuple(unit, unit, unit, unit, unit), { maxLength: 30 }), (bars) => {
        const frame = allocateBarFrame('X', '1d', bars.length, 0, 0);
        bars.forEach(([o, h, l, c, v], i) => {
          frame.timestamps[i] = i * 86_400_000;
          [frame.open[i], frame.high[i], frame.low[i], frame.close[i], frame.volume[i]] = [
            o,
            h,
            l,
            c,
            v,
          ];
        });
        const flagged = new Set(ohlcViolations(frame).map((v) => v.timestamp / 86_400_000));
        bars.forEach(([o, h, l, c, v], i) => {
          const sound =
            Math.min(o, h, l, c) > 0 && l <= Math.min(o, c) && Math.max(o, c) <= h && v >= 0;
          assert.equal(flagged.has(i), !sound, `bar ${i}: ${[o, h, l, c, v].join(', ')}`);
        });
      }),
    );
  });
});

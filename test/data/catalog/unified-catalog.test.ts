import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { UnifiedCatalog, type BundleVersionRecord } from '../../../src/data/catalog/index.js';
import { temporaryHome } from '../bundles/sample-frames.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

function version(name: string, overrides: Partial<BundleVersionRecord> = {}): BundleVersionRecord {
  return {
    bundle: 'daily',
    version: name,
    source: 'yfinance',
    origin: 'https://query1.finance.yahoo.com/v8/finance/chart',
    apiVersion: 'yahoo-finance2@3',
    fetchedAt: `${name.slice(0, 10)}T08:00:00.000Z`,
    frequencies: ['1d'],
    start: '2024-01-02T00:00:00.000Z',
    end: '2024-12-31T00:00:00.000Z',
    rowsWritten: 502,
    rowsDropped: 2,
    drops: { 'ohlc-inconsistent': 2 },
    missingSessions: 1,
    outliers: 0,
    checksum: 'cd'.repeat(32),
    sizeBytes: 4_096,
    path: `/bundles/daily/${name}`,
    symbols: [
      {
        symbol: 'AAPL',
        frequency: '1d',
        rows: 251,
        firstBar: '2024-01-02T00:00:00.000Z',
        lastBar: '2024-12-31T00:00:00.000Z',
      },
      {
        symbol: 'MSFT',
        frequency: '1d',
        rows: 251,
        firstBar: '2024-01-02T00:00:00.000Z',
        lastBar: '2024-12-31T00:00:00.000Z',
      },
    ],
    files: [
      { path: 'assets.parquet', bytes: 1_000, sha256: '11'.repeat(32) },
      { path: 'bars/frequency=1d/year=2024/data_0.parquet', bytes: 3_096, sha256: '22'.repeat(32) },
    ],
    ...overrides,
  };
}

describe('UnifiedCatalog', () => {
  it('records a bundle version with its symbols, drops and files, and reads it back after reopening', () => {
    const path = join(home, 'roundtrip.sqlite');
    const catalog = UnifiedCatalog.open(path);
    const id = catalog.recordBundleVersion(version('2026-11-20T08-00-00-000Z'));
    catalog.close();
    const reopened = UnifiedCatalog.open(path);
    const [stored] = reopened.bundleVersions('daily');
    reopened.close();
    assert.deepEqual(stored, { ...version('2026-11-20T08-00-00-000Z'), id, prunedAt: null });
  });

  it('stores the files in version_files, where the version-1 views do not look', () => {
    const path = join(home, 'files.sqlite');
    const catalog = UnifiedCatalog.open(path);
    const id = catalog.recordBundleVersion(version('2026-11-20T08-00-00-000Z'));
    assert.deepEqual(
      catalog.db
        .prepare('SELECT path, bytes FROM version_files WHERE version_id = ? ORDER BY path')
        .all(id),
      [
        { path: 'assets.parquet', bytes: 1_000 },
        { path: 'bars/frequency=1d/year=2024/data_0.parquet', bytes: 3_096 },
      ],
    );
    assert.equal(catalog.db.prepare('SELECT COUNT(*) FROM ingestions').pluck().get(), 1);
    catalog.close();
  });

  it('summarizes datasets per kind: live and pruned versions, the newest live version, the last fetch', () => {
    const catalog = UnifiedCatalog.open(join(home, 'datasets.sqlite'));
    catalog.recordBundleVersion(version('2026-11-20T08-00-00-000Z'));
    catalog.recordBundleVersion(version('2026-11-21T08-00-00-000Z'));
    catalog.recordBundleVersion(version('2026-11-22T08-00-00-000Z'));
    catalog.recordBundleVersion(
      version('2026-11-19T08-00-00-000Z', { bundle: 'pairs', source: 'ccxt', origin: 'binance' }),
    );
    // The cache layer writes its own datasets through the handle.
    catalog.db
      .prepare(
        "INSERT INTO datasets (kind, name, source, created_at) VALUES ('cache', 'yfinance|1d', 'yfinance', '2026-11-23T00:00:00.000Z')",
      )
      .run();
    assert.equal(
      catalog.markPruned(
        'daily',
        ['2026-11-22T08-00-00-000Z', 'no-such-version'],
        new Date(Date.UTC(2026, 10, 23)),
      ),
      1,
    );
    assert.deepEqual(
      catalog
        .datasets('bundle')
        .map((d) => [
          d.name,
          d.source,
          d.versions,
          d.prunedVersions,
          d.latestVersion,
          d.lastFetchedAt,
        ]),
      [
        ['daily', 'yfinance', 2, 1, '2026-11-21T08-00-00-000Z', '2026-11-22T08:00:00.000Z'],
        ['pairs', 'ccxt', 1, 0, '2026-11-19T08-00-00-000Z', '2026-11-19T08:00:00.000Z'],
      ],
    );
    assert.deepEqual(
      catalog.datasets().map((d) => [d.kind, d.name]),
      [
        ['bundle', 'daily'],
        ['bundle', 'pairs'],
        ['cache', 'yfinance|1d'],
      ],
    );
    assert.deepEqual(
      catalog.datasets('cache').map((d) => [d.name, d.versions, d.latestVersion]),
      [['yfinance|1d', 0, null]],
    );
    assert.equal(catalog.latestBundleVersion('daily')?.version, '2026-11-21T08-00-00-000Z');
    assert.equal(catalog.latestBundleVersion('nothing'), undefined);
    catalog.close();
  });

  it('keeps the first prune time when a version is pruned twice', () => {
    const catalog = UnifiedCatalog.open(join(home, 'prune-twice.sqlite'));
    catalog.recordBundleVersion(version('2026-11-20T08-00-00-000Z'));
    catalog.markPruned('daily', ['2026-11-20T08-00-00-000Z'], new Date(Date.UTC(2026, 10, 21)));
    assert.equal(
      catalog.markPruned('daily', ['2026-11-20T08-00-00-000Z'], new Date(Date.UTC(2026, 10, 22))),
      0,
    );
    assert.equal(catalog.bundleVersions('daily')[0].prunedAt, '2026-11-21T00:00:00.000Z');
    catalog.close();
  });

  it('writes nothing of a version whose files clash (one transaction)', () => {
    const catalog = UnifiedCatalog.open(join(home, 'atomic.sqlite'));
    const file = { path: 'assets.parquet', bytes: 1, sha256: '00'.repeat(32) };
    assert.throws(
      () =>
        catalog.recordBundleVersion(version('2026-11-20T08-00-00-000Z', { files: [file, file] })),
      /UNIQUE/,
    );
    assert.deepEqual(catalog.bundleVersions(), []);
    assert.equal(catalog.db.prepare('SELECT COUNT(*) FROM version_symbols').pluck().get(), 0);
    catalog.close();
  });

  it('opens in WAL mode with foreign keys on, so deleting a version deletes its rows', () => {
    const path = join(home, 'pragmas.sqlite');
    const catalog = UnifiedCatalog.open(path);
    assert.equal(catalog.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(catalog.db.pragma('foreign_keys', { simple: true }), 1);
    const id = catalog.recordBundleVersion(version('2026-11-20T08-00-00-000Z'));
    catalog.db.prepare('DELETE FROM dataset_versions WHERE id = ?').run(id);
    catalog.close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.prepare('SELECT COUNT(*) FROM version_files').pluck().get(), 0);
    db.close();
  });
});

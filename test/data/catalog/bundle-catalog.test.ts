import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  BundleCatalog,
  CATALOG_SCHEMA_VERSION,
  type IngestionRecord,
} from '../../../src/data/catalog/index.js';
import { CatalogError } from '../../../src/errors/index.js';
import { temporaryHome } from '../bundles/sample-frames.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

function record(version: string, overrides: Partial<IngestionRecord> = {}): IngestionRecord {
  return {
    bundle: 'yahoo-daily',
    version,
    source: 'yfinance',
    origin: 'https://query1.finance.yahoo.com/v8/finance/chart',
    apiVersion: 'yahoo-finance2@3',
    fetchedAt: '2026-11-24T08:00:00.000Z',
    frequencies: ['1d'],
    start: '2024-01-02T00:00:00.000Z',
    end: '2024-12-31T00:00:00.000Z',
    rowsWritten: 502,
    rowsDropped: 3,
    drops: { 'high < low': 2, 'duplicate timestamp': 1 },
    missingSessions: 1,
    outliers: 4,
    checksum: 'ab'.repeat(32),
    sizeBytes: 123_456,
    path: `/somewhere/${version}`,
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
    ...overrides,
  };
}

describe('the bundle catalog (SQLite)', () => {
  it('creates a WAL-mode database at the current schema version, with the version-1 tables as views', () => {
    const path = join(home, 'fresh.sqlite');
    BundleCatalog.open(path).close();
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), CATALOG_SCHEMA_VERSION);
    assert.equal(CATALOG_SCHEMA_VERSION, 2);
    const views = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
      .pluck()
      .all();
    assert.deepEqual(views, ['ingestion_drops', 'ingestion_symbols', 'ingestions']);
    db.close();
  });

  it('records every ingest with provenance, range, quality, checksum and size, and reads it back after reopening', () => {
    const path = join(home, 'catalog.sqlite');
    const catalog = BundleCatalog.open(path);
    catalog.recordIngestion(record('2026-11-24T08-00-00-000Z'));
    catalog.recordIngestion(
      record('2026-11-24T09-00-00-000Z', { bundle: 'other', source: 'ccxt', origin: 'binance' }),
    );
    catalog.close();
    const reopened = BundleCatalog.open(path);
    const stored = reopened.ingestions('yahoo-daily');
    assert.equal(stored.length, 1);
    const { id, prunedAt, ...rest } = stored[0];
    assert.ok(id > 0);
    assert.equal(prunedAt, null);
    assert.deepEqual(rest, record('2026-11-24T08-00-00-000Z'));
    assert.deepEqual(
      reopened.ingestions().map((i) => [i.bundle, i.origin]),
      [
        ['other', 'binance'],
        ['yahoo-daily', 'https://query1.finance.yahoo.com/v8/finance/chart'],
      ],
    );
    reopened.close();
  });

  it('refuses a second record of the same bundle version and keeps the first intact', () => {
    const catalog = BundleCatalog.open(join(home, 'unique.sqlite'));
    catalog.recordIngestion(record('v1'));
    assert.throws(() => catalog.recordIngestion(record('v1', { rowsWritten: 1 })), /UNIQUE/);
    assert.deepEqual(
      catalog.ingestions().map((i) => i.rowsWritten),
      [502],
    );
    catalog.close();
  });

  it('marks pruned versions without forgetting them', () => {
    const catalog = BundleCatalog.open(join(home, 'pruned.sqlite'));
    catalog.recordIngestion(record('v1'));
    catalog.recordIngestion(record('v2'));
    catalog.markPruned('yahoo-daily', ['v1'], new Date(Date.UTC(2026, 10, 24, 9)));
    assert.deepEqual(
      catalog.ingestions().map((i) => [i.version, i.prunedAt]),
      [
        ['v1', '2026-11-24T09:00:00.000Z'],
        ['v2', null],
      ],
    );
    catalog.close();
  });

  it('refuses a catalog written by a newer schema with a CatalogError', () => {
    const path = join(home, 'future.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 7');
    db.close();
    assert.throws(() => BundleCatalog.open(path), CatalogError);
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  CATALOG_SCHEMA_VERSION,
  listCatalogBackups,
  rollbackCatalog,
  UnifiedCatalog,
} from '../../../src/data/catalog/index.js';
import { CatalogError } from '../../../src/errors/index.js';
import { temporaryHome } from '../bundles/sample-frames.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** Schema-1 catalog written by the code of commit 2f3010d (see test/fixtures/catalog/README.md). */
const fixture = fileURLToPath(new URL('../../fixtures/catalog/v1-catalog.sqlite', import.meta.url));

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

let copies = 0;
/** A fresh copy of the schema-1 fixture in its own directory. */
function v1Copy(): string {
  const dir = join(home, `copy-${++copies}`);
  mkdirSync(dir);
  const path = join(dir, 'catalog.sqlite');
  copyFileSync(fixture, path);
  return path;
}

type Row = Record<string, unknown>;
function rows(path: string, sql: string): Row[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as Row[];
  } finally {
    db.close();
  }
}

const V1_QUERIES = {
  ingestions: 'SELECT * FROM ingestions ORDER BY id',
  symbols: 'SELECT * FROM ingestion_symbols ORDER BY ingestion_id, symbol',
  drops: 'SELECT * FROM ingestion_drops ORDER BY ingestion_id, reason',
};

describe('migrating a catalog written by the earlier schema (version 1)', () => {
  it('converts every ingestion, symbol and drop row: the version-1 views return exactly the old rows', () => {
    const path = v1Copy();
    const before = Object.fromEntries(
      Object.entries(V1_QUERIES).map(([name, sql]) => [name, rows(path, sql)]),
    );
    // What the fixture holds, read with the sqlite3 shell when it was made.
    assert.equal(before.ingestions.length, 3);
    assert.equal(before.symbols.length, 6);
    assert.equal(before.drops.length, 3);
    UnifiedCatalog.open(path, { notice: () => undefined }).close();
    for (const [name, sql] of Object.entries(V1_QUERIES)) {
      assert.deepEqual(rows(path, sql), before[name], name);
    }
    assert.equal(rows(path, 'PRAGMA user_version')[0].user_version, CATALOG_SCHEMA_VERSION);
    assert.deepEqual(rows(path, "SELECT type FROM sqlite_master WHERE name = 'ingestions'"), [
      { type: 'view' },
    ]);
  });

  it('fills the unified tables with the golden values of the fixture', () => {
    const path = v1Copy();
    const catalog = UnifiedCatalog.open(path, { notice: () => undefined });
    assert.deepEqual(
      catalog
        .datasets()
        .map((d) => [d.kind, d.name, d.source, d.createdAt, d.versions, d.prunedVersions]),
      [
        ['bundle', 'flawed', 'csv', '2026-11-24T09:59:18.832Z', 1, 0],
        ['bundle', 'pairs', 'synthetic', '2026-11-24T09:59:19.630Z', 1, 1],
      ],
    );
    const [flawed] = catalog.bundleVersions('flawed');
    assert.equal(flawed.id, 1);
    assert.equal(flawed.version, '2026-11-24T09-59-18-877Z');
    assert.equal(flawed.origin, 'test/fixtures/cli/csv');
    assert.equal(flawed.rowsWritten, 6);
    assert.equal(flawed.rowsDropped, 3);
    assert.equal(flawed.missingSessions, 36);
    assert.deepEqual(flawed.drops, {
      'duplicate-timestamp': 1,
      'negative-volume': 1,
      'ohlc-inconsistent': 1,
    });
    assert.deepEqual(
      flawed.symbols.map((s) => [s.symbol, s.rows, s.firstBar, s.lastBar]),
      [
        ['FLAWED', 3, '2024-01-02T00:00:00.000Z', '2024-01-08T00:00:00.000Z'],
        ['GAPPY', 3, '2024-01-02T00:00:00.000Z', '2024-01-05T00:00:00.000Z'],
      ],
    );
    assert.deepEqual(flawed.files, [], 'schema 1 recorded no files');
    assert.deepEqual(
      catalog
        .bundleVersions('pairs')
        .map((v) => [v.id, v.version, v.origin, v.prunedAt, v.checksum.slice(0, 8)]),
      [
        [2, '2026-11-24T09-59-19-775Z', 'binance', '2026-11-24T09:59:21.629Z', 'cdfefc15'],
        [3, '2026-11-24T09-59-20-712Z', 'binance', null, 'cdfefc15'],
      ],
    );
    assert.deepEqual(catalog.db.prepare('SELECT version, name FROM schema_migrations').all(), [
      { version: 2, name: 'unified-catalog' },
    ]);
    catalog.close();
  });

  it('backs the file up first, byte for byte, and names the backup in one notice line', () => {
    const path = v1Copy();
    const notices: string[] = [];
    UnifiedCatalog.open(path, { notice: (line) => notices.push(line) }).close();
    const backups = listCatalogBackups(path);
    assert.equal(backups.length, 1);
    assert.equal(backups[0].schemaVersion, 1);
    assert.match(
      backups[0].path,
      /catalog\.sqlite\.v1-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/,
    );
    assert.ok(readFileSync(backups[0].path).equals(readFileSync(fixture)));
    assert.equal(notices.length, 1);
    assert.ok(notices[0].includes(backups[0].path), notices[0]);
    assert.match(notices[0], /from schema 1 to 2/);
    assert.ok(notices[0].endsWith('\n') && notices[0].indexOf('\n') === notices[0].length - 1);
  });

  it('includes in the backup what another connection committed that is still only in the WAL', () => {
    const path = v1Copy();
    const writer = new Database(path);
    writer.pragma('wal_autocheckpoint = 0');
    writer
      .prepare(
        `INSERT INTO ingestions (bundle, version, source, fetched_at, frequencies, symbol_count, rows_written,
           rows_dropped, missing_sessions, outliers, checksum, size_bytes, path)
         VALUES ('late', 'v9', 'csv', '2026-11-24T10:00:00.000Z', '1d', 0, 0, 0, 0, 0, 'x', 0, '/late')`,
      )
      .run();
    assert.ok(readFileSync(`${path}-wal`).length > 0, 'the row is in the WAL only');
    try {
      UnifiedCatalog.open(path, { notice: () => undefined }).close();
    } finally {
      writer.close();
    }
    const [backup] = listCatalogBackups(path);
    assert.deepEqual(
      rows(backup.path, 'SELECT bundle, version FROM ingestions ORDER BY id').map((r) => r.bundle),
      ['flawed', 'pairs', 'pairs', 'late'],
    );
    assert.deepEqual(rows(path, "SELECT version FROM ingestions WHERE bundle = 'late'"), [
      { version: 'v9' },
    ]);
  });

  it('takes no backup and prints nothing for a new file or one already current', () => {
    const dir = join(home, 'fresh');
    mkdirSync(dir);
    const path = join(dir, 'catalog.sqlite');
    const notices: string[] = [];
    UnifiedCatalog.open(path, { notice: (line) => notices.push(line) }).close();
    UnifiedCatalog.open(path, { notice: (line) => notices.push(line) }).close();
    assert.deepEqual(notices, []);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('backup')),
      [],
    );
    assert.equal(rows(path, 'PRAGMA user_version')[0].user_version, CATALOG_SCHEMA_VERSION);
  });

  it('refuses a catalog of a newer schema with a CatalogError and leaves it byte-identical', () => {
    const path = v1Copy();
    const db = new Database(path);
    db.pragma(`user_version = ${CATALOG_SCHEMA_VERSION + 1}`);
    db.close();
    const original = readFileSync(path);
    assert.throws(
      () => UnifiedCatalog.open(path),
      (error: unknown) =>
        error instanceof CatalogError && /newer than this rustybt/.test(error.message),
    );
    assert.ok(readFileSync(path).equals(original));
    assert.deepEqual(listCatalogBackups(path), []);
  });

  it('leaves the file unchanged and no backup behind when a migration step fails', () => {
    const path = v1Copy();
    const db = new Database(path);
    // A table the schema-2 migration wants to create: its CREATE TABLE fails.
    db.exec('CREATE TABLE datasets (x INTEGER)');
    db.close();
    const original = readFileSync(path);
    assert.throws(
      () => UnifiedCatalog.open(path, { notice: () => undefined }),
      (error: unknown) =>
        error instanceof CatalogError &&
        /from schema 1 to 2 failed .*nothing was changed/.test(error.message),
    );
    assert.ok(readFileSync(path).equals(original));
    assert.equal(rows(path, 'PRAGMA user_version')[0].user_version, 1);
    assert.deepEqual(listCatalogBackups(path), []);
  });

  it('rolls back over a catalog a killed process left with a WAL: that content is kept aside, none leaks into the restored file', () => {
    const path = v1Copy();
    UnifiedCatalog.open(path, { notice: () => undefined }).close();
    // A process commits a row with checkpoints off, then dies without closing the database.
    const killed = spawnSync(
      process.execPath,
      [
        '-e',
        `const Database = require('better-sqlite3');
         const db = new Database(process.argv[1]);
         db.pragma('wal_autocheckpoint = 0');
         db.prepare("INSERT INTO datasets (kind, name, source, created_at) VALUES ('cache', 'late', 'csv', 'now')").run();
         process.kill(process.pid, 'SIGKILL');`,
        path,
      ],
      { cwd: root },
    );
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(readFileSync(`${path}-wal`).length > 0, 'the committed row is only in the WAL');
    const { restored, keptAside } = rollbackCatalog(path, new Date(Date.UTC(2026, 10, 24, 11)));
    assert.deepEqual(keptAside, [`${path}.rolled-back-2026-11-24T11-00-00-000Z`]);
    assert.ok(readFileSync(path).equals(readFileSync(fixture)));
    assert.ok(readFileSync(restored.path).equals(readFileSync(fixture)));
    assert.ok(!existsSync(`${path}-wal`) && !existsSync(`${path}-shm`));
    assert.deepEqual(rows(keptAside[0], "SELECT name FROM datasets WHERE kind = 'cache'"), [
      { name: 'late' },
    ]);
    assert.equal(rows(path, 'SELECT COUNT(*) AS n FROM ingestions')[0].n, 3);
    assert.equal(rows(path, 'PRAGMA user_version')[0].user_version, 1);
  });

  it('keeps the deprecated BundleCatalog reading the migrated file, with one deprecation warning per process', () => {
    const path = v1Copy();
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'test/data/catalog/old-reader.child.ts', path],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const read = JSON.parse(run.stdout) as {
      ingestions: { id: number; bundle: string; prunedAt: string | null; drops: object }[];
      pairs: unknown[];
    };
    assert.deepEqual(
      read.ingestions.map((i) => [i.id, i.bundle, i.prunedAt]),
      [
        [1, 'flawed', null],
        [2, 'pairs', '2026-11-24T09:59:21.629Z'],
        [3, 'pairs', null],
      ],
    );
    assert.deepEqual(read.ingestions[0].drops, {
      'duplicate-timestamp': 1,
      'negative-volume': 1,
      'ohlc-inconsistent': 1,
    });
    assert.equal(read.pairs.length, 2);
    assert.equal(run.stderr.match(/RUSTYBT_DEP_BUNDLE_CATALOG/g)?.length, 1, run.stderr);
    assert.match(run.stderr, /DeprecationWarning: BundleCatalog is deprecated: use UnifiedCatalog/);
    assert.ok(existsSync(listCatalogBackups(path)[0].path));
  });
});

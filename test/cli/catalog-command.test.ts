import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Schema-1 catalog written by the code of commit 2f3010d (see test/fixtures/catalog/README.md). */
const fixture = fileURLToPath(new URL('../fixtures/catalog/v1-catalog.sqlite', import.meta.url));
let scratch: string;
before(() => (scratch = mkdtempSync(join(tmpdir(), 'rustybt-catalog-cli-'))));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from the sources in a child process with RUSTYBT_HOME = `home`. */
function rustybt(home: string, ...args: string[]): Run {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

let homes = 0;
/** A new home holding a copy of the schema-1 catalog. */
function homeWithV1Catalog(): string {
  const home = join(scratch, `home-${++homes}`);
  mkdirSync(home);
  copyFileSync(fixture, join(home, 'catalog.sqlite'));
  return home;
}

function filesOf(home: string): string[] {
  return readdirSync(home).sort();
}

function userVersion(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

describe('rustybt catalog migrate', () => {
  it('prints from → to, the steps, the rows converted per table and the backup, which is byte-identical', () => {
    const home = homeWithV1Catalog();
    const run = rustybt(home, 'catalog', 'migrate');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^Migrated the catalog .*catalog\.sqlite from schema 1 to 2\.$/m);
    assert.match(run.stdout, /^ {2}2 {2}unified-catalog$/m);
    assert.match(run.stdout, /^ {2}ingestions -> dataset_versions\s+3 -> 3$/m);
    assert.match(run.stdout, /^ {2}ingestion_symbols -> version_symbols\s+6 -> 6$/m);
    assert.match(run.stdout, /^ {2}ingestion_drops -> version_drops\s+3 -> 3$/m);
    assert.match(run.stdout, /^rows after: .*datasets 2, /m);
    const backup = /^backup: (.*)$/m.exec(run.stdout)?.[1] ?? '';
    assert.ok(readFileSync(backup).equals(readFileSync(fixture)));
    assert.equal(userVersion(join(home, 'catalog.sqlite')), 2);
    const again = rustybt(home, 'catalog', 'migrate');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /is already at schema 2; nothing to migrate\./);
    assert.equal(filesOf(home).filter((f) => f.includes('backup')).length, 1);
  });

  it('with --dry-run prints the same plan and counts but leaves the file byte-identical and writes no backup', () => {
    const home = homeWithV1Catalog();
    const run = rustybt(home, 'catalog', 'migrate', '--dry-run');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Dry run: would migrate .* from schema 1 to 2\.$/m);
    assert.match(run.stdout, /^ {2}ingestions -> dataset_versions\s+3 -> 3$/m);
    assert.match(run.stdout, /^backup: would be written to .*catalog\.sqlite\.v1-backup-/m);
    assert.match(run.stdout, /^Nothing was changed \(dry run\)\.$/m);
    assert.ok(readFileSync(join(home, 'catalog.sqlite')).equals(readFileSync(fixture)));
    assert.deepEqual(filesOf(home), ['catalog.sqlite']);
  });

  it('with --rollback restores the most recent backup and keeps the replaced file aside', () => {
    const home = homeWithV1Catalog();
    assert.equal(rustybt(home, 'catalog', 'migrate').status, 0);
    const run = rustybt(home, 'catalog', 'migrate', '--rollback');
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /^Rolled back .*catalog\.sqlite to the backup .*v1-backup-.* \(schema 1, /m,
    );
    assert.ok(readFileSync(join(home, 'catalog.sqlite')).equals(readFileSync(fixture)));
    const aside = filesOf(home).filter((f) => f.startsWith('catalog.sqlite.rolled-back-'));
    assert.equal(aside.length, 1, filesOf(home).join(', '));
    assert.ok(run.stdout.includes(join(home, aside[0])));
    assert.equal(userVersion(join(home, aside[0])), 2, 'the migrated file is kept, not deleted');
  });

  it('refuses --rollback without a backup, with a CatalogError', () => {
    const home = homeWithV1Catalog();
    const run = rustybt(home, 'catalog', 'migrate', '--rollback');
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /^rustybt: No backup of the catalog .* to roll back to .*\[ERR_CATALOG\]$/m,
    );
    assert.ok(readFileSync(join(home, 'catalog.sqlite')).equals(readFileSync(fixture)));
  });

  it('refuses a catalog of a newer schema, in migrate and in every other catalog command, and leaves it untouched', () => {
    const home = homeWithV1Catalog();
    const path = join(home, 'catalog.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 3');
    db.close();
    const original = readFileSync(path);
    for (const args of [['migrate'], ['migrate', '--dry-run'], ['list']]) {
      const run = rustybt(home, 'catalog', ...args);
      assert.equal(run.status, 1, args.join(' '));
      assert.match(run.stderr, /schema version 3, newer than this rustybt .*\[ERR_CATALOG\]$/m);
    }
    assert.ok(readFileSync(path).equals(original));
    assert.deepEqual(filesOf(home), ['catalog.sqlite']);
  });

  it('lets two processes open an old catalog at once: both succeed, one backup, one migration', async () => {
    const home = homeWithV1Catalog();
    const list = (): Promise<{ code: number | null; stderr: string }> =>
      new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/cli/main.ts', 'catalog', 'list'],
          {
            cwd: root,
            env: { ...process.env, RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' },
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const runs = await Promise.all([list(), list()]);
    assert.deepEqual(
      runs.map((r) => r.code),
      [0, 0],
      runs.map((r) => r.stderr).join('\n'),
    );
    const notices =
      runs
        .map((r) => r.stderr)
        .join('')
        .match(/^rustybt: migrated the catalog/gm) ?? [];
    assert.equal(notices.length, 1);
    assert.equal(filesOf(home).filter((f) => f.includes('-backup-')).length, 1);
    const migrated = new Database(join(home, 'catalog.sqlite'), { readonly: true });
    assert.equal(migrated.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get(), 1);
    migrated.close();
  });
});

describe('rustybt catalog list and info', () => {
  it('list migrates an old catalog with one notice naming the backup, then shows every bundle', () => {
    const home = homeWithV1Catalog();
    const run = rustybt(home, 'catalog', 'list');
    assert.equal(run.status, 0, run.stderr);
    const notice = run.stderr.trim().split('\n');
    assert.equal(notice.length, 1, run.stderr);
    assert.match(
      notice[0],
      /^rustybt: migrated the catalog .* from schema 1 to 2; the previous file is kept at .*v1-backup-/,
    );
    assert.match(
      run.stdout,
      /^bundle\s+source\s+versions\s+latest\s+symbols\s+rows\s+size\s+last fetch$/m,
    );
    assert.match(
      run.stdout,
      /^flawed\s+csv\s+1\s+2026-11-24T09-59-18-877Z\s+2\s+6\s+2\.8 KB\s+2026-11-24 09:59$/m,
    );
    assert.match(
      run.stdout,
      /^pairs\s+synthetic\s+1 \(\+1 pruned\)\s+2026-11-24T09-59-20-712Z\s+2\s+14\s+3\.5 KB\s+2026-11-24 09:59$/m,
    );
    const json = rustybt(home, 'catalog', 'list', '--json');
    assert.equal(json.stderr, '', 'no second migration');
    assert.deepEqual(
      (JSON.parse(json.stdout) as { name: string; rows: number; sizeBytes: number }[]).map((e) => [
        e.name,
        e.rows,
        e.sizeBytes,
      ]),
      [
        ['flawed', 6, 2908],
        ['pairs', 14, 3604],
      ],
    );
  });

  it('info shows provenance, range, quality, symbols and files with sizes and checksums of a fresh ingest', () => {
    const home = join(scratch, 'ingested');
    const ingest = rustybt(
      home,
      'ingest',
      'synthetic',
      '--bundle',
      'eq',
      '--symbols',
      'AAPL,MSFT',
      '--start',
      '2024-01-01',
      '--end',
      '2024-01-31',
    );
    assert.equal(ingest.status, 0, ingest.stderr);
    const run = rustybt(home, 'catalog', 'info', 'eq');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^source:\s+synthetic$/m);
    assert.match(run.stdout, /^requested:\s+2024-01-01 \.\. 2024-01-31 23:59$/m);
    // XNYS had 21 sessions in January 2024.
    assert.match(run.stdout, /^bars:\s+2024-01-02 \.\. 2024-01-31$/m);
    assert.match(run.stdout, /^rows written:\s+42$/m);
    assert.match(run.stdout, /^ {2}AAPL\s+1d\s+21\s+2024-01-02\s+2024-01-31$/m);
    const info = JSON.parse(rustybt(home, 'catalog', 'info', 'eq', '--json').stdout) as {
      filesFrom: string;
      files: { path: string; bytes: number; sha256: string }[];
      version: { path: string };
    };
    assert.equal(info.filesFrom, 'catalog');
    const manifest = JSON.parse(readFileSync(join(info.version.path, 'manifest.json'), 'utf8')) as {
      files: { crc32?: number }[];
    };
    // The catalog keeps size and SHA-256; the manifest adds the CRC-32 checked at load.
    assert.deepEqual(
      info.files,
      manifest.files.map(({ crc32: _crc, ...file }) => file),
    );
    for (const file of info.files) {
      assert.match(
        run.stdout,
        new RegExp(`^ {2}${file.path}\\s+${file.bytes}\\s+${file.sha256}$`, 'm'),
      );
    }
    const missing = rustybt(home, 'catalog', 'info', 'nope');
    assert.equal(missing.status, 1);
    assert.match(
      missing.stderr,
      /has no bundle "nope"; see rustybt catalog list\. \[ERR_CATALOG\]/,
    );
  });
});

describe('rustybt catalog validate', () => {
  it('exits 0 on a clean ingest and 1, naming the file, once a byte of its Parquet bars flips', () => {
    const home = join(scratch, 'validate');
    const ingest = rustybt(
      home,
      'ingest',
      'synthetic',
      '--bundle',
      'eq',
      '--symbols',
      'AAPL,MSFT',
      '--start',
      '2024-01-01',
      '--end',
      '2024-03-31',
    );
    assert.equal(ingest.status, 0, ingest.stderr);
    const clean = rustybt(home, 'catalog', 'validate');
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^eq \S+: ok$/m);
    assert.match(clean.stdout, /^ {2}files: 5 checked against the catalog, 0 mismatch\(es\)$/m);
    assert.match(clean.stdout, /^ {2}gaps: 0 bar\(s\) missing \(calendar XNYS\)$/m);
    assert.match(clean.stdout, /^1 bundle\(s\) checked: 1 clean, 0 with problems\.$/m);
    const version = readdirSync(join(home, 'bundles', 'eq'))[0];
    const file = join(home, 'bundles', 'eq', version, 'bars/frequency=1d/year=2024/data_0.parquet');
    const bytes = readFileSync(file);
    bytes[100] ^= 0x80;
    writeFileSync(file, bytes);
    const broken = rustybt(home, 'catalog', 'validate', 'eq');
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /^eq \S+: 1 problem\(s\)$/m);
    assert.match(
      broken.stdout,
      /^ {4}bars\/frequency=1d\/year=2024\/data_0\.parquet: sha256 \(expected [0-9a-f]{64}, found [0-9a-f]{64}\)$/m,
    );
  });
});

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { listVersions } from '../../src/data/bundles/index.js';
import { runCli, type CliRun } from '../helpers/cli.js';

let home: string;
let work: string;

function cli(...args: string[]): Promise<CliRun> {
  return runCli(args, { RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' }, work);
}

const ingestArgs = (bundle: string, symbols: string): string[] => [
  'ingest',
  'synthetic',
  '--bundle',
  bundle,
  '--symbols',
  symbols,
  '--start',
  '2024-01-01',
  '--end',
  '2024-03-29',
];
const warmArgs = [
  'cache',
  'warm',
  '--source',
  'synthetic',
  '--symbols',
  'AAA,BBB',
  '--start',
  '2025-01-02',
];

function catalogFile(): string {
  return join(home, 'catalog.sqlite');
}

/** Overwrites the SQLite header, as a disk fault or a stray write would. */
function corruptCatalog(): void {
  const bytes = readFileSync(catalogFile());
  bytes.write('this is not a database any more', 0);
  writeFileSync(catalogFile(), bytes);
  for (const suffix of ['-wal', '-shm']) rmSync(`${catalogFile()}${suffix}`, { force: true });
}

function typedCatalogError(result: CliRun): void {
  assert.equal(result.status, 1, result.stdout);
  assert.match(
    result.stderr,
    /^rustybt: The catalog .*catalog\.sqlite is damaged \(file is not a database\) while opening it\. Rebuild it from the bundles and cache entries on disk with: rustybt catalog rebuild .*\[ERR_CATALOG\]\n$/,
  );
  assert.doesNotMatch(result.stderr, /SqliteError|\n\s+at /);
}

let before1: unknown;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'rustybt-catalog-faults-'));
  work = mkdtempSync(join(tmpdir(), 'rustybt-catalog-work-'));
  for (const [bundle, symbols] of [
    ['alpha', 'AAA,BBB'],
    ['beta', 'CCC'],
  ]) {
    const result = await cli(...ingestArgs(bundle, symbols));
    assert.equal(result.status, 0, result.stderr);
  }
  const warm = await cli(...warmArgs);
  assert.equal(warm.status, 0, warm.stderr);
  before1 = JSON.parse((await cli('catalog', 'info', 'alpha', '--json')).stdout);
});
after(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('a damaged catalog', () => {
  it('gives a typed CatalogError saying to rebuild, in catalog, cache, clean and ingest, and changes nothing', async () => {
    corruptCatalog();
    typedCatalogError(await cli('catalog', 'list'));
    typedCatalogError(await cli('cache', 'stats'));
    typedCatalogError(await cli('clean', '--bundle', 'alpha', '--keep-last', '0'));
    assert.equal(listVersions(home, 'alpha').length, 1, 'clean removed nothing');
    typedCatalogError(await cli(...ingestArgs('alpha', 'AAA')));
    assert.equal(listVersions(home, 'alpha').length, 1, 'ingest wrote no version');
    assert.deepEqual(
      readdirSync(join(home, 'bundles', 'alpha')).filter((e) => e.startsWith('.')),
      [],
    );
  });

  it('is rebuilt by catalog rebuild from the manifests and cache entries, the damaged file kept aside', async () => {
    const damaged = readFileSync(catalogFile());
    const rebuild = await cli('catalog', 'rebuild');
    assert.equal(rebuild.status, 0, rebuild.stderr);
    assert.match(
      rebuild.stdout,
      /bundle versions: 2\n\s+cache entries:\s+1\n\s+previous file:\s+(\S+catalog\.sqlite\.damaged-\S+)/,
    );
    const backup = /previous file:\s+(\S+)/.exec(rebuild.stdout)![1];
    assert.deepEqual(readFileSync(backup), damaged);
    const info = JSON.parse((await cli('catalog', 'info', 'alpha', '--json')).stdout) as Record<
      string,
      unknown
    >;
    const original = before1 as Record<string, unknown>;
    // Everything the ingest recorded comes back: provenance, range, quality, symbols, files.
    for (const field of [
      'source',
      'version',
      'fetchedAt',
      'start',
      'end',
      'rowsWritten',
      'checksum',
      'sizeBytes',
      'path',
      'symbols',
      'files',
      'frequencies',
    ]) {
      assert.deepEqual(info[field], original[field], field);
    }
    const validate = await cli('catalog', 'validate');
    assert.equal(validate.status, 0, validate.stdout + validate.stderr);
    const warm = await cli(...warmArgs);
    assert.equal(warm.status, 0, warm.stderr);
    assert.match(
      warm.stdout,
      /\(1 entries, 1 hits, 0 partial, 0 misses so far\)/,
      'the cache entry is served, not refetched',
    );
  });

  it('restores a deleted catalog, and run works after it', async () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${catalogFile()}${suffix}`, { force: true });
    const rebuild = await cli('catalog', 'rebuild');
    assert.equal(rebuild.status, 0, rebuild.stderr);
    assert.match(rebuild.stdout, /previous file:\s+none/);
    const list = await cli('catalog', 'list');
    assert.match(list.stdout, /^alpha\s+synthetic\s+1\s/m);
    assert.match(list.stdout, /^beta\s+synthetic\s+1\s/m);
    const strategy = join(work, 'buy.mjs');
    writeFileSync(
      strategy,
      "export function initialize(ctx) { ctx.state.n = 0; }\nexport function handleData(ctx) { if (ctx.state.n++ === 0) ctx.order(ctx.symbol('AAA'), 1); }\n",
    );
    const run = await cli(
      'run',
      '-f',
      strategy,
      '--bundle',
      'alpha',
      '--start',
      '2024-01-02',
      '--end',
      '2024-03-28',
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Trades\s+1 fills/);
  });
});

describe('an ingest whose catalog commit fails', () => {
  it('leaves no version directory, so bundles and the catalog agree', async () => {
    const db = new Database(catalogFile());
    db.exec(
      "CREATE TRIGGER refuse_versions BEFORE INSERT ON dataset_versions BEGIN SELECT RAISE(ABORT, 'simulated commit failure'); END",
    );
    db.close();
    const before = listVersions(home, 'beta');
    const result = await cli(...ingestArgs('beta', 'CCC'));
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /^rustybt: The catalog .*catalog\.sqlite failed \(SQLITE_CONSTRAINT_TRIGGER: simulated commit failure\) while recording bundle beta version \S+\. .*\[ERR_CATALOG\]\n$/,
    );
    assert.deepEqual(listVersions(home, 'beta'), before);
    assert.deepEqual(readdirSync(join(home, 'bundles', 'beta')), before);
    const fix = new Database(catalogFile());
    fix.exec('DROP TRIGGER refuse_versions');
    fix.close();
    assert.ok(existsSync(catalogFile()));
  });
});

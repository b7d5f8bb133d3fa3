import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { listVersions, loadBundle } from '../../src/data/bundles/index.js';
import { rustybt, steps } from './crash-harness.js';

// Crash points of the other write paths: a cache write (run --source through the smart cache), a
// bundle clean, a catalog migration. A real child process is SIGKILLed at each named step, then
// the invariants are checked: the previous state readable, nothing partial visible, the next
// command succeeds and leaves the catalog and the disk in agreement.

let scratch: string;
before(() => (scratch = mkdtempSync(join(tmpdir(), 'rustybt-crash-more-'))));
after(() => rmSync(scratch, { recursive: true, force: true }));

const trace = (): string => join(scratch, `trace-${process.hrtime.bigint()}`);

function catalogRows(home: string, sql: string): Record<string, unknown>[] {
  const db = new Database(join(home, 'catalog.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** Entry directories of the cache on disk (`cache/<key>/<version>`), sorted. */
function cacheDirectories(home: string): string[] {
  const cache = join(home, 'cache');
  return readdirSync(cache, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .flatMap((key) =>
      readdirSync(join(cache, key.name))
        .filter((v) => !v.startsWith('.'))
        .map((v) => `${key.name}/${v}`),
    )
    .sort();
}

describe('crash points of the cache, clean and catalog migration', () => {
  it('cache write: every step leaves the next run correct and the cache consistent', async () => {
    const home = mkdtempSync(join(scratch, 'cache-'));
    const strategy = join(scratch, 'buy.mjs');
    writeFileSync(
      strategy,
      "export function initialize() {}\nexport function handleData(ctx) { ctx.order(ctx.symbol('AAA'), 1); }\n",
    );
    const args = [
      'run',
      '-f',
      strategy,
      '--source',
      'synthetic',
      '--symbols',
      'AAA',
      '--start',
      '2024-01-02',
      '--end',
      '2024-03-28',
    ];
    // A first run also creates the catalog (its empty migration has steps too).
    const named = await steps(home, args, trace());
    assert.deepEqual(
      named.filter((step) => !step.startsWith('catalog-upgrade.')),
      [
        'bundle.files-written',
        'bundle.manifest-written',
        'bundle.renamed',
        'cache.files-written',
        'cache.recorded',
      ],
    );
    const reference = await rustybt(home, args);
    assert.equal(reference.status, 0, reference.stderr);
    for (const step of named) {
      const fresh = mkdtempSync(join(scratch, 'cache-kill-'));
      const killed = await rustybt(fresh, args, { RUSTYBT_CRASH_AT: step });
      assert.equal(killed.signal, 'SIGKILL', `${step}: ${killed.stderr}`);
      const next = await rustybt(fresh, args);
      assert.equal(next.status, 0, `${step}: ${next.stderr}`);
      assert.equal(next.stdout, reference.stdout, `${step}: the same backtest as without the kill`);
      const again = await rustybt(fresh, args);
      assert.equal(again.stdout, reference.stdout, `${step}: and from the cache`);
      const clean = await rustybt(fresh, ['cache', 'clean', '--older-than', '3650d']);
      assert.equal(clean.status, 0, `${step}: ${clean.stderr}`);
      const recorded = catalogRows(
        fresh,
        "SELECT v.path FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.kind = 'cache' AND v.pruned_at IS NULL",
      )
        .map((row) => String(row.path))
        .sort();
      const onDisk = cacheDirectories(fresh);
      assert.equal(
        onDisk.length,
        recorded.length,
        `${step}: every entry directory is recorded (${onDisk.join(', ')} vs ${recorded.join(', ')})`,
      );
    }
  });

  it('clean: every step leaves the kept versions loadable and the next clean reconciles the catalog', async () => {
    const home = mkdtempSync(join(scratch, 'clean-'));
    const ingest = (symbols: string): Promise<unknown> =>
      rustybt(home, [
        'ingest',
        'synthetic',
        '--bundle',
        'prices',
        '--symbols',
        symbols,
        '--start',
        '2024-01-01',
        '--end',
        '2024-02-28',
      ]);
    await ingest('AAA');
    await ingest('BBB');
    const named = await steps(home, ['clean', '--bundle', 'prices', '--keep-last', '1'], trace());
    assert.deepEqual(named, ['clean.renamed', 'clean.removed', 'clean.recorded']);
    for (const step of named) {
      await ingest('CCC');
      await ingest('DDD');
      const newest = listVersions(home, 'prices').at(-1)!;
      const checksum = (await loadBundle(`prices@${newest}`, { home })).manifest.checksum;
      const killed = await rustybt(home, ['clean', '--bundle', 'prices', '--keep-last', '1'], {
        RUSTYBT_CRASH_AT: step,
      });
      assert.equal(killed.signal, 'SIGKILL', `${step}: ${killed.stderr}`);
      for (const version of listVersions(home, 'prices'))
        await loadBundle(`prices@${version}`, { home }); // nothing partial is visible
      assert.equal(
        (await loadBundle('prices', { home })).manifest.checksum,
        checksum,
        `${step}: the newest version is untouched`,
      );
      const next = await rustybt(home, ['clean', '--bundle', 'prices', '--keep-last', '1']);
      assert.equal(next.status, 0, `${step}: ${next.stderr}`);
      assert.deepEqual(listVersions(home, 'prices'), [newest]);
      assert.deepEqual(
        readdirSync(join(home, 'bundles', 'prices')).filter((e) => e.startsWith('.')),
        [],
        `${step}: leftovers swept`,
      );
      const live = catalogRows(
        home,
        "SELECT v.version FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.kind = 'bundle' AND d.name = 'prices' AND v.pruned_at IS NULL ORDER BY v.version",
      ).map((row) => String(row.version));
      assert.deepEqual(live, [newest], `${step}: the catalog agrees with the disk`);
      const validate = await rustybt(home, ['catalog', 'validate', 'prices']);
      assert.equal(validate.status, 0, `${step}: ${validate.stdout}${validate.stderr}`);
    }
  });

  it('catalog migration: every step leaves a catalog the next command migrates or reads', async () => {
    const fixture = new URL('../fixtures/catalog/v1-catalog.sqlite', import.meta.url);
    const reference = mkdtempSync(join(scratch, 'migrate-ref-'));
    copyFileSync(fixture, join(reference, 'catalog.sqlite'));
    const named = await steps(reference, ['catalog', 'list'], trace());
    assert.deepEqual(named, [
      'catalog-upgrade.backed-up',
      'catalog-upgrade.migrated',
      'catalog-upgrade.committed',
    ]);
    const expected = await rustybt(reference, ['catalog', 'list']);
    assert.equal(expected.status, 0, expected.stderr);
    assert.match(expected.stdout, /^flawed\s/m);
    for (const step of named) {
      const home = mkdtempSync(join(scratch, 'migrate-'));
      copyFileSync(fixture, join(home, 'catalog.sqlite'));
      const killed = await rustybt(home, ['catalog', 'list'], { RUSTYBT_CRASH_AT: step });
      assert.equal(killed.signal, 'SIGKILL', `${step}: ${killed.stderr}`);
      const next = await rustybt(home, ['catalog', 'list']);
      assert.equal(next.status, 0, `${step}: ${next.stderr}`);
      assert.equal(
        next.stdout,
        expected.stdout,
        `${step}: the same catalog as an unbroken migration`,
      );
    }
  });
});

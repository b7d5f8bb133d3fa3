import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { listVersions, loadBundle } from '../../src/data/bundles/index.js';
import { rustybt, steps as stepsOf } from './crash-harness.js';

// The crash-point harness: learn the named steps of a write path (RUSTYBT_CRASH_TRACE), kill a
// real child process with SIGKILL at each (RUSTYBT_CRASH_AT), then check the invariants: the
// previous state readable and unchanged, no partial version visible, leftovers swept (or
// recorded) by the next command, catalog validate clean. Plus kills at random times.

let scratch: string;
before(() => (scratch = mkdtempSync(join(tmpdir(), 'rustybt-crash-'))));
after(() => rmSync(scratch, { recursive: true, force: true }));

const ingest = (symbols: string): string[] => [
  'ingest',
  'synthetic',
  '--bundle',
  'prices',
  '--symbols',
  symbols,
  '--start',
  '2024-01-01',
  '--end',
  '2024-06-28',
];

const steps = (home: string, args: string[]): Promise<string[]> =>
  stepsOf(home, args, join(scratch, `trace-${Date.now()}`));

function catalogVersions(home: string): string[] {
  const db = new Database(join(home, 'catalog.sqlite'), { readonly: true });
  try {
    return (
      db
        .prepare("SELECT version FROM ingestions WHERE bundle = 'prices' ORDER BY version")
        .all() as { version: string }[]
    ).map((r) => r.version);
  } finally {
    db.close();
  }
}

/** Invariants after a kill: the previous version intact, nothing partial visible, the next command cleans up, validate clean. */
async function checkAfterKill(
  home: string,
  baseline: { version: string; checksum: string },
): Promise<void> {
  const versions = listVersions(home, 'prices');
  assert.ok(versions.includes(baseline.version), 'the previous version is still there');
  const previous = await loadBundle(`prices@${baseline.version}`, { home });
  assert.equal(previous.manifest.checksum, baseline.checksum, 'and unchanged');
  for (const version of versions) await loadBundle(`prices@${version}`, { home }); // every visible version is complete
  const next = await rustybt(home, ingest('AAA'));
  assert.equal(next.status, 0, next.stderr);
  const dir = join(home, 'bundles', 'prices');
  assert.deepEqual(
    readdirSync(dir).filter((e) => e.startsWith('.')),
    [],
    'leftovers swept by the next ingest',
  );
  assert.deepEqual(catalogVersions(home), listVersions(home, 'prices'), 'catalog and disk agree');
  const validate = await rustybt(home, ['catalog', 'validate', 'prices']);
  assert.equal(validate.status, 0, validate.stdout + validate.stderr);
}

describe('crash points: SIGKILL at every named step', () => {
  it('ingest: every step leaves the previous version intact and the next ingest clean', async () => {
    const home = mkdtempSync(join(scratch, 'ingest-'));
    const first = await rustybt(home, ingest('AAA,BBB'));
    assert.equal(first.status, 0, first.stderr);
    const [version] = listVersions(home, 'prices');
    const baseline = {
      version,
      checksum: (await loadBundle('prices', { home })).manifest.checksum,
    };
    const named = await steps(home, ingest('CCC'));
    assert.deepEqual(named, [
      'ingest.fetched',
      'bundle.files-written',
      'bundle.manifest-written',
      'bundle.renamed',
      'ingest.written',
      'ingest.recorded',
    ]);
    for (const step of named) {
      const killed = await rustybt(home, ingest('DDD,EEE'), { RUSTYBT_CRASH_AT: step });
      assert.equal(killed.signal, 'SIGKILL', `${step}: ${killed.stderr}`);
      await checkAfterKill(home, baseline);
    }
  });

  it('ingest: kills at random times', async () => {
    const home = mkdtempSync(join(scratch, 'random-'));
    const first = await rustybt(home, ingest('AAA'));
    assert.equal(first.status, 0, first.stderr);
    const [version] = listVersions(home, 'prices');
    const baseline = {
      version,
      checksum: (await loadBundle('prices', { home })).manifest.checksum,
    };
    // Seeded, so a failure can be replayed: delays spread over the ~1–3 s an ingest takes here.
    let seed = 20261206;
    for (let i = 0; i < 4; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const delay = 600 + (seed % 2400);
      const killed = await rustybt(home, ingest('FFF,GGG,HHH'), {}, delay);
      assert.ok(
        killed.signal === 'SIGKILL' || killed.status === 0,
        `kill after ${delay} ms: ${killed.stderr}`,
      );
      await checkAfterKill(home, baseline);
    }
  });

  it('results: every step of run -o leaves no new file or a complete one, and the next run sweeps', async () => {
    const home = mkdtempSync(join(scratch, 'results-'));
    assert.equal((await rustybt(home, ingest('AAA'))).status, 0);
    const strategy = join(scratch, 'hold.mjs');
    writeFileSync(
      strategy,
      "export function initialize() {}\nexport function handleData(ctx) { ctx.order(ctx.symbol('AAA'), 1); }\n",
    );
    const folder = join(scratch, 'results');
    const args = [
      'run',
      '-f',
      strategy,
      '--bundle',
      'prices',
      '--start',
      '2024-01-02',
      '--end',
      '2024-06-28',
      '-o',
      join(folder, 'r.csv'),
    ];
    const named = await steps(home, args);
    assert.deepEqual(named, [
      'results.staging',
      'results.staged',
      'results.renaming',
      'results.done',
    ]);
    const complete = readdirSync(folder).sort();
    const contents = complete.map((name) => readFileSync(join(folder, name), 'utf8'));
    for (const step of named) {
      const killed = await rustybt(home, args, { RUSTYBT_CRASH_AT: step });
      assert.equal(killed.signal, 'SIGKILL', step);
      // Every results file present is a complete one (old or new; the run is deterministic).
      for (const name of readdirSync(folder).filter((n) => !n.startsWith('.'))) {
        assert.equal(
          readFileSync(join(folder, name), 'utf8'),
          contents[complete.indexOf(name)],
          `${step}: ${name}`,
        );
      }
      const next = await rustybt(home, args);
      assert.equal(next.status, 0, next.stderr);
      assert.deepEqual(readdirSync(folder).sort(), complete, `${step}: temporaries swept`);
    }
  });

  it('catalog rebuild: every step leaves a usable catalog', async () => {
    const home = mkdtempSync(join(scratch, 'rebuild-'));
    assert.equal((await rustybt(home, ingest('AAA'))).status, 0);
    const named = await steps(home, ['catalog', 'rebuild']);
    // The rebuild creates a new catalog file first (its schema migration has steps too).
    assert.deepEqual(named, [
      'catalog-upgrade.migrated',
      'catalog-upgrade.committed',
      'catalog-rebuild.built',
      'catalog-rebuild.backed-up',
      'catalog-rebuild.done',
    ]);
    for (const step of named) {
      const killed = await rustybt(home, ['catalog', 'rebuild'], { RUSTYBT_CRASH_AT: step });
      assert.equal(killed.signal, 'SIGKILL', step);
      assert.ok(existsSync(join(home, 'catalog.sqlite')), `${step}: a catalog is in place`);
      const list = await rustybt(home, ['catalog', 'list']);
      assert.equal(list.status, 0, `${step}: ${list.stderr}`);
      assert.match(list.stdout, /^prices\s+synthetic\s/m);
    }
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { catalogPath } from '../../src/data/bundles/bundle-home.js';
import { CacheIndex, cached, type CacheEntry } from '../../src/data/cache/index.js';
import { openCatalogDatabase } from '../../src/data/catalog/catalog-database.js';
import { RecordingSource, day, temporaryHome } from '../data/cache/cache-helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let base: string;
let dispose: () => void;
before(() => ({ home: base, dispose } = temporaryHome()));
after(() => dispose());

/** Runs the CLI from the sources in a child process with RUSTYBT_HOME set to `home`. */
function rustybt(
  home: string,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs a CLI command that must succeed and returns its stdout. */
function ok(home: string, ...args: string[]): string {
  const run = rustybt(home, ...args);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** The catalog's cache entries, least recently used first. */
function entriesOf(home: string): CacheEntry[] {
  const db = openCatalogDatabase(catalogPath(home));
  try {
    return new CacheIndex(db).entries();
  } finally {
    db.close();
  }
}

function sql(home: string, statement: string, ...params: unknown[]): void {
  const db = openCatalogDatabase(catalogPath(home));
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

/** Sum of the sizes of the Parquet files under a directory (what a hit reads). */
function parquetBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) total += parquetBytes(path);
    else if (name.endsWith('.parquet')) total += statSync(path).size;
  }
  return total;
}

/** Sum of the sizes of every file under a directory. */
function diskBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => statSync(join(dir, name)))
    .filter((stat) => stat.isFile())
    .reduce((sum, stat) => sum + stat.size, 0);
}

/** A pid no process has: that of a child that already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

const DAY = 86_400_000;

describe('rustybt cache stats', () => {
  it('reports 1 miss then 1 hit as a 50 % hit rate, with the bytes the lookups moved', async () => {
    const home = join(base, 'stats');
    const cache = cached(new RecordingSource(), { home });
    await cache.fetch(['GOOG'], day('2012-01-01'), day('2012-12-31'), '1d');
    await cache.fetch(['GOOG'], day('2012-01-01'), day('2012-12-31'), '1d');
    cache.close();
    const [entry] = entriesOf(home);
    const stats = JSON.parse(ok(home, 'cache', 'stats', '--json')) as Record<string, unknown>;
    assert.equal(stats.lookups, 2);
    assert.equal(stats.hits, 1);
    assert.equal(stats.partialHits, 0);
    assert.equal(stats.misses, 1);
    assert.equal(stats.hitRate, 0.5);
    assert.equal(stats.entries, 1);
    assert.equal(stats.bytes, entry.bytes);
    assert.equal(stats.bytesWritten, entry.bytes, 'the miss wrote the whole entry');
    // Both lookups read the entry's Parquet files: the miss serves from what it wrote.
    assert.equal(stats.bytesRead, 2 * parquetBytes(entry.path));
    assert.equal(stats.maxBytes, 10_000_000_000);
    const latency = stats.latencyMs as Record<string, number>;
    assert.equal(latency.count, 2);
    assert.ok(latency.p50 > 0 && latency.p50 <= latency.p90 && latency.p90 <= latency.max);

    const text = ok(home, 'cache', 'stats');
    assert.match(text, /^ {2}lookups\s+2$/m);
    assert.match(text, /^ {2}hits\s+1$/m);
    assert.match(text, /^ {2}misses\s+1$/m);
    assert.match(text, /^ {2}hit rate\s+50\.0 %$/m);
    assert.match(
      text,
      /^ {2}latency \(ms\)\s+p50 [\d.]+ {2}p90 [\d.]+ {2}p99 [\d.]+ {2}max [\d.]+$/m,
    );
    assert.match(text, /^ {2}size\s+[\d.]+ KB of 9\.3 GB \(0\.0 %\)$/m);
  });

  it('takes the size limit from RUSTYBT_CACHE_MAX_BYTES', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'cache', 'stats', '--json'],
      {
        cwd: root,
        env: { ...process.env, RUSTYBT_HOME: join(base, 'stats'), RUSTYBT_CACHE_MAX_BYTES: '5000' },
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { maxBytes: number }).maxBytes, 5000);
  });

  it('counts one source apart with --source and says the eviction counters are global', async () => {
    const home = join(base, 'by-source');
    const csv = cached(new RecordingSource(), { home });
    await csv.fetch(['GOOG'], day('2012-01-01'), day('2012-03-31'), '1d');
    await csv.fetch(['GOOG'], day('2012-01-01'), day('2012-03-31'), '1d');
    await csv.fetch(['NVDA'], day('2012-01-01'), day('2012-03-31'), '1d');
    csv.close();
    const mirror = cached(new RecordingSource(undefined, 'mirror'), {
      home,
      freshness: { '1d': 'never' },
    });
    await mirror.fetch(['ORCL'], day('2012-01-01'), day('2012-03-31'), '1d');
    mirror.close();
    sql(home, `INSERT INTO cache_counters (name, value) VALUES ('evictions', 4)`);
    const of = (source: string): Record<string, unknown> =>
      JSON.parse(ok(home, 'cache', 'stats', '--source', source, '--json')) as Record<
        string,
        unknown
      >;
    const csvStats = of('csv');
    assert.deepEqual(
      [csvStats.lookups, csvStats.hits, csvStats.misses, csvStats.entries, csvStats.evictions],
      [3, 1, 2, 2, 4],
    );
    assert.equal(csvStats.hitRate, 1 / 3);
    const mirrorStats = of('mirror');
    assert.deepEqual(
      [mirrorStats.lookups, mirrorStats.hits, mirrorStats.misses, mirrorStats.entries],
      [1, 0, 1, 1],
    );
    const mirrorEntry = entriesOf(home).find((e) => e.source === 'mirror')!;
    assert.equal(mirrorStats.bytes, mirrorEntry.bytes);
    assert.equal(mirrorStats.bytesWritten, mirrorEntry.bytes);
    const all = JSON.parse(ok(home, 'cache', 'stats', '--json')) as Record<string, unknown>;
    assert.deepEqual([all.lookups, all.hits, all.misses, all.entries], [4, 1, 3, 3]);

    const text = ok(home, 'cache', 'stats', '--source', 'mirror');
    assert.match(text, /, source mirror:\n/);
    assert.match(text, /^ {2}hit rate\s+0\.0 %$/m);
    assert.match(text, /evictions and invalidations are counted for all sources/);
  });
});

describe('rustybt cache list', () => {
  it('lists entries least recently used first with their range, freshness, hits and size', async () => {
    const home = join(base, 'list');
    // Fetched on Wednesday 2013-02-27 at 10:00 in New York, before that session closed.
    let now = Date.parse('2013-02-27T15:00:00Z');
    const clock = { now: () => now };
    const final = cached(new RecordingSource(), { home, ...clock });
    await final.fetch(['GOOG', 'NVDA', 'ORCL'], day('2012-01-01'), day('2012-12-31'), '1d');
    now += 60_000;
    const stale = cached(new RecordingSource(undefined, 'eod'), {
      home,
      freshness: { '1d': 'next-close' },
      ...clock,
    });
    await stale.fetch(['GOOG'], day('2013-02-01'), day('2013-02-27'), '1d');
    now += 60_000;
    const fresh = cached(new RecordingSource(undefined, 'feed'), {
      home,
      freshness: { '1d': { maxAgeMs: 100 * 365 * DAY } },
      ...clock,
    });
    await fresh.fetch(['NVDA'], day('2013-02-01'), day('2013-02-27'), '1d');
    now += 60_000;
    // Using the first entry again makes it the most recently used.
    await final.fetch(['GOOG', 'NVDA', 'ORCL'], day('2012-01-01'), day('2012-12-31'), '1d');
    for (const cache of [final, stale, fresh]) cache.close();

    const text = ok(home, 'cache', 'list');
    const lines = text.trimEnd().split('\n');
    assert.match(lines[0], /^3 cache entries under .*, least recently used first/);
    assert.match(lines[1], /^source\s+freq\s+symbols\s+range\s+fetched at\s+freshness\s+/);
    const rows = lines.slice(2).map((line) => line.split(/ {2,}/));
    assert.deepEqual(
      rows.map((cells) => cells.slice(0, 6)),
      [
        [
          'eod',
          '1d',
          'GOOG',
          '2013-02-01 .. 2013-02-27',
          '2013-02-27 15:01',
          // The NYSE closed at 16:00 EST on 2013-02-27.
          'stale since 2013-02-27 21:00',
        ],
        ['feed', '1d', 'NVDA', '2013-02-01 .. 2013-02-27', '2013-02-27 15:02', 'fresh'],
        ['csv', '1d', 'GOOG, NVDA, ORCL', '2012-01-01 .. 2012-12-31', '2013-02-27 15:00', 'final'],
      ],
    );
    assert.deepEqual(
      rows.map((cells) => cells[6]),
      ['2013-02-27 15:01', '2013-02-27 15:02', '2013-02-27 15:03'],
    );
    const entries = entriesOf(home);
    assert.deepEqual(
      rows.map((cells) => cells[7]),
      entries.map((e) => String(e.hits)),
    );
    assert.equal(entries[2].hits - entries[0].hits, 1, 'the csv entry was served once more');

    const json = JSON.parse(ok(home, 'cache', 'list', '--json')) as Record<string, unknown>[];
    assert.deepEqual(
      json.map((e) => [e.source, e.freshness, e.staleAt]),
      [
        ['eod', 'stale', '2013-02-27T21:00:00.000Z'],
        [
          'feed',
          'fresh',
          new Date(Date.parse('2013-02-27T15:02:00Z') + 100 * 365 * DAY).toISOString(),
        ],
        ['csv', 'final', null],
      ],
    );
    assert.deepEqual(
      json.map((e) => e.bytes),
      entries.map((e) => e.bytes),
    );

    const onlyCsv = ok(home, 'cache', 'list', '--source', 'csv').trimEnd().split('\n');
    assert.match(onlyCsv[0], /^1 cache entry of source csv under /);
    assert.equal(onlyCsv.length, 3);
    assert.match(ok(home, 'cache', 'list', '--source', 'nope'), /^No cache entries of source nope/);
  });

  it('does not create a catalog when there is no cache yet', () => {
    const home = join(base, 'nothing');
    assert.match(ok(home, 'cache', 'list'), /^No cache entries under /);
    assert.match(ok(home, 'cache', 'stats'), /^ {2}entries\s+0$/m);
    assert.equal(existsSync(home), false);
  });
});

describe('rustybt cache clean', () => {
  /** A home with one cache entry per GOOG, NVDA and ORCL; returns their entries, oldest first. */
  async function threeEntries(home: string, source = 'csv'): Promise<CacheEntry[]> {
    const cache = cached(new RecordingSource(undefined, source), {
      home,
      freshness: { '1d': 'never' },
    });
    for (const symbol of ['GOOG', 'NVDA', 'ORCL']) {
      await cache.fetch([symbol], day('2012-01-01'), day('2012-06-30'), '1d');
    }
    cache.close();
    return entriesOf(home).filter((e) => e.source === source);
  }

  it('--older-than removes only the entries not accessed for that long', async () => {
    const home = join(base, 'older');
    const [goog, nvda, orcl] = await threeEntries(home);
    sql(
      home,
      'UPDATE cache_entries SET last_access = ? WHERE id = ?',
      Date.now() - 8 * DAY,
      goog.id,
    );
    sql(
      home,
      'UPDATE cache_entries SET last_access = ? WHERE id = ?',
      Date.now() - 6 * DAY,
      nvda.id,
    );
    const googBytes = diskBytes(goog.path);
    const out = ok(home, 'cache', 'clean', '--older-than', '7d');
    assert.match(
      out,
      /^Removed 1 cache entry not accessed for 7d:\n {2}csv\s+1d\s+GOOG\s+2012-01-01 \.\. 2012-06-30/,
    );
    assert.deepEqual(
      entriesOf(home).map((e) => e.id),
      [nvda.id, orcl.id],
    );
    assert.equal(existsSync(goog.path), false);
    assert.equal(existsSync(nvda.path), true);
    assert.ok(out.endsWith(`Freed ${(googBytes / 1024).toFixed(1)} KB.\n`), out);

    const weeks = ok(home, 'cache', 'clean', '--older-than', '1w');
    assert.match(weeks, /^Removed 0 cache entries not accessed for 1w\.$/m);
    assert.match(ok(home, 'cache', 'clean', '--older-than', '144h'), /^Removed 1 cache entry/);
    assert.deepEqual(
      entriesOf(home).map((e) => e.id),
      [orcl.id],
    );
  });

  it('--source removes only that source, and no filter removes every entry', async () => {
    const home = join(base, 'sources');
    const csv = await threeEntries(home, 'csv');
    const mirror = await threeEntries(home, 'mirror');
    const out = ok(home, 'cache', 'clean', '--source', 'mirror');
    assert.match(out, /^Removed 3 cache entries of source mirror:/);
    assert.deepEqual(
      entriesOf(home).map((e) => e.id),
      csv.map((e) => e.id),
    );
    for (const entry of mirror) assert.equal(existsSync(entry.path), false);
    ok(home, 'cache', 'clean');
    assert.deepEqual(entriesOf(home), []);
    assert.deepEqual(readdirSync(join(home, 'cache', 'bundles')), [], 'no key directory is left');
  });

  it('skips an entry a running process reads and reports its pid', async () => {
    const home = join(base, 'held');
    const [goog, nvda] = await threeEntries(home);
    const db = openCatalogDatabase(catalogPath(home));
    const index = new CacheIndex(db);
    const tokens = index.acquire([nvda.id], process.pid, Date.now());
    // A lease of a process that died does not protect its entry.
    index.acquire([goog.id], deadPid(), Date.now());
    try {
      const dry = ok(home, 'cache', 'clean', '--dry-run');
      assert.match(dry, /^Would remove 2 cache entries:/m);
      assert.match(
        dry,
        new RegExp(
          `^Would skip 1 entry a running process reads:\\n {2}csv\\s+1d\\s+NVDA\\s+.*held by pid ${process.pid}$`,
          'm',
        ),
      );
      assert.equal(entriesOf(home).length, 3);
      const out = ok(home, 'cache', 'clean');
      assert.match(out, /^Removed 2 cache entries:/);
      assert.match(
        out,
        new RegExp(
          `Skipped 1 entry a running process reads:\\n {2}csv\\s+1d\\s+NVDA\\s+.*held by pid ${process.pid}\\n`,
        ),
      );
      assert.deepEqual(
        index.entries().map((e) => e.id),
        [nvda.id],
      );
      assert.equal(existsSync(nvda.path), true);
    } finally {
      index.release(tokens);
    }
    db.close();
    assert.match(ok(home, 'cache', 'clean'), /^Removed 1 cache entry:/);
    assert.deepEqual(entriesOf(home), []);
  });

  it('sweeps unrecorded entry directories over 10 minutes old, unfinished writes and locks of dead processes; --dry-run removes nothing', async () => {
    const home = join(base, 'leftovers');
    const [entry] = await threeEntries(home);
    const keyDir = join(entry.path, '..');
    const cacheHome = join(home, 'cache');
    // A crash after writing an entry's files, before recording it.
    const orphan = join(keyDir, '2020-01-01T00-00-00-000Z');
    cpSync(entry.path, orphan, { recursive: true });
    const longAgo = new Date(Date.now() - 11 * 60_000);
    utimesSync(orphan, longAgo, longAgo);
    // One that a writer may be about to record.
    const young = join(keyDir, '2020-01-02T00-00-00-000Z');
    cpSync(entry.path, young, { recursive: true });
    const dead = deadPid();
    const incoming = join(cacheHome, 'bundles', 'abc', `.incoming-${dead}-0123456789ab`);
    mkdirSync(incoming, { recursive: true });
    writeFileSync(join(incoming, 'part.parquet'), Buffer.alloc(1000));
    const liveIncoming = join(keyDir, `.incoming-${process.pid}-0123456789ab`);
    mkdirSync(liveIncoming);
    const locks = join(cacheHome, 'locks');
    mkdirSync(locks, { recursive: true });
    const staleLock = join(locks, 'a'.repeat(64) + '.lock');
    writeFileSync(staleLock, String(dead));
    const staging = join(locks, `${'b'.repeat(64)}.lock.${dead}.0123456789ab`);
    writeFileSync(staging, String(dead));
    const liveLock = join(locks, 'c'.repeat(64) + '.lock');
    writeFileSync(liveLock, String(process.pid));
    const everything = [orphan, young, incoming, liveIncoming, staleLock, staging, liveLock];

    const dry = ok(home, 'cache', 'clean', '--older-than', '1d', '--dry-run');
    assert.match(
      dry,
      /^Dry run: nothing is removed\.\nWould remove 0 cache entries not accessed for 1d\.\n/,
    );
    assert.match(dry, /Would sweep 4 leftovers of crashed processes:/);
    for (const path of everything) assert.equal(existsSync(path), true, path);
    assert.equal(entriesOf(home).length, 3);
    const all = ok(home, 'cache', 'clean', '--dry-run');
    assert.match(all, /^Would remove 3 cache entries:/m);
    assert.equal(entriesOf(home).length, 3);

    const freed = diskBytes(orphan) + 1000 + 2 * String(dead).length;
    const out = ok(home, 'cache', 'clean', '--older-than', '1d');
    assert.match(out, new RegExp(`unrecorded entry directory\\s+${orphan}\\s`));
    assert.match(out, new RegExp(`unfinished write\\s+${incoming}\\s+1000 B, pid ${dead} gone`));
    assert.match(out, new RegExp(`stale lock\\s+${staleLock}\\s+.*pid ${dead} gone`));
    assert.match(out, new RegExp(`stale lock\\s+${staging}\\s`));
    assert.ok(out.endsWith(`Freed ${(freed / 1024).toFixed(1)} KB.\n`), out);
    for (const path of [orphan, incoming, staleLock, staging]) {
      assert.equal(existsSync(path), false, path);
    }
    for (const path of [young, liveIncoming, liveLock, entry.path]) {
      assert.equal(existsSync(path), true, path);
    }
    assert.equal(
      existsSync(join(cacheHome, 'bundles', 'abc')),
      false,
      'its empty key directory too',
    );
    assert.equal(entriesOf(home).length, 3);
    assert.match(
      ok(home, 'cache', 'clean', '--older-than', '1d'),
      /^Removed 0 cache entries not accessed for 1d\.\nFreed 0 B\.\n$/,
    );
  });

  it('rejects a malformed --older-than with a ConfigError naming the accepted forms, removing nothing', async () => {
    const home = join(base, 'bad-duration');
    await threeEntries(home);
    // Every malformed form is covered by the parseDuration tests; two here go through the CLI.
    for (const bad of ['7days', '1.5h']) {
      const run = rustybt(home, 'cache', 'clean', '--older-than', bad);
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        new RegExp(
          `^rustybt: --older-than "${bad.replace('.', '\\.')}" is not a duration: .*30m, 12h, 7d, 2w\\. \\[ERR_CONFIG\\]\\n$`,
        ),
      );
    }
    assert.equal(entriesOf(home).length, 3);
  });
});

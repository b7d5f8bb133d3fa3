import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CacheIndex, cached } from '../../../src/data/cache/index.js';
import { catalogPath } from '../../../src/data/bundles/index.js';
import { openCatalogDatabase } from '../../../src/data/catalog/index.js';
import { CsvSource } from '../../../src/data/sources/csv-source.js';
import { plain } from '../bundles/sample-frames.js';
import { CSV_DIRECTORY, RecordingSource, day, temporaryHome } from './cache-helpers.js';

let root: string;
let dispose: () => void;
before(() => ({ home: root, dispose } = temporaryHome()));
after(() => dispose());

const direct = new CsvSource({ directory: CSV_DIRECTORY });

/** Every Parquet file under a cache home. */
function parquetFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...parquetFiles(path));
    else if (name.endsWith('.parquet')) found.push(path);
  }
  return found;
}

describe('CachedDataSource: freshness with an injected clock', () => {
  it('serves a daily entry until the next close, then fetches only the session that closed', async () => {
    let now = Date.parse('2013-02-27T15:00:00Z'); // Wednesday, 10:00 in New York
    const source = new RecordingSource();
    const cache = cached(source, {
      home: join(root, 'fresh'),
      freshness: { '1d': 'next-close' },
      now: () => now,
    });
    const ask = () => cache.fetch(['GOOG'], day('2013-02-01'), day('2013-02-27'), '1d');
    await ask();
    now = Date.parse('2013-02-27T20:59:00Z');
    await ask();
    assert.equal(source.calls.length, 1, 'fresh until the 16:00 EST close');
    now = Date.parse('2013-02-27T21:30:00Z');
    const refreshed = await ask();
    assert.deepEqual(source.calls[1], {
      symbols: ['GOOG'],
      start: '2013-02-27',
      end: '2013-02-27',
    });
    const expected = await direct.fetch(['GOOG'], day('2013-02-01'), day('2013-02-27'), '1d');
    assert.deepEqual(refreshed.frames.map(plain), expected.frames.map(plain));
    now = Date.parse('2013-03-05T12:00:00Z');
    await ask();
    assert.equal(source.calls.length, 2, 'every bar is final now: the entry never goes stale');
    assert.deepEqual(
      [cache.stats().hits, cache.stats().partialHits, cache.stats().misses],
      [2, 1, 1],
    );
    cache.close();
  });

  it('never lets a CSV entry go stale by default', async () => {
    let now = Date.parse('2013-02-27T15:00:00Z');
    const source = new RecordingSource();
    const cache = cached(source, { home: join(root, 'csv-never'), now: () => now });
    await cache.fetch(['GOOG'], day('2013-02-01'), day('2013-02-27'), '1d');
    now += 365 * 86_400_000;
    await cache.fetch(['GOOG'], day('2013-02-01'), day('2013-02-27'), '1d');
    assert.equal(source.calls.length, 1);
    cache.close();
  });
});

describe('CachedDataSource: damaged entries', () => {
  it('detects a flipped byte in a cached Parquet file, drops the entry and refetches', async () => {
    const home = join(root, 'corrupt');
    const source = new RecordingSource();
    const cache = cached(source, { home });
    await cache.fetch(['GOOG', 'NVDA'], day('2012-01-01'), day('2012-12-31'), '1d');
    const [file] = parquetFiles(join(home, 'cache')).filter((f) => f.includes('bars'));
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x20;
    writeFileSync(file, bytes);
    const again = await cache.fetch(['GOOG', 'NVDA'], day('2012-01-01'), day('2012-12-31'), '1d');
    assert.equal(source.calls.length, 2);
    const expected = await direct.fetch(
      ['GOOG', 'NVDA'],
      day('2012-01-01'),
      day('2012-12-31'),
      '1d',
    );
    assert.deepEqual(again.frames.map(plain), expected.frames.map(plain));
    assert.equal(cache.stats().invalidations, 1);
    assert.equal(cache.stats().entries, 1);
    cache.close();
  });

  it('refetches an entry whose files were deleted behind its back', async () => {
    const home = join(root, 'deleted');
    const source = new RecordingSource();
    const cache = cached(source, { home });
    await cache.fetch(['ORCL'], day('2012-01-01'), day('2012-06-30'), '1d');
    rmSync(join(home, 'cache', 'bundles'), { recursive: true });
    const again = await cache.fetch(['ORCL'], day('2012-01-01'), day('2012-06-30'), '1d');
    assert.equal(source.calls.length, 2);
    const expected = await direct.fetch(['ORCL'], day('2012-01-01'), day('2012-06-30'), '1d');
    assert.deepEqual(again.frames.map(plain), expected.frames.map(plain));
    assert.equal(cache.stats().invalidations, 1);
    cache.close();
  });
});

describe('CachedDataSource: LRU eviction', () => {
  const years = ['2010', '2011', '2012'] as const;
  const fetchYear = (cache: ReturnType<typeof cached>, year: string) =>
    cache.fetch(['GOOG'], day(`${year}-01-01`), day(`${year}-12-31`), '1d');

  it('evicts the least recently used entries to stay under the limit, and the total survives a restart', async () => {
    // Sizes of the three entries, measured in a cache without a limit.
    const probe = cached(new RecordingSource(), { home: join(root, 'probe') });
    const sizes: number[] = [];
    for (const year of years) {
      const before = probe.stats().bytes;
      await fetchYear(probe, year);
      sizes.push(probe.stats().bytes - before);
    }
    probe.close();
    const home = join(root, 'lru');
    const limit = sizes[0] + sizes[1] + sizes[2] - 1;
    const source = new RecordingSource();
    const cache = cached(source, { home, maxBytes: limit });
    await fetchYear(cache, '2010');
    await fetchYear(cache, '2011');
    await fetchYear(cache, '2010'); // 2010 is now more recently used than 2011
    await fetchYear(cache, '2012'); // over the limit by one byte: 2011 goes
    assert.equal(cache.stats().evictions, 1);
    assert.equal(cache.stats().bytes, sizes[0] + sizes[2]);
    assert.ok(cache.stats().bytes <= limit);
    cache.close();
    const reopened = cached(source, { home, maxBytes: limit });
    assert.equal(reopened.stats().bytes, sizes[0] + sizes[2], 'size accounting survives a restart');
    const calls = source.calls.length;
    await fetchYear(reopened, '2010');
    await fetchYear(reopened, '2012');
    assert.equal(source.calls.length, calls, '2010 and 2012 are still cached');
    await fetchYear(reopened, '2011');
    assert.equal(source.calls.length, calls + 1, '2011 was evicted');
    reopened.close();
  });

  it('counts an entry merged from several as just used, not as old as its parts', async () => {
    let now = Date.parse('2026-01-05T12:00:00Z');
    const home = join(root, 'merged-lru');
    const cache = cached(new RecordingSource(), { home, now: () => now });
    await cache.fetch(['GOOG'], day('2011-01-01'), day('2011-12-31'), '1d');
    now += 60_000;
    await cache.fetch(['NVDA'], day('2012-01-01'), day('2012-12-31'), '1d');
    now += 60_000;
    await cache.fetch(['GOOG'], day('2011-01-01'), day('2012-12-31'), '1d'); // merged from 2011 + 2012
    const db = openCatalogDatabase(catalogPath(home));
    const order = new CacheIndex(db)
      .entries()
      .map((e) => [e.symbols.join(), e.rangeStart, e.lastAccess]);
    db.close();
    assert.deepEqual(order, [
      ['NVDA', day('2012-01-01').getTime(), Date.parse('2026-01-05T12:01:00Z')],
      ['GOOG', day('2011-01-01').getTime(), now],
    ]);
    cache.close();
  });

  it('never evicts an entry a running reader holds, and ignores leases of dead processes', async () => {
    const home = join(root, 'held');
    const source = new RecordingSource();
    const cache = cached(source, { home, maxBytes: 10_000_000 });
    await fetchYear(cache, '2010');
    await fetchYear(cache, '2011');
    const db = openCatalogDatabase(catalogPath(home));
    const index = new CacheIndex(db);
    const [oldest, newer] = index.entries();
    // A live reader (this process) holds the least recently used entry...
    const tokens = index.acquire([oldest.id], process.pid, Date.now());
    // ...and a process that has exited held the other one.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    index.acquire([newer.id], Number(dead.stdout.toString()), Date.now());
    const tiny = cached(source, { home, maxBytes: 1 });
    await fetchYear(tiny, '2012');
    const left = index.entries().map((e) => e.id);
    assert.ok(left.includes(oldest.id), 'the held entry stays');
    assert.ok(!left.includes(newer.id), 'a dead reader does not protect an entry');
    index.release(tokens);
    await fetchYear(tiny, '2012');
    assert.deepEqual(index.entries().length, 0, 'once released, everything over the limit goes');
    tiny.close();
    cache.close();
    db.close();
  });
});

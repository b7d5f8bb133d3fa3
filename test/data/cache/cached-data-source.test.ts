import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cached } from '../../../src/data/cache/index.js';
import { CsvSource } from '../../../src/data/sources/csv-source.js';
import { CacheError, DataError } from '../../../src/errors/index.js';
import { plain } from '../bundles/sample-frames.js';
import { CSV_DIRECTORY, RecordingSource, day, temporaryHome } from './cache-helpers.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

const direct = new CsvSource({ directory: CSV_DIRECTORY });

describe('CachedDataSource: hits, misses and partial hits', () => {
  it('fetches on the first request and serves the same bars from the cache on the second', async () => {
    const source = new RecordingSource();
    const cache = cached(source, { home: `${home}/a` });
    const first = await cache.fetch(['GOOG', 'NVDA'], day('2011-01-01'), day('2011-12-31'), '1d');
    const second = await cache.fetch(['GOOG', 'NVDA'], day('2011-01-01'), day('2011-12-31'), '1d');
    const expected = await direct.fetch(
      ['GOOG', 'NVDA'],
      day('2011-01-01'),
      day('2011-12-31'),
      '1d',
    );
    assert.equal(source.calls.length, 1);
    assert.deepEqual(first.frames.map(plain), expected.frames.map(plain));
    assert.deepEqual(second.frames.map(plain), expected.frames.map(plain));
    assert.equal(second.frames[0].timestamps.length, 252);
    const stats = cache.stats();
    assert.deepEqual([stats.hits, stats.partialHits, stats.misses], [1, 0, 1]);
    assert.equal(stats.hitRate, 0.5);
    assert.ok(stats.bytesRead > 0 && stats.bytesWritten > 0 && stats.entries === 1);
    cache.close();
  });

  it('keys on the normalized symbol set and answers in the order asked', async () => {
    const source = new RecordingSource();
    const cache = cached(source, { home: `${home}/b` });
    await cache.fetch(['NVDA', 'GOOG'], day('2011-01-01'), day('2011-03-31'), '1d');
    const again = await cache.fetch(
      [' GOOG', 'NVDA ', 'GOOG'],
      day('2011-01-01'),
      day('2011-03-31'),
      '1d',
    );
    assert.equal(source.calls.length, 1);
    assert.deepEqual(
      again.frames.map((f) => f.symbol),
      ['GOOG', 'NVDA'],
    );
    cache.close();
  });

  it('fetches only the missing ranges of a wider request and merges them', async () => {
    const source = new RecordingSource();
    const cache = cached(source, { home: `${home}/c` });
    await cache.fetch(['GOOG', 'ORCL'], day('2011-01-01'), day('2011-12-31'), '1d');
    const wide = await cache.fetch(['GOOG', 'ORCL'], day('2010-06-01'), day('2012-06-30'), '1d');
    assert.deepEqual(source.calls.slice(1), [
      { symbols: ['GOOG', 'ORCL'], start: '2010-06-01', end: '2010-12-31' },
      { symbols: ['GOOG', 'ORCL'], start: '2012-01-01', end: '2012-06-30' },
    ]);
    const expected = await direct.fetch(
      ['GOOG', 'ORCL'],
      day('2010-06-01'),
      day('2012-06-30'),
      '1d',
    );
    assert.deepEqual(wide.frames.map(plain), expected.frames.map(plain));
    assert.equal(cache.stats().partialHits, 1);
    // The three pieces were stored as one entry for the wide request: a plain hit now.
    await cache.fetch(['GOOG', 'ORCL'], day('2010-06-01'), day('2012-06-30'), '1d');
    assert.equal(source.calls.length, 3);
    assert.equal(cache.stats().hits, 1);
    assert.equal(cache.stats().entries, 1);
    cache.close();
  });

  it('tells from the catalog alone what a fetch would do', async () => {
    const source = new RecordingSource();
    const cache = cached(source, { home: `${home}/lookup` });
    assert.equal(
      cache.lookup(['GOOG'], day('2011-01-01'), day('2011-12-31'), '1d').outcome,
      'miss',
    );
    await cache.fetch(['GOOG', 'ORCL'], day('2011-01-01'), day('2011-12-31'), '1d');
    const exact = cache.lookup(['ORCL', 'GOOG'], day('2011-01-01'), day('2011-12-31'), '1d');
    assert.equal(exact.outcome, 'hit');
    assert.equal(exact.entries.length, 1);
    const wider = cache.lookup(['GOOG', 'NVDA'], day('2011-01-01'), day('2012-01-31'), '1d');
    assert.equal(wider.outcome, 'partial');
    assert.deepEqual(
      wider.fetches.map((f) => [
        f.symbols,
        f.start.toISOString().slice(0, 10),
        f.end.toISOString().slice(0, 10),
      ]),
      [
        [['GOOG'], '2012-01-01', '2012-01-31'],
        [['NVDA'], '2011-01-01', '2012-01-31'],
      ],
    );
    assert.equal(source.calls.length, 1, 'a lookup never fetches');
    cache.close();
  });

  it('fetches only the symbols it does not hold', async () => {
    const source = new RecordingSource();
    const cache = cached(source, { home: `${home}/d` });
    await cache.fetch(['GOOG'], day('2012-01-01'), day('2012-12-31'), '1d');
    const both = await cache.fetch(['NVDA', 'GOOG'], day('2012-01-01'), day('2012-12-31'), '1d');
    assert.deepEqual(source.calls[1], {
      symbols: ['NVDA'],
      start: '2012-01-01',
      end: '2012-12-31',
    });
    const expected = await direct.fetch(
      ['NVDA', 'GOOG'],
      day('2012-01-01'),
      day('2012-12-31'),
      '1d',
    );
    assert.deepEqual(both.frames.map(plain), expected.frames.map(plain));
    // A subset of what is held is a hit.
    await cache.fetch(['GOOG'], day('2012-03-01'), day('2012-03-31'), '1d');
    assert.equal(source.calls.length, 2);
    cache.close();
  });

  it('never shares entries between sources with different parameters', async () => {
    const a = new RecordingSource();
    const b = new RecordingSource(`${CSV_DIRECTORY}/`, 'csv');
    const other = new RecordingSource(CSV_DIRECTORY, 'csv-copy');
    await cached(a, { home: `${home}/e` }).fetch(
      ['GOOG'],
      day('2012-01-01'),
      day('2012-01-31'),
      '1d',
    );
    await cached(b, { home: `${home}/e` }).fetch(
      ['GOOG'],
      day('2012-01-01'),
      day('2012-01-31'),
      '1d',
    );
    await cached(other, { home: `${home}/e` }).fetch(
      ['GOOG'],
      day('2012-01-01'),
      day('2012-01-31'),
      '1d',
    );
    await cached(a, { home: `${home}/e`, params: { adjusted: true } }).fetch(
      ['GOOG'],
      day('2012-01-01'),
      day('2012-01-31'),
      '1d',
    );
    // The same directory spelled differently is the same source; another name or parameter is not.
    assert.deepEqual([a.calls.length, b.calls.length, other.calls.length], [2, 0, 1]);
  });

  it('keeps the report of dropped rows, and refuses them to a strict fetch as the source would', async () => {
    const source = new RecordingSource(`${CSV_DIRECTORY}/../flawed`);
    const cache = cached(source, { home: `${home}/strict` });
    const range = [day('2024-01-01'), day('2024-01-31')] as const;
    const lenient = await cache.fetch(['FLAWED'], ...range, '1d');
    assert.equal(lenient.frames[0].timestamps.length, 3);
    const hit = await cache.fetch(['FLAWED'], ...range, '1d');
    assert.equal(source.calls.length, 1);
    assert.deepEqual(hit.report, lenient.report);
    assert.deepEqual(
      hit.report.issues.map((issue) => issue.problem),
      ['ohlc-inconsistent', 'negative-volume', 'duplicate-timestamp'],
    );
    await assert.rejects(
      cache.fetch(['FLAWED'], ...range, '1d', { strict: true }),
      (error: unknown) => error instanceof DataError && /ohlc-inconsistent/.test(error.message),
    );
    await assert.rejects(
      new CsvSource({ directory: `${CSV_DIRECTORY}/../flawed` }).fetch(['FLAWED'], ...range, '1d', {
        strict: true,
      }),
      DataError,
    );
    cache.close();
  });

  it('refuses an inverted range and an empty symbol with a CacheError', async () => {
    const cache = cached(new RecordingSource(), { home: `${home}/f` });
    await assert.rejects(
      cache.fetch(['GOOG'], day('2012-02-01'), day('2012-01-01'), '1d'),
      (error: unknown) =>
        error instanceof CacheError && /start must not be after end/.test(error.message),
    );
    await assert.rejects(
      cache.fetch(['GOOG', ' '], day('2012-01-01'), day('2012-02-01'), '1d'),
      CacheError,
    );
    assert.throws(() => cached(new RecordingSource(), { maxBytes: 0 }), CacheError);
  });
});

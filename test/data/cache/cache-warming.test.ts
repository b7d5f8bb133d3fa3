import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cached } from '../../../src/data/cache/index.js';
import { CacheError } from '../../../src/errors/index.js';
import { RecordingSource, day, temporaryHome } from './cache-helpers.js';

let home: string;
let dispose: () => void;
before(() => ({ home, dispose } = temporaryHome()));
after(() => dispose());

describe('cache warming', () => {
  it('pre-fetches in the background so the next request is a hit', async () => {
    const now = Date.parse('2013-03-01T22:00:00Z'); // Friday, after the close
    const source = new RecordingSource();
    const cache = cached(source, { home: `${home}/now`, now: () => now });
    const warming = cache.warm({
      symbols: ['GOOG', 'NVDA'],
      frequency: '1d',
      start: day('2013-01-02'),
    });
    assert.equal(warming.at, now);
    const outcome = await warming.done;
    assert.ok(outcome.ok);
    assert.equal(outcome.bars, 2 * 41);
    const result = await cache.fetch(['GOOG', 'NVDA'], day('2013-01-02'), day('2013-03-01'), '1d');
    assert.equal(source.calls.length, 1);
    assert.equal(result.frames[0].timestamps.length, 41);
    assert.deepEqual([cache.stats().misses, cache.stats().hits], [1, 1]);
    cache.close();
  });

  it('schedules the pre-fetch after the next close of the calendar, and can be cancelled', async () => {
    const now = Date.parse('2013-02-27T15:00:00Z'); // Wednesday, 10:00 in New York
    const source = new RecordingSource();
    const cache = cached(source, { home: `${home}/later`, now: () => now });
    const warming = cache.warm(
      { symbols: ['GOOG'], frequency: '1d', start: day('2013-01-02') },
      { when: 'next-close', delayMs: 15 * 60_000 },
    );
    assert.equal(warming.at, Date.parse('2013-02-27T21:15:00Z'), '16:00 EST close + 15 min');
    warming.cancel();
    const outcome = await warming.done;
    assert.ok(!outcome.ok && outcome.error instanceof CacheError);
    assert.equal(source.calls.length, 0);
    cache.close();
  });
});

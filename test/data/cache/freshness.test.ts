import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCalendar } from '../../../src/calendar/index.js';
import { entryTimes, lastClosedSession, resolveFreshness } from '../../../src/data/cache/index.js';
import { CacheError } from '../../../src/errors/index.js';

const xnys = getCalendar('XNYS');
const utc = (iso: string): number => Date.parse(iso);

describe('freshness', () => {
  it('finds the last closed XNYS session and the next close, across weekends and holidays', () => {
    // Wednesday 2013-02-27, 10:00 New York: the 26th closed last; the 27th closes at 16:00 EST.
    assert.deepEqual(lastClosedSession(xnys, utc('2013-02-27T15:00:00Z')), {
      label: utc('2013-02-27T00:00:00Z') - 86_400_000,
      nextClose: utc('2013-02-27T21:00:00Z'),
    });
    // Exactly at the close the session counts as closed.
    assert.equal(
      lastClosedSession(xnys, utc('2013-02-27T21:00:00Z')).label,
      utc('2013-02-27T00:00:00Z'),
    );
    // Saturday 2013-03-30 after Good Friday (closed): Thursday the 28th, next close Monday 1 April, 16:00 EDT.
    assert.deepEqual(lastClosedSession(xnys, utc('2013-03-30T12:00:00Z')), {
      label: utc('2013-03-28T00:00:00Z'),
      nextClose: utc('2013-04-01T20:00:00Z'),
    });
    // 24/7: each UTC day closes at the next midnight.
    assert.deepEqual(lastClosedSession(getCalendar('24/7'), utc('2024-05-04T13:00:00Z')), {
      label: utc('2024-05-03T00:00:00Z'),
      nextClose: utc('2024-05-05T00:00:00Z'),
    });
  });

  it('lets daily entries that reach the unclosed session go stale at the next close, and only them', () => {
    const fetchedAt = utc('2013-02-27T15:00:00Z');
    assert.deepEqual(entryTimes('next-close', '1d', utc('2013-02-27T00:00:00Z'), fetchedAt, xnys), {
      settledEnd: utc('2013-02-26T00:00:00Z'),
      staleAt: utc('2013-02-27T21:00:00Z'),
    });
    assert.deepEqual(entryTimes('next-close', '1d', utc('2013-02-26T00:00:00Z'), fetchedAt, xnys), {
      settledEnd: utc('2013-02-26T00:00:00Z'),
      staleAt: null,
    });
  });

  it('gives intraday entries a maximum age from the fetch, counting only bars not yet complete', () => {
    const fetchedAt = utc('2024-03-05T15:07:30Z');
    assert.deepEqual(
      entryTimes({ maxAgeMs: 3_600_000 }, '1h', utc('2024-03-05T15:00:00Z'), fetchedAt, xnys),
      { settledEnd: utc('2024-03-05T14:07:30Z'), staleAt: utc('2024-03-05T16:07:30Z') },
    );
    assert.deepEqual(
      entryTimes({ maxAgeMs: 300_000 }, '1m', utc('2024-03-05T15:06:00Z'), fetchedAt, xnys),
      { settledEnd: utc('2024-03-05T15:06:00Z'), staleAt: null },
      'the 15:06 bar ended at 15:07, before the fetch',
    );
    assert.deepEqual(
      entryTimes({ maxAgeMs: 300_000 }, '1m', utc('2024-03-05T15:07:00Z'), fetchedAt, xnys),
      { settledEnd: utc('2024-03-05T15:06:30Z'), staleAt: utc('2024-03-05T15:12:30Z') },
    );
    assert.deepEqual(entryTimes('never', '1m', utc('2030-01-01T00:00:00Z'), fetchedAt, xnys), {
      settledEnd: utc('2030-01-01T00:00:00Z'),
      staleAt: null,
    });
  });

  it('takes the policy, then the source default, then the general default', () => {
    assert.equal(resolveFreshness('yfinance', '1d'), 'next-close');
    assert.deepEqual(resolveFreshness('yfinance', '1h'), { maxAgeMs: 3_600_000 });
    assert.deepEqual(resolveFreshness('ccxt', '1m'), { maxAgeMs: 300_000 });
    assert.equal(resolveFreshness('csv', '1d'), 'never');
    assert.equal(resolveFreshness('csv', '1d', { '1d': 'next-close' }), 'next-close');
    assert.deepEqual(resolveFreshness('ccxt', '1m', { '1m': { maxAgeMs: 1000 } }), {
      maxAgeMs: 1000,
    });
    assert.throws(() => resolveFreshness('ccxt', '1m', { '1m': { maxAgeMs: -5 } }), CacheError);
  });
});

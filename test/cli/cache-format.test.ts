import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  abbreviateSymbols,
  describeFreshness,
  formatEntryRange,
  freshnessOf,
} from '../../src/cli/commands/cache-format.js';
import type { CacheEntry } from '../../src/data/cache/cache-index.js';

const entry: CacheEntry = {
  id: 1,
  versionId: 1,
  key: 'k',
  seriesKey: 's',
  source: 'yfinance',
  params: '{}',
  frequency: '1d',
  symbols: ['GOOG'],
  rangeStart: Date.parse('2024-01-02T00:00:00Z'),
  rangeEnd: Date.parse('2024-03-28T00:00:00Z'),
  settledEnd: Date.parse('2024-03-27T00:00:00Z'),
  fetchedAt: Date.parse('2024-03-28T15:00:00Z'),
  staleAt: Date.parse('2024-03-28T20:00:00Z'),
  lastAccess: Date.parse('2024-03-28T15:00:00Z'),
  hits: 1,
  bytes: 100,
  path: '/x',
};

describe('cache list formatting', () => {
  it('shows up to three symbols in full and abbreviates more as the first two and a count', () => {
    assert.equal(abbreviateSymbols(['GOOG']), 'GOOG');
    assert.equal(abbreviateSymbols(['GOOG', 'NVDA', 'ORCL']), 'GOOG, NVDA, ORCL');
    assert.equal(abbreviateSymbols(['GOOG', 'NVDA', 'ORCL', 'AAPL']), 'GOOG, NVDA +2');
    const fifty = Array.from({ length: 50 }, (_, i) =>
      i === 0 ? 'GOOG' : i === 1 ? 'NVDA' : `S${i}`,
    );
    assert.equal(abbreviateSymbols(fifty), 'GOOG, NVDA +48');
  });

  it('shows dates for daily ranges and UTC date-times for intraday ones', () => {
    assert.equal(formatEntryRange(entry), '2024-01-02 .. 2024-03-28');
    assert.equal(
      formatEntryRange({
        ...entry,
        frequency: '1m',
        rangeStart: Date.parse('2024-06-03T13:30:00Z'),
        rangeEnd: Date.parse('2024-06-03T19:59:00Z'),
      }),
      '2024-06-03 13:30 .. 2024-06-03 19:59',
    );
  });

  it('is fresh before the stale time, stale from it on, final without one, superseded once replaced', () => {
    const staleAt = entry.staleAt!;
    assert.equal(freshnessOf(entry, staleAt - 1), 'fresh');
    assert.equal(freshnessOf(entry, staleAt), 'stale');
    assert.equal(describeFreshness(entry, staleAt + 1), 'stale since 2024-03-28 20:00');
    assert.equal(describeFreshness({ ...entry, staleAt: null }, staleAt + 1), 'final');
    assert.equal(
      freshnessOf({ ...entry, key: 'k#superseded-1', staleAt: 0 }, staleAt),
      'superseded',
    );
  });
});

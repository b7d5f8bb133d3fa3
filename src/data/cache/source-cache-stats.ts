import type { CacheIndex } from './cache-index.js';
import { latencySummary, type CacheStats } from './cache-stats.js';

/**
 * Statistics of one source's part of the cache. The catalog keeps all-time
 * counters for the whole cache only, so the lookups, hits, misses and bytes
 * here are counted over the source's lookups still in the recent window (the
 * last 10,000 of all sources); evictions and invalidations stay the
 * cache-wide counters; entries and bytes are the source's own; `maxBytes` is
 * the limit of the whole cache.
 */
export function sourceCacheStats(index: CacheIndex, maxBytes: number, source: string): CacheStats {
  const lookups = index.lookups(source);
  const entries = index.entries(source);
  const counters = index.counters();
  const outcomes = { hit: 0, partial: 0, miss: 0 };
  let bytesRead = 0;
  let bytesWritten = 0;
  for (const lookup of lookups) {
    outcomes[lookup.outcome]++;
    bytesRead += lookup.bytesRead;
    bytesWritten += lookup.bytesWritten;
  }
  return {
    hits: outcomes.hit,
    partialHits: outcomes.partial,
    misses: outcomes.miss,
    hitRate: lookups.length === 0 ? 0 : outcomes.hit / lookups.length,
    latencyMs: latencySummary(lookups.map((lookup) => lookup.latencyMs)),
    bytesRead,
    bytesWritten,
    evictions: counters.evictions ?? 0,
    invalidations: counters.invalidations ?? 0,
    entries: entries.length,
    bytes: entries.reduce((sum, entry) => sum + entry.bytes, 0),
    maxBytes,
  };
}

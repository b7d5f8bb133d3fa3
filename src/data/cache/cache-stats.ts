import type { CacheIndex } from './cache-index.js';

/** What the cache has done, over every process that shared it. */
export interface CacheStats {
  /** Lookups served entirely from the cache / partly / not at all (all time). */
  hits: number;
  partialHits: number;
  misses: number;
  /** `hits / (hits + partialHits + misses)`, 0 before the first lookup. */
  hitRate: number;
  /** Latency of the recent lookups (the last 10,000), milliseconds. */
  latencyMs: { p50: number; p90: number; p99: number; max: number; count: number };
  /** Bytes of cache files read on hits and written on misses (all time). */
  bytesRead: number;
  bytesWritten: number;
  /** Entries removed to stay under the size limit, and entries dropped because their files were damaged. */
  evictions: number;
  invalidations: number;
  entries: number;
  /** Bytes of all entries now, and the configured limit. */
  bytes: number;
  maxBytes: number;
}

/** Statistics from the catalog; the counters are all-time, the latencies over the recent window. */
export function cacheStats(index: CacheIndex, maxBytes: number): CacheStats {
  const counters = index.counters();
  const count = (name: string): number => counters[name] ?? 0;
  const hits = count('hits');
  const partialHits = count('partial_hits');
  const misses = count('misses');
  const total = hits + partialHits + misses;
  return {
    hits,
    partialHits,
    misses,
    hitRate: total === 0 ? 0 : hits / total,
    latencyMs: latencySummary(index.lookups().map((lookup) => lookup.latencyMs)),
    bytesRead: count('bytes_read'),
    bytesWritten: count('bytes_written'),
    evictions: count('evictions'),
    invalidations: count('invalidations'),
    entries: index.entries().length,
    bytes: index.totalBytes(),
    maxBytes,
  };
}

/** p50, p90, p99 and max of latencies (ms, any order), with their count; zeros for none. */
export function latencySummary(latencies: readonly number[]): CacheStats['latencyMs'] {
  const sorted = latencies.slice().sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    max: sorted.length === 0 ? 0 : sorted[sorted.length - 1],
    count: sorted.length,
  };
}

/** Nearest-rank percentile of ascending values; 0 for none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

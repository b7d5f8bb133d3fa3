import { LOOKUP_WINDOW } from '../../data/cache/cache-index.js';
import { cacheStats, type CacheStats } from '../../data/cache/cache-stats.js';
import { configuredMaxBytes } from '../../data/cache/cache-limit.js';
import { sourceCacheStats } from '../../data/cache/source-cache-stats.js';
import { withCache } from './cache-catalog.js';
import { formatBytes } from './format.js';

const WINDOW = LOOKUP_WINDOW.toLocaleString('en-US');

/** The options of `rustybt cache stats`. */
export interface CacheStatsFlags {
  source?: string;
  json?: boolean;
}

/**
 * The `rustybt cache stats` report for a home: all-time counters of the whole
 * cache, or with `source` the counts over that source's recent lookups.
 */
export function describeCacheStats(home: string, flags: CacheStatsFlags): string {
  const maxBytes = configuredMaxBytes();
  return withCache(home, ({ index, cacheHome }) => {
    const stats =
      flags.source === undefined
        ? cacheStats(index, maxBytes)
        : sourceCacheStats(index, maxBytes, flags.source);
    const lookups = stats.hits + stats.partialHits + stats.misses;
    const note =
      flags.source === undefined
        ? `Counts and bytes are all-time; latencies are over the last ${stats.latencyMs.count} lookups (at most ${WINDOW}).`
        : `Counts, latencies and bytes are over this source's lookups among the last ${WINDOW} of all sources; evictions and invalidations are counted for all sources; the limit is the whole cache's.`;
    if (flags.json === true) {
      return `${JSON.stringify({ cache: cacheHome, source: flags.source ?? null, note, lookups, ...stats }, null, 2)}\n`;
    }
    const scope = flags.source === undefined ? 'all sources' : `source ${flags.source}`;
    return `Cache under ${cacheHome}, ${scope}:\n${statsLines(stats, lookups)}${note}\n`;
  });
}

function statsLines(stats: CacheStats, lookups: number): string {
  const ms = (value: number): string => value.toFixed(2);
  const { latencyMs: latency } = stats;
  const rows: [string, string][] = [
    ['lookups', String(lookups)],
    ['hits', String(stats.hits)],
    ['partial hits', String(stats.partialHits)],
    ['misses', String(stats.misses)],
    ['hit rate', lookups === 0 ? '-' : `${(stats.hitRate * 100).toFixed(1)} %`],
    [
      'latency (ms)',
      latency.count === 0
        ? '-'
        : `p50 ${ms(latency.p50)}  p90 ${ms(latency.p90)}  p99 ${ms(latency.p99)}  max ${ms(latency.max)}`,
    ],
    ['bytes read', formatBytes(stats.bytesRead)],
    ['bytes written', formatBytes(stats.bytesWritten)],
    ['evictions', String(stats.evictions)],
    ['invalidations', String(stats.invalidations)],
    ['entries', String(stats.entries)],
    [
      'size',
      `${formatBytes(stats.bytes)} of ${formatBytes(stats.maxBytes)} (${((stats.bytes / stats.maxBytes) * 100).toFixed(1)} %)`,
    ],
  ];
  return rows.map(([label, value]) => `  ${label.padEnd(15)}${value}\n`).join('');
}

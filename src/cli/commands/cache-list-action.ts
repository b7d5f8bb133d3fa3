import { withCache } from './cache-catalog.js';
import {
  abbreviateSymbols,
  columns,
  describeFreshness,
  formatEntryRange,
  formatInstant,
  freshnessOf,
} from './cache-format.js';
import { formatBytes } from './format.js';

/** The options of `rustybt cache list`. */
export interface CacheListFlags {
  source?: string;
  json?: boolean;
}

/** The `rustybt cache list` table for a home at `now`: one row per entry, least recently used first. */
export function describeCacheEntries(home: string, flags: CacheListFlags, now: number): string {
  return withCache(home, ({ index, cacheHome }) => {
    const entries = index.entries(flags.source);
    if (flags.json === true) {
      const iso = (ms: number): string => new Date(ms).toISOString();
      return `${JSON.stringify(
        entries.map((entry) => ({
          id: entry.id,
          source: entry.source,
          frequency: entry.frequency,
          symbols: entry.symbols,
          rangeStart: iso(entry.rangeStart),
          rangeEnd: iso(entry.rangeEnd),
          fetchedAt: iso(entry.fetchedAt),
          freshness: freshnessOf(entry, now),
          staleAt: entry.staleAt === null ? null : iso(entry.staleAt),
          lastAccess: iso(entry.lastAccess),
          hits: entry.hits,
          bytes: entry.bytes,
          path: entry.path,
        })),
        null,
        2,
      )}\n`;
    }
    const of = flags.source === undefined ? '' : ` of source ${flags.source}`;
    if (entries.length === 0) return `No cache entries${of} under ${cacheHome}.\n`;
    const header = `${entries.length} cache ${entries.length === 1 ? 'entry' : 'entries'}${of} under ${cacheHome}, least recently used first (the order eviction removes them in); times UTC:\n`;
    const rows = entries.map((entry) => [
      entry.source,
      entry.frequency,
      abbreviateSymbols(entry.symbols),
      formatEntryRange(entry),
      formatInstant(entry.fetchedAt),
      describeFreshness(entry, now),
      formatInstant(entry.lastAccess),
      String(entry.hits),
      formatBytes(entry.bytes),
    ]);
    return (
      header +
      columns([
        [
          'source',
          'freq',
          'symbols',
          'range',
          'fetched at',
          'freshness',
          'last access',
          'hits',
          'size',
        ],
        ...rows,
      ])
    );
  });
}

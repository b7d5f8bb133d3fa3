import type { Command } from 'commander';
import { rustybtHome } from '../../data/bundles/bundle-home.js';
import type { CacheCleanFlags } from './cache-clean-action.js';
import type { CacheListFlags } from './cache-list-action.js';
import type { CacheStatsFlags } from './cache-stats-action.js';

/** Adds `rustybt cache stats | list | clean`. */
export function registerCacheCommand(program: Command): void {
  const cache = program
    .command('cache')
    .description('look at and clean the data cache (CachedDataSource) under RUSTYBT_HOME');
  cache
    .command('stats')
    .description(
      'lookups, hits, partial hits, misses, hit rate, latency percentiles, bytes read and written, evictions, size',
    )
    .option('--source <name>', 'only this source (counted over its recent lookups)')
    .option('--json', 'print JSON')
    .action(async (flags: CacheStatsFlags) => {
      const { describeCacheStats } = await import('./cache-stats-action.js');
      process.stdout.write(describeCacheStats(rustybtHome(), flags));
    });
  cache
    .command('list')
    .description('every cache entry, least recently used (next to be evicted) first')
    .option('--source <name>', 'only entries of this source')
    .option('--json', 'print JSON')
    .action(async (flags: CacheListFlags) => {
      const { describeCacheEntries } = await import('./cache-list-action.js');
      process.stdout.write(describeCacheEntries(rustybtHome(), flags, Date.now()));
    });
  cache
    .command('clean')
    .description(
      'remove cache entries (all, or those matching the filters) and leftovers of crashed processes',
    )
    .option('--older-than <duration>', 'only entries not accessed for this long: 30m, 12h, 7d, 2w')
    .option('--source <name>', 'only entries of this source')
    .option('--dry-run', 'print what would be removed, remove nothing')
    .action(async (flags: CacheCleanFlags) => {
      const { runCacheClean } = await import('./cache-clean-action.js');
      process.stdout.write(runCacheClean(rustybtHome(), flags, Date.now()));
    });
}

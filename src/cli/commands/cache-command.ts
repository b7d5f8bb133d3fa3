import type { Command } from 'commander';
import { rustybtHome } from '../../data/bundles/bundle-home.js';
import type { CacheCleanFlags } from './cache-clean-action.js';
import type { CacheListFlags } from './cache-list-action.js';
import type { CacheStatsFlags } from './cache-stats-action.js';
import type { CacheWarmFlags } from './cache-warm-action.js';

/** Adds `rustybt cache stats | list | clean | warm`. */
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
  cache
    .command('warm')
    .description(
      'fetch bars from --start to now into the cache, now or after the next market close, so the next backtest reads them from the cache',
    )
    .requiredOption('--source <name>', 'data source (yfinance, ccxt, csv, synthetic, ...)')
    .requiredOption('--symbols <list>', 'comma-separated symbols')
    .requiredOption('--start <date>', 'first day or instant, UTC (YYYY-MM-DD or ISO-8601)')
    .option('--frequency <f>', 'bar frequency: 1d, 1h, 1m', '1d')
    .option('--exchange <id>', 'exchange id (ccxt)')
    .option('--csv-dir <dir>', 'directory of CSV files (csv source)')
    .option('--calendar <name>', 'calendar whose close --at next-close waits for (XNYS, 24/7)')
    .option('--at <when>', 'now, or next-close (waits in the foreground)', 'now')
    .option('--delay <minutes>', 'with --at next-close: minutes after the close', '5')
    .action(async (flags: CacheWarmFlags) => {
      const { runCacheWarm } = await import('./cache-warm-action.js');
      process.stdout.write(await runCacheWarm(rustybtHome(), flags));
    });
}

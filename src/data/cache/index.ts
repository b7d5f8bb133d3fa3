export {
  CachedDataSource,
  cached,
  DEFAULT_CACHE_MAX_BYTES,
  configuredMaxBytes,
  type CacheOptions,
  type CacheWarming,
  type LookupOutcome,
} from './cached-data-source.js';
export { CacheIndex, LOOKUP_WINDOW, type CacheEntry, type LookupRecord } from './cache-index.js';
export { cacheStats, percentile, type CacheStats } from './cache-stats.js';
export { normalizeSymbols, cacheKeyOf, seriesKeyOf, canonicalJson } from './cache-key.js';
export {
  DEFAULT_FRESHNESS,
  SOURCE_FRESHNESS,
  resolveFreshness,
  entryTimes,
  lastClosedSession,
  type Freshness,
  type FreshnessPolicy,
  type EntryTimes,
} from './freshness.js';
export { removeEntryFiles } from './entry-files.js';

export {
  CachedDataSource,
  cached,
  type CacheOptions,
  type LookupOutcome,
} from './cached-data-source.js';
export { DEFAULT_CACHE_MAX_BYTES, configuredMaxBytes } from './cache-limit.js';
export { type CacheWarming, type WarmingOptions } from './cache-warming.js';
export { planRequest, type Plan, type FetchJob, type UsableEntry } from './cache-plan.js';
export { CacheIndex, LOOKUP_WINDOW, type CacheEntry, type LookupRecord } from './cache-index.js';
export { cacheStats, latencySummary, percentile, type CacheStats } from './cache-stats.js';
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
export { cleanCache, type CleanRequest, type CacheCleaning } from './cache-clean.js';
export {
  sweepCacheLeftovers,
  ORPHAN_MIN_AGE_MS,
  type CacheLeftover,
  type SweepOptions,
} from './cache-leftovers.js';
export { sourceCacheStats } from './source-cache-stats.js';

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { catalogPath } from '../../data/bundles/bundle-home.js';
import { CacheIndex } from '../../data/cache/cache-index.js';
import { openCatalogDatabase } from '../../data/catalog/catalog-database.js';

/** The cache of a rustybt home as the cache commands see it. */
export interface OpenCache {
  /** `<home>/cache`, where entries, incoming writes and locks live. */
  cacheHome: string;
  db: Database.Database;
  index: CacheIndex;
  /** Closes the catalog. */
  close(): void;
}

/**
 * Opens the catalog of `home` for the cache commands. A home without a catalog
 * has an empty cache: an in-memory catalog stands in, so looking at the cache
 * never creates files.
 */
export function openCache(home: string): OpenCache {
  const path = catalogPath(home);
  const db = openCatalogDatabase(existsSync(path) ? path : ':memory:');
  return {
    cacheHome: join(home, 'cache'),
    db,
    index: new CacheIndex(db),
    close: () => db.close(),
  };
}

/** Runs `work` on the cache of `home` and closes the catalog after. */
export function withCache<T>(home: string, work: (cache: OpenCache) => T): T {
  const cache = openCache(home);
  try {
    return work(cache);
  } finally {
    cache.close();
  }
}

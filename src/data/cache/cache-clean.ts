import type Database from 'better-sqlite3';
import { CacheIndex, type CacheEntry } from './cache-index.js';
import { bytesOnDisk, sweepCacheLeftovers, type CacheLeftover } from './cache-leftovers.js';
import { removeEntryFiles } from './entry-files.js';
import { processAlive } from './fetch-lock.js';

/** Which entries {@link cleanCache} removes; no filter means every entry. */
export interface CleanRequest {
  /** Only entries not accessed for this long (ms). */
  olderThanMs?: number;
  /** Only entries of this source. */
  source?: string;
  /** Current time, UTC ms. */
  now: number;
  /** Report what would go, remove nothing. */
  dryRun: boolean;
  /** Whether a process exists; default: a signal-0 probe on this machine. */
  isAlive?: (pid: number) => boolean;
}

/** What {@link cleanCache} removed (or would remove, on a dry run). */
export interface CacheCleaning {
  /** Entries removed, least recently used first, with the bytes their files took on disk. */
  removed: { entry: CacheEntry; bytes: number }[];
  /** Matching entries kept because a running process reads them, with its pids. */
  held: { entry: CacheEntry; pids: number[] }[];
  /** Leftovers of crashed processes swept (see {@link sweepCacheLeftovers}). */
  leftovers: CacheLeftover[];
  /** Bytes on disk of the removed entries and leftovers. */
  bytesFreed: number;
}

/**
 * Removes the cache entries matching `request` that no live reader holds
 * (rows first, in one transaction with the hold check, then files, so a reader
 * never finds a row without files), then sweeps the leftovers of crashed
 * processes under `cacheHome`. Leftovers are swept whatever the filters: no
 * entry owns them.
 */
export function cleanCache(
  db: Database.Database,
  cacheHome: string,
  request: CleanRequest,
): CacheCleaning {
  const isAlive = request.isAlive ?? processAlive;
  const index = new CacheIndex(db);
  const all = index.entries();
  const recorded = new Set(all.map((entry) => entry.path));
  const cutoff = request.olderThanMs === undefined ? Infinity : request.now - request.olderThanMs;
  const matching = all.filter(
    (entry) =>
      (request.source === undefined || entry.source === request.source) &&
      entry.lastAccess <= cutoff,
  );
  const removed: CacheCleaning['removed'] = [];
  const held: CacheCleaning['held'] = [];
  for (const entry of matching) {
    const readers = liveReaders(db, entry.id, isAlive);
    if (request.dryRun) {
      if (readers.length > 0) held.push({ entry, pids: readers });
      else removed.push({ entry, bytes: bytesOnDisk(entry.path) });
      continue;
    }
    const bytes = bytesOnDisk(entry.path);
    const outcome = index.removeUnlessHeld(entry.id, isAlive);
    if (outcome.held) {
      held.push({ entry, pids: liveReaders(db, entry.id, isAlive) });
    } else if (outcome.path !== undefined) {
      removeEntryFiles(outcome.path);
      removed.push({ entry, bytes });
    }
  }
  const leftovers = sweepCacheLeftovers(cacheHome, {
    recorded,
    now: request.now,
    dryRun: request.dryRun,
    isAlive,
  });
  const bytesFreed =
    removed.reduce((sum, item) => sum + item.bytes, 0) +
    leftovers.reduce((sum, leftover) => sum + leftover.bytes, 0);
  return { removed, held, leftovers, bytesFreed };
}

/** Pids of the live processes holding a lease on an entry, ascending (read only). */
function liveReaders(
  db: Database.Database,
  entryId: number,
  isAlive: (pid: number) => boolean,
): number[] {
  const pids = db
    .prepare('SELECT DISTINCT pid FROM cache_readers WHERE entry_id = ? ORDER BY pid')
    .pluck()
    .all(entryId) as number[];
  return pids.filter((pid) => isAlive(pid));
}

import { existsSync, lstatSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { INCOMING_PREFIX } from '../bundles/bundle-layout.js';
import { removeEntryFiles } from './entry-files.js';

/** An entry directory younger than this may be one a writer is about to record: it is left alone. */
export const ORPHAN_MIN_AGE_MS = 10 * 60_000;

/**
 * Something a crashed process left in the cache directory: an entry directory
 * no catalog row points to (`orphan`), the temporary directory of a write that
 * never finished (`incoming`), or a lock file of a fetch whose process is gone
 * (`lock`).
 */
export interface CacheLeftover {
  kind: 'orphan' | 'incoming' | 'lock';
  /** Absolute path. */
  path: string;
  /** Bytes on disk. */
  bytes: number;
  /** The process that left it, when its name or contents say. */
  pid?: number;
}

/** How {@link sweepCacheLeftovers} runs. */
export interface SweepOptions {
  /**
   * Paths of the entry directories the catalog records; these are never
   * touched. They are matched on their last two parts (`<key>/<version>`), so
   * a path recorded relative to another working directory still protects its
   * directory.
   */
  recorded: ReadonlySet<string>;
  /** Current time, UTC ms. */
  now: number;
  /** Only report what would go. */
  dryRun: boolean;
  /** Whether a process exists. */
  isAlive: (pid: number) => boolean;
}

/**
 * Finds (and unless `dryRun` removes) the leftovers under a cache directory
 * (`<home>/cache`): entry directories under `bundles/<key>/` that no catalog
 * row records and that were last modified over {@link ORPHAN_MIN_AGE_MS} ago,
 * `.incoming-<pid>-*` directories of processes that no longer exist, and lock
 * files (and their staging files) under `locks/` whose owner no longer exists.
 */
export function sweepCacheLeftovers(cacheHome: string, options: SweepOptions): CacheLeftover[] {
  const found: CacheLeftover[] = [];
  const recorded = new Set([...options.recorded].map(entryName));
  const bundles = join(cacheHome, 'bundles');
  for (const key of listDirectory(bundles)) {
    const keyDir = join(bundles, key);
    if (!isDirectory(keyDir)) continue;
    for (const name of listDirectory(keyDir)) {
      const path = resolve(keyDir, name);
      if (!isDirectory(path)) continue;
      if (name.startsWith(INCOMING_PREFIX)) {
        const pid = Number(name.slice(INCOMING_PREFIX.length).split('-')[0]);
        if (Number.isInteger(pid) && pid > 0 && !options.isAlive(pid)) {
          found.push({ kind: 'incoming', path, bytes: bytesOnDisk(path), pid });
        }
      } else if (
        !name.startsWith('.') &&
        !recorded.has(entryName(path)) &&
        options.now - lstatSync(path).mtimeMs > ORPHAN_MIN_AGE_MS
      ) {
        found.push({ kind: 'orphan', path, bytes: bytesOnDisk(path) });
      }
    }
  }
  const locks = join(cacheHome, 'locks');
  for (const name of listDirectory(locks)) {
    const pid = lockOwner(join(locks, name), name);
    if (pid !== undefined && !options.isAlive(pid)) {
      const path = resolve(locks, name);
      found.push({ kind: 'lock', path, bytes: bytesOnDisk(path), pid });
    }
  }
  if (!options.dryRun) {
    for (const leftover of found) {
      if (leftover.kind !== 'lock') removeEntryFiles(leftover.path);
      // Checked again just before: a live fetch may have taken the stale lock over meanwhile.
      else if (!isLiveLock(leftover.path, options.isAlive)) unlinkQuietly(leftover.path);
    }
  }
  return found;
}

/**
 * The pid a lock file names: a lock (`<series>.lock`) holds its owner's pid;
 * a staging file (`<series>.lock.<pid>.<random>`) carries it in its name.
 */
function lockOwner(path: string, name: string): number | undefined {
  const staged = /\.lock\.(\d+)\.[0-9a-f]+$/.exec(name);
  let pid: number;
  if (staged !== null) pid = Number(staged[1]);
  else if (name.endsWith('.lock')) {
    try {
      pid = Number(readFileSync(path, 'utf8'));
    } catch {
      return undefined; // released meanwhile
    }
  } else return undefined;
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** `<key>/<version>` of an entry directory. */
function entryName(path: string): string {
  return `${basename(dirname(path))}/${basename(path)}`;
}

function isLiveLock(path: string, isAlive: (pid: number) => boolean): boolean {
  const pid = lockOwner(path, basename(path));
  return pid !== undefined && isAlive(pid);
}

function listDirectory(path: string): string[] {
  return existsSync(path) ? readdirSync(path).sort() : [];
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Bytes of a file, or of every file under a directory; 0 when it is gone. */
export function bytesOnDisk(path: string): number {
  try {
    const stat = lstatSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path).reduce((sum, name) => sum + bytesOnDisk(join(path, name)), 0);
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Released or taken over meanwhile.
  }
}

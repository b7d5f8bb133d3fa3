import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../errors/index.js';
import { bundleDirectory, listVersions } from './bundle-layout.js';
import { sweepAbandonedIngests } from './bundle-writer.js';

/** What {@link pruneVersions} removed. */
export interface PruneResult {
  /** Version ids removed, oldest first. */
  removed: string[];
  /** Version ids kept, oldest first. */
  kept: string[];
  /** Leftover directories of crashed ingests removed. */
  abandoned: number;
}

/**
 * Keeps the newest `keepLast` versions of a bundle and deletes the rest (and
 * directories left by crashed ingests). Each old version is first renamed out
 * of the version namespace, so a reader never sees a half-deleted version.
 *
 * @throws ConfigError when `keepLast` is not a non-negative integer.
 */
export function pruneVersions(home: string, name: string, keepLast: number): PruneResult {
  if (!Number.isInteger(keepLast) || keepLast < 0) {
    throw new ConfigError(`--keep-last must be a non-negative integer, got ${keepLast}.`);
  }
  const dir = bundleDirectory(home, name);
  const versions = listVersions(home, name);
  const cut = Math.max(versions.length - keepLast, 0);
  const removed = versions.slice(0, cut);
  for (const version of removed) {
    const doomed = join(dir, `.pruning-${version}`);
    renameSync(join(dir, version), doomed);
    rmSync(doomed, { recursive: true, force: true });
  }
  const abandoned = sweepAbandonedIngests(dir);
  return { removed, kept: versions.slice(cut), abandoned };
}

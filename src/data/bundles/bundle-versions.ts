import { renameSync, rmSync } from 'node:fs';
import { crashPoint } from '../../faults/crash-point.js';
import { join } from 'node:path';
import { ConfigError } from '../../errors/index.js';
import { bundleDirectory, listVersions, PRUNING_PREFIX } from './bundle-layout.js';
import { readManifest } from './bundle-loader.js';
import { sweepAbandonedIngests } from './bundle-writer.js';

/** What {@link pruneVersions} removed. */
export interface PruneResult {
  /** Version ids removed, oldest first. */
  removed: string[];
  /** Version ids kept, oldest first. */
  kept: string[];
  /**
   * The newest version with bars, kept beyond `keepLast` because every newer
   * one is empty; undefined when the newest `keepLast` already hold bars.
   */
  keptWithRows: string | undefined;
  /** Leftover directories of crashed ingests removed. */
  abandoned: number;
}

/**
 * Keeps the newest `keepLast` versions of a bundle and deletes the rest (and
 * directories left by crashed ingests). The newest version that holds bars is
 * never removed, even when only empty versions are newer. Each old version is
 * first renamed out of the version namespace, so a reader never sees a
 * half-deleted version.
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
  const newestWithRows = versions.findLast((version) => hasRows(join(dir, version)));
  const keptWithRows =
    newestWithRows !== undefined && versions.indexOf(newestWithRows) < cut
      ? newestWithRows
      : undefined;
  const removed = versions.slice(0, cut).filter((version) => version !== keptWithRows);
  for (const version of removed) {
    const doomed = join(dir, `${PRUNING_PREFIX}${version}`);
    renameSync(join(dir, version), doomed);
    crashPoint('clean.renamed');
    rmSync(doomed, { recursive: true, force: true });
    crashPoint('clean.removed');
  }
  const abandoned = sweepAbandonedIngests(dir);
  const kept = versions.filter((version) => !removed.includes(version));
  return { removed, kept, keptWithRows, abandoned };
}

function hasRows(versionDir: string): boolean {
  try {
    const manifest = readManifest(versionDir);
    return Object.values(manifest.frequencies).some((entry) =>
      entry.frames.some((frame) => frame.rows > 0),
    );
  } catch {
    return false;
  }
}

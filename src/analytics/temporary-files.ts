import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processAlive } from '../data/cache/fetch-lock.js';

/** `.<name>.<pid>.<8 hex>.tmp`: the temporary form of a results file being written. */
const TEMPORARY = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** A fresh temporary path beside `target`, named after this process. */
export function temporaryPathFor(target: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

/**
 * Removes temporary results files left in `folder` by processes that died
 * while writing (a `kill -9`, a power cut); those of live processes stay.
 * Returns the paths removed.
 */
export function sweepStaleTemporaries(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = TEMPORARY.exec(entry);
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    const path = join(folder, entry);
    rmSync(path, { force: true, recursive: true });
    removed.push(path);
  }
  return removed;
}

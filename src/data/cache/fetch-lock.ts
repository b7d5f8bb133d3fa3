import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CacheError } from '../../errors/index.js';

/** Whether a process with this id exists on this machine. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding the lock file `<directory>/<name>.lock`, so two
 * processes never fetch the same series at once: the second waits and then
 * finds the first one's entry. The lock holds the owner's pid; a lock left by
 * a process that died is taken over.
 *
 * @throws CacheError when the lock stays held by a live process for `timeoutMs`.
 */
export async function withFetchLock<T>(
  directory: string,
  name: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${name}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    if (tryLock(path)) break;
    if (Date.now() > deadline) {
      throw new CacheError(
        `Another process (pid ${ownerOf(path) ?? 'unknown'}) has been fetching this series for over ${timeoutMs} ms (lock ${path}); wait for it, or remove the lock file if that process is stuck.`,
      );
    }
    await sleep(wait);
  }
  try {
    return await work();
  } finally {
    try {
      unlinkSync(path);
    } catch {
      // Already taken over as stale: nothing to release.
    }
  }
}

function tryLock(path: string): boolean {
  // The pid is written to a private file first and linked into place, so the
  // lock file never exists without its owner in it.
  const staged = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(staged, String(process.pid));
  try {
    linkSync(staged, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(staged);
  }
  const owner = ownerOf(path);
  // A lock whose owner is gone is stale: take it over.
  if (owner !== undefined && !processAlive(owner)) {
    try {
      unlinkSync(path);
    } catch {
      // Someone else removed it first; retry.
    }
  }
  return false;
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

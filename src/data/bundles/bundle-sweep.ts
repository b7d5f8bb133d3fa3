import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INCOMING_PREFIX, PRUNING_PREFIX } from './bundle-layout.js';

/**
 * Removes `.incoming-<pid>-*` directories whose process is gone (crashed
 * ingests) and `.pruning-*` ones (versions a killed clean was deleting).
 */
export function sweepAbandonedIngests(bundleDir: string): number {
  let removed = 0;
  if (!existsSync(bundleDir)) return removed;
  for (const entry of readdirSync(bundleDir)) {
    if (entry.startsWith(PRUNING_PREFIX)) {
      // A version a clean had chosen and renamed away, then was killed while deleting it.
      rmSync(join(bundleDir, entry), { recursive: true, force: true });
      removed++;
      continue;
    }
    if (!entry.startsWith(INCOMING_PREFIX)) continue;
    const pid = Number(entry.slice(INCOMING_PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    if (pid === process.pid) continue;
    const path = join(bundleDir, entry);
    if (statSync(path).isDirectory()) {
      rmSync(path, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

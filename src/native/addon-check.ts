import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { basename, join } from 'node:path';

/** Suffix of the record the build writes beside each addon: `{ file, bytes, sha256 }`. */
export const ADDON_RECORD_SUFFIX = '.integrity.json';

/** Name of the file, in the rustybt home, of the addons whose hash was checked. */
export const CHECKED_ADDONS_FILE = 'native-checked.json';

/**
 * How long an addon must have been left alone before a check of its hash is remembered:
 * file times come from a coarse clock, so a file written twice within a few milliseconds can
 * keep its times (the reason git re-reads "racily clean" files).
 */
const SETTLED_MS = 2_000;

/** Most addons remembered (one per installed copy of rustybt in use). */
const REMEMBERED = 16;

/** A remembered check: the file as it was (device, inode, size, times) and the hash it had. */
interface CheckedAddon {
  identity: string;
  sha256: string;
}

/**
 * Why the addon at `path` must not be loaded, or undefined when its size and SHA-256 match
 * the record its build wrote beside it. With `home`, a check already made of the same file
 * (same device, inode, size, modification and change times, and the same recorded hash) is
 * taken from `<home>/native-checked.json` instead of hashing the library again: the hash costs
 * some 2.5 ms of every start, and any write to the file changes its change time. A check is
 * remembered only of a file left alone for two seconds before `now`.
 */
export function addonDamage(
  path: string,
  home?: string,
  now: number = Date.now(),
): string | undefined {
  let record: { bytes?: unknown; sha256?: unknown };
  try {
    record = JSON.parse(readFileSync(`${path}${ADDON_RECORD_SUFFIX}`, 'utf8')) as typeof record;
  } catch {
    return `the native addon ${path} has no readable size and hash record (${basename(path)}${ADDON_RECORD_SUFFIX}, written by the build)`;
  }
  const stats = statSync(path, { bigint: true });
  if (Number(stats.size) !== record.bytes) {
    return `the native addon ${path} is ${stats.size} bytes but its build recorded ${String(record.bytes)} (truncated or replaced)`;
  }
  const identity = identityOf(stats);
  const checked = home === undefined ? undefined : readChecked(home);
  const before = checked?.[path];
  if (before !== undefined && before.identity === identity && before.sha256 === record.sha256) {
    return undefined;
  }
  const digest = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (digest !== record.sha256) {
    return `the native addon ${path} does not match the SHA-256 its build recorded (damaged or replaced)`;
  }
  const settled = Number(stats.ctimeMs) < now - SETTLED_MS;
  if (home !== undefined && settled) remember(home, path, { identity, sha256: digest }, checked);
  return undefined;
}

function identityOf(stats: BigIntStats): string {
  return [stats.dev, stats.ino, stats.size, stats.mtimeNs, stats.ctimeNs].join(':');
}

function readChecked(home: string): Record<string, CheckedAddon> | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(home, CHECKED_ADDONS_FILE), 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, CheckedAddon>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Adds a check to the home's file, written beside and renamed into place (a reader never sees
 * half a file). Only into a home that exists; a home that cannot be written leaves every start
 * hashing the addon, which is slower and nothing else.
 */
function remember(
  home: string,
  path: string,
  check: CheckedAddon,
  checked: Record<string, CheckedAddon> | undefined,
): void {
  if (!existsSync(home)) return;
  const others = Object.entries(checked ?? {}).filter(([other]) => other !== path);
  const kept = Object.fromEntries([...others.slice(-(REMEMBERED - 1)), [path, check]]);
  const file = join(home, CHECKED_ADDONS_FILE);
  const staged = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(staged, `${JSON.stringify(kept, null, 1)}\n`);
    renameSync(staged, file);
  } catch {
    // Read-only or full: the next start checks the hash again.
  }
}

import { cleanCache } from '../../data/cache/cache-clean.js';
import type { CacheEntry } from '../../data/cache/cache-index.js';
import type { CacheLeftover } from '../../data/cache/cache-leftovers.js';
import { withCache } from './cache-catalog.js';
import { abbreviateSymbols, columns, formatEntryRange } from './cache-format.js';
import { parseDuration } from './duration.js';
import { formatBytes } from './format.js';

/** The options of `rustybt cache clean`. */
export interface CacheCleanFlags {
  olderThan?: string;
  source?: string;
  dryRun?: boolean;
}

const LEFTOVER_NAMES: Readonly<Record<CacheLeftover['kind'], string>> = {
  orphan: 'unrecorded entry directory',
  incoming: 'unfinished write',
  lock: 'stale lock',
};

/**
 * Runs `rustybt cache clean` on a home at `now` and returns what it printed:
 * the entries removed, those skipped because a running process reads them,
 * the leftovers swept and the bytes freed (all as "would" on a dry run).
 *
 * @throws ConfigError on a malformed `--older-than`.
 */
export function runCacheClean(home: string, flags: CacheCleanFlags, now: number): string {
  const olderThanMs =
    flags.olderThan === undefined ? undefined : parseDuration(flags.olderThan, '--older-than');
  const dryRun = flags.dryRun === true;
  const result = withCache(home, ({ db, cacheHome }) =>
    cleanCache(db, cacheHome, { olderThanMs, source: flags.source, now, dryRun }),
  );
  const filters = [
    flags.source === undefined ? undefined : `of source ${flags.source}`,
    flags.olderThan === undefined ? undefined : `not accessed for ${flags.olderThan}`,
  ].filter((text) => text !== undefined);
  const matching = filters.length === 0 ? '' : ` ${filters.join(', ')}`;
  const would = dryRun ? 'Would remove' : 'Removed';
  let out = dryRun ? 'Dry run: nothing is removed.\n' : '';
  out += `${would} ${count(result.removed.length, 'cache entry', 'cache entries')}${matching}${result.removed.length > 0 ? ':' : '.'}\n`;
  out += entryRows(result.removed.map(({ entry, bytes }) => ({ entry, note: formatBytes(bytes) })));
  if (result.held.length > 0) {
    out += `${dryRun ? 'Would skip' : 'Skipped'} ${count(result.held.length, 'entry', 'entries')} a running process reads:\n`;
    out += entryRows(
      result.held.map(({ entry, pids }) => ({
        entry,
        note: `held by pid ${pids.join(', ')}`,
      })),
    );
  }
  if (result.leftovers.length > 0) {
    out += `${dryRun ? 'Would sweep' : 'Swept'} ${count(result.leftovers.length, 'leftover', 'leftovers')} of crashed processes:\n`;
    out += columns(
      result.leftovers.map((leftover) => [
        `  ${LEFTOVER_NAMES[leftover.kind]}`,
        leftover.path,
        leftover.pid === undefined
          ? formatBytes(leftover.bytes)
          : `${formatBytes(leftover.bytes)}, pid ${leftover.pid} gone`,
      ]),
    );
  }
  out += `${dryRun ? 'Would free' : 'Freed'} ${formatBytes(result.bytesFreed)}.\n`;
  return out;
}

function entryRows(rows: readonly { entry: CacheEntry; note: string }[]): string {
  if (rows.length === 0) return '';
  return columns(
    rows.map(({ entry, note }) => [
      `  ${entry.source}`,
      entry.frequency,
      abbreviateSymbols(entry.symbols),
      formatEntryRange(entry),
      note,
    ]),
  );
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

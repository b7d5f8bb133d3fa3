import type { CacheEntry } from '../../data/cache/cache-index.js';

/** A UTC epoch ms as `YYYY-MM-DD HH:MM` (UTC). */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The bars an entry covers: dates for daily bars, date-times (UTC) otherwise. */
export function formatEntryRange(entry: CacheEntry): string {
  const at = (ms: number): string =>
    entry.frequency === '1d' ? new Date(ms).toISOString().slice(0, 10) : formatInstant(ms);
  return `${at(entry.rangeStart)} .. ${at(entry.rangeEnd)}`;
}

/** Up to three symbols in full; beyond, the first two and how many more: `GOOG, NVDA +48`. */
export function abbreviateSymbols(symbols: readonly string[]): string {
  if (symbols.length <= 3) return symbols.join(', ');
  return `${symbols.slice(0, 2).join(', ')} +${symbols.length - 2}`;
}

/** Whether an entry still serves its whole range at `now`. */
export type EntryFreshness = 'fresh' | 'stale' | 'final' | 'superseded';

/**
 * `final` when the entry never goes stale (every bar was complete when
 * fetched, or the source never changes), `superseded` when a newer entry
 * replaced it (it waits for its last reader to be removed), else `fresh` or
 * `stale` by its stale time.
 */
export function freshnessOf(entry: CacheEntry, now: number): EntryFreshness {
  if (entry.key.includes('#superseded-')) return 'superseded';
  if (entry.staleAt === null) return 'final';
  return now < entry.staleAt ? 'fresh' : 'stale';
}

/** {@link freshnessOf} for people: `stale since 2013-02-27 21:00`. */
export function describeFreshness(entry: CacheEntry, now: number): string {
  const freshness = freshnessOf(entry, now);
  return freshness === 'stale' ? `stale since ${formatInstant(entry.staleAt!)}` : freshness;
}

/** Rows of cells as left-aligned columns two spaces apart. */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

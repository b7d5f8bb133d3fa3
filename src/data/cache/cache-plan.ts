import type { CacheEntry } from './cache-index.js';
import { uncoveredRanges, type TimeRange } from './time-ranges.js';

/** A fetch waiting to happen: these symbols miss exactly this range. */
export interface FetchJob {
  symbols: string[];
  range: TimeRange;
}

/** An entry chosen to serve part of a request, with the end of what it covers now. */
export interface UsableEntry {
  entry: CacheEntry;
  /** Fresh entries cover their whole range, stale ones up to their settled end. */
  coverEnd: number;
}

/** How a request is served: the entries to read and the fetches to make first. */
export interface Plan {
  entries: UsableEntry[];
  jobs: FetchJob[];
}

/**
 * Which of the `candidates` (entries of the request's series holding a wanted
 * symbol and meeting its range) serve the request at `now`, and what is left
 * to fetch. Entries are taken widest first (symbol-days of the request they
 * cover), newest first among equals, and only when they add coverage; the
 * symbols left uncovered are grouped by their identical missing ranges, one
 * fetch per group and range.
 */
export function planRequest(
  candidates: readonly CacheEntry[],
  now: number,
  wanted: readonly string[],
  range: TimeRange,
  step: number,
): Plan {
  const wantedSet = new Set(wanted);
  const usable: UsableEntry[] = candidates
    .map((entry) => ({
      entry,
      coverEnd: entry.staleAt === null || now < entry.staleAt ? entry.rangeEnd : entry.settledEnd,
    }))
    .filter(({ entry, coverEnd }) => coverEnd >= entry.rangeStart && coverEnd >= range.start);
  const area = (u: UsableEntry): number =>
    (Math.min(u.coverEnd, range.end) - Math.max(u.entry.rangeStart, range.start) + step) *
    u.entry.symbols.filter((s) => wantedSet.has(s)).length;
  usable.sort((a, b) => area(b) - area(a) || b.entry.fetchedAt - a.entry.fetchedAt);
  const covered = new Map<string, TimeRange[]>(wanted.map((s) => [s, []]));
  const chosen: UsableEntry[] = [];
  for (const u of usable) {
    const part = {
      start: Math.max(u.entry.rangeStart, range.start),
      end: Math.min(u.coverEnd, range.end),
    };
    const symbols = u.entry.symbols.filter((s) => wantedSet.has(s));
    if (!symbols.some((s) => uncoveredRanges(part, covered.get(s)!, step).length > 0)) continue;
    chosen.push(u);
    for (const s of symbols) covered.get(s)!.push(part);
  }
  const groups = new Map<string, FetchJob[]>();
  for (const symbol of wanted) {
    const missing = uncoveredRanges(range, covered.get(symbol)!, step);
    if (missing.length === 0) continue;
    const id = JSON.stringify(missing);
    const jobs = groups.get(id) ?? missing.map((r) => ({ symbols: [], range: r }));
    for (const job of jobs) job.symbols.push(symbol);
    groups.set(id, jobs);
  }
  return { entries: chosen, jobs: [...groups.values()].flat() };
}

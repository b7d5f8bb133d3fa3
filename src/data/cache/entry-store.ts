import type { Frequency } from '../bar-frame.js';
import { barCount } from '../bar-frame.js';
import { qualityOf } from '../bundles/index.js';
import type { FetchReport, SourceMetadata } from '../sources/data-source.js';
import type { WrittenBundle } from '../bundles/index.js';
import type { CacheIndex, NewCacheEntry } from './cache-index.js';
import { cacheKeyOf } from './cache-key.js';
import { crashPoint } from '../../faults/crash-point.js';
import { removeEntryFiles, writeEntryFiles, type EntryContents } from './entry-files.js';
import { processAlive } from './fetch-lock.js';
import type { TimeRange } from './time-ranges.js';

/** An entry about to be stored: what it covers, its contents and when its bars settle. */
export interface NewEntry {
  seriesKey: string;
  /** The source parameters, canonical JSON. */
  params: string;
  frequency: Frequency;
  symbols: readonly string[];
  range: TimeRange;
  contents: EntryContents;
  report: FetchReport;
  times: { settledEnd: number; staleAt: number | null };
  fetchedAt: number;
}

/** Where and for which source entries are written. */
export interface EntryWriter {
  /** `<home>/cache`: entries go to its `bundles/` folder. */
  cacheHome: string;
  /** The source's registry name. */
  source: string;
  metadata: () => SourceMetadata;
  now: () => number;
  onFileWritten?: (path: string) => void;
}

/**
 * Writes an entry's files (atomically) and then records it in the catalog;
 * the entry it replaces under the same key is removed when nobody reads it.
 * Returns the new entry's id and size.
 */
export async function storeEntry(
  index: CacheIndex,
  writer: EntryWriter,
  entry: NewEntry,
): Promise<{ id: number; bytes: number }> {
  const key = cacheKeyOf(entry.seriesKey, entry.symbols, entry.range.start, entry.range.end);
  const metadata = writer.metadata();
  const quality = qualityOf(entry.report);
  const facts: CacheEntryFacts = {
    key,
    seriesKey: entry.seriesKey,
    source: writer.source,
    sourceVersion: metadata.version,
    origin: metadata.upstream ?? null,
    params: entry.params,
    frequency: entry.frequency,
    symbols: entry.symbols,
    rangeStart: entry.range.start,
    rangeEnd: entry.range.end,
    settledEnd: entry.times.settledEnd,
    fetchedAt: entry.fetchedAt,
    staleAt: entry.times.staleAt,
    symbolRows: entry.contents.frames.map((frame) => {
      const n = barCount(frame);
      return {
        symbol: frame.symbol,
        rows: n,
        firstBar: n > 0 ? frame.timestamps[0] : null,
        lastBar: n > 0 ? frame.timestamps[n - 1] : null,
      };
    }),
    report: entry.report,
    rowsDropped: quality.rowsDropped,
    missingSessions: quality.missingSessions,
    outliers: quality.outliers,
  };
  const written = await writeEntryFiles(
    writer.cacheHome,
    key,
    entry.contents,
    new Date(entry.fetchedAt),
    writer.onFileWritten,
    { kind: 'cache-entry', entry: facts },
  );
  crashPoint('cache.files-written');
  let inserted: { id: number; superseded: number | undefined };
  try {
    inserted = index.insert(cacheRecord(facts, written, writer.now()));
    crashPoint('cache.recorded');
  } catch (error) {
    // Files the catalog does not know would only wait for `cache clean`: remove them now.
    removeEntryFiles(written.path);
    throw error;
  }
  const { id, superseded } = inserted;
  if (superseded !== undefined) removeIfFree(index, superseded);
  return { id, bytes: written.manifest.sizeBytes };
}

/** What the catalog records about a cache entry beyond its files; kept in its manifest as provenance. */
export type CacheEntryFacts = Omit<
  NewCacheEntry,
  'lastAccess' | 'version' | 'path' | 'checksum' | 'bytes' | 'files'
>;

/** The catalog row of a written cache entry: its facts plus what its manifest says. */
export function cacheRecord(
  facts: CacheEntryFacts,
  written: WrittenBundle,
  lastAccess: number,
): NewCacheEntry {
  return {
    ...facts,
    lastAccess,
    version: written.version,
    path: written.path,
    checksum: written.manifest.checksum,
    bytes: written.manifest.sizeBytes,
    files: written.manifest.files,
  };
}

/** Removes an entry (rows, then files) unless a live reader holds it; whether it was removed. */
export function removeIfFree(index: CacheIndex, id: number): boolean {
  const { path } = index.removeUnlessHeld(id, processAlive);
  if (path === undefined) return false;
  removeEntryFiles(path);
  return true;
}

/** Evicts least recently used entries no live reader holds until the cache fits `maxBytes`. */
export function evictToLimit(index: CacheIndex, maxBytes: number): void {
  let total = index.totalBytes();
  if (total <= maxBytes) return;
  for (const entry of index.entries()) {
    if (total <= maxBytes) break;
    if (removeIfFree(index, entry.id)) {
      total -= entry.bytes;
      index.bump('evictions', 1);
    }
  }
}

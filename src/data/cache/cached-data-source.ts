import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { DAY_MS, type TradingCalendar } from '../../calendar/index.js';
import { CacheError } from '../../errors/index.js';
import { IssueLog } from '../validation/issue-log.js';
import { barCount, type Frequency } from '../bar-frame.js';
import { adjustmentsOf, catalogPath, rustybtHome } from '../bundles/index.js';
import { openCatalogDatabase } from '../catalog/catalog-database.js';
import { ingestWithBundleWriter } from '../sources/bundle-bridge.js';
import { resolveCalendar, type CalendarChoice } from '../sources/calendar-choice.js';
import type {
  CacheParamValue,
  DataSource,
  FetchOptions,
  FetchResult,
  IngestOptions,
  IngestSummary,
  SourceMetadata,
} from '../sources/data-source.js';
import { CacheIndex, type CacheEntry } from './cache-index.js';
import { canonicalJson, normalizeSymbols, seriesKeyOf } from './cache-key.js';
import { cacheStats, type CacheStats } from './cache-stats.js';
import { assembleAnswer, type ReadEntry } from './entry-assembly.js';
import { InvalidEntry, readEntryFiles, removeEntryFiles } from './entry-files.js';
import { withFetchLock } from './fetch-lock.js';
import { configuredMaxBytes } from './cache-limit.js';
import {
  evictToLimit,
  removeIfFree,
  storeEntry,
  type EntryWriter,
  type NewEntry,
} from './entry-store.js';
import { entryTimes, resolveFreshness, type FreshnessPolicy } from './freshness.js';
import { gridRange, type TimeRange } from './time-ranges.js';
import { planRequest, type Plan, type UsableEntry } from './cache-plan.js';
import { scheduleWarming, type CacheWarming, type WarmingOptions } from './cache-warming.js';

/** Options of {@link CachedDataSource}. */
export interface CacheOptions {
  /** rustybt home: entries go to `<home>/cache`, their records to `<home>/catalog.sqlite`. Default `RUSTYBT_HOME` or `~/.rustybt`. */
  home?: string;
  /** Size limit in bytes; least recently used entries are evicted beyond it. Default `RUSTYBT_CACHE_MAX_BYTES` or 10 GB. */
  maxBytes?: number;
  /** Freshness per frequency, over the source's defaults. */
  freshness?: FreshnessPolicy;
  /** Extra parameters to key on, merged over the source's own `cacheParams()`. */
  params?: Readonly<Record<string, CacheParamValue>>;
  /** Calendar whose closes make daily bars stale. Default `24/7` for ccxt, else `XNYS`. */
  calendar?: CalendarChoice;
  /** Current time in UTC ms; injected by tests. */
  now?: () => number;
  /** How long to wait for another process fetching the same series. Default 10 minutes. */
  lockTimeoutMs?: number;
  /** After a lookup served from several entries, store them as one. Default true. */
  compact?: boolean;
  /**
   * Called after each file of a new entry is written (path relative to the
   * entry). Throwing from it aborts the write, which is how tests inject a failure.
   */
  onFileWritten?: (path: string) => void;
}

/** How a lookup was served, for the statistics. */
export type LookupOutcome = 'hit' | 'partial' | 'miss';

/**
 * A {@link DataSource} that keeps what it fetches. Each request is keyed by
 * the source, its parameters, the normalized symbol set, the range and the
 * frequency. A hit reads the entry's Parquet files (checked against their
 * recorded SHA-256); a miss fetches, writes the entry atomically and records
 * it in the unified catalog; a partial hit fetches only the missing symbols
 * and ranges and merges. Entries reaching bars that were not final when
 * fetched go stale by the freshness policy, and only their tail is fetched
 * again. Beyond the size limit, the least recently used entries no reader
 * holds are evicted. Processes sharing a home coordinate through the catalog
 * (SQLite WAL) and a lock file per series.
 */
export class CachedDataSource implements DataSource {
  /** The wrapped source's registry name. */
  readonly name: string;
  /** The wrapped source. */
  readonly source: DataSource;
  /** Size limit in bytes. */
  readonly maxBytes: number;
  readonly #home: string;
  readonly #cacheHome: string;
  readonly #options: CacheOptions;
  readonly #calendar: TradingCalendar;
  readonly #now: () => number;
  readonly #writer: EntryWriter;
  #db: Database.Database | undefined;
  #index: CacheIndex | undefined;

  /**
   * @param source - the source to wrap
   * @param options - home, size limit, freshness, key parameters, calendar, clock
   * @throws CacheError on a bad size limit or lock timeout
   */
  constructor(source: DataSource, options: CacheOptions = {}) {
    this.source = source;
    this.name = source.name;
    this.maxBytes = configuredMaxBytes(options.maxBytes);
    const timeout = options.lockTimeoutMs ?? 600_000;
    if (!(Number.isFinite(timeout) && timeout > 0)) {
      throw new CacheError(`lockTimeoutMs must be a positive number, got ${String(timeout)}.`);
    }
    this.#options = { ...options, lockTimeoutMs: timeout };
    this.#home = resolve(options.home ?? rustybtHome());
    this.#cacheHome = join(this.#home, 'cache');
    this.#calendar = resolveCalendar(
      options.calendar ?? (source.name === 'ccxt' ? '24/7' : 'XNYS'),
    );
    this.#now = options.now ?? Date.now;
    this.#writer = {
      cacheHome: this.#cacheHome,
      source: this.name,
      metadata: () => this.source.getMetadata(),
      now: this.#now,
      onFileWritten: options.onFileWritten,
    };
  }

  /** The wrapped source's metadata. */
  getMetadata(): SourceMetadata {
    return this.source.getMetadata();
  }

  /** Whether the wrapped source streams live bars. */
  supportsLive(): boolean {
    return this.source.supportsLive();
  }

  /** The parameters this cache keys on: the source's own, then the options' `params`. */
  cacheParams(): Readonly<Record<string, CacheParamValue>> {
    return { ...(this.source.cacheParams?.() ?? {}), ...(this.#options.params ?? {}) };
  }

  /** Ingests into a bundle through the cache (a second ingest of the same data is a hit). */
  ingestToBundle(bundleName: string, options: IngestOptions): Promise<IngestSummary> {
    return ingestWithBundleWriter(this, bundleName, options);
  }

  /** Statistics of every process sharing this home. */
  stats(): CacheStats {
    return cacheStats(this.#catalog(), this.maxBytes);
  }

  /** Closes the catalog connection (reopened on the next use). */
  close(): void {
    this.#db?.close();
    this.#db = undefined;
    this.#index = undefined;
  }

  /**
   * Fetches through the cache; see the class comment. Same contract as the
   * wrapped source's `fetch`: one frame per requested symbol, in order.
   *
   * @throws CacheError when `start` is after `end`, or an entry stays damaged after two refetches.
   */
  async fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    const began = performance.now();
    if (!(start.getTime() <= end.getTime())) {
      throw new CacheError(
        `The range ${start.toISOString()} .. ${end.toISOString()} is empty or invalid: start must not be after end.`,
      );
    }
    const wanted = normalizeSymbols(symbols);
    const step = frequency === '1d' ? DAY_MS : 60_000;
    const range = gridRange(start.getTime(), end.getTime(), step);
    if (range.start > range.end) return this.source.fetch(symbols, start, end, frequency, options);
    const params = canonicalJson(this.cacheParams());
    const seriesKey = this.#seriesKey(frequency);
    const index = this.#catalog();
    const written = new Set<number>();
    let bytesWritten = 0;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 8) {
        throw new CacheError(
          `The cache under ${this.#cacheHome} kept changing while serving ${this.name} ${frequency} ${wanted.join(', ')} (entries evicted by other processes as fast as they were written); raise the size limit (RUSTYBT_CACHE_MAX_BYTES) and try again.`,
        );
      }
      let plan = this.#plan(index, seriesKey, wanted, range, step);
      if (plan.jobs.length > 0) {
        await withFetchLock(
          join(this.#cacheHome, 'locks'),
          seriesKey,
          this.#options.lockTimeoutMs!,
          async () => {
            // Another process may have fetched it while we waited for the lock.
            plan = this.#plan(index, seriesKey, wanted, range, step);
            for (const job of plan.jobs) {
              const result = await this.source.fetch(
                job.symbols,
                new Date(job.range.start),
                new Date(job.range.end),
                frequency,
                options,
              );
              const stored = await this.#store(index, {
                seriesKey,
                params,
                frequency,
                symbols: job.symbols,
                range: job.range,
                contents: {
                  frames: result.frames,
                  adjustments: adjustmentsOf(result.corporateActions),
                },
                report: result.report,
                times: entryTimes(
                  resolveFreshness(this.name, frequency, this.#options.freshness),
                  frequency,
                  job.range.end,
                  this.#now(),
                  this.#calendar,
                ),
                fetchedAt: this.#now(),
              });
              written.add(stored.id);
              bytesWritten += stored.bytes;
            }
          },
        );
        plan = this.#plan(index, seriesKey, wanted, range, step);
        if (plan.jobs.length > 0) continue; // evicted by another process meanwhile: go again
      }
      const ids = plan.entries.map((usable) => usable.entry.id);
      const tokens = index.acquire(ids, process.pid, this.#now());
      let served: { result: FetchResult; bytesRead: number };
      try {
        if (ids.some((id) => index.entry(id) === undefined)) continue; // evicted before the lease
        served = await this.#serve(index, plan.entries, wanted, symbols, range, frequency);
      } catch (error) {
        if (!(error instanceof InvalidEntry)) throw error;
        this.#invalidate(index, plan.entries, error);
        if (attempt >= 3) {
          throw new CacheError(
            `The cache entry for ${this.name} ${frequency} ${wanted.join(', ')} is still damaged after refetching: ${error.message}. Remove ${this.#cacheHome} and try again.`,
            { cause: error },
          );
        }
        continue;
      } finally {
        index.release(tokens);
      }
      if (options.strict === true) {
        // What a strict fetch of the source would have refused, the cache refuses too.
        const strict = new IssueLog(true);
        for (const issue of served.result.report.issues) strict.record(issue);
      }
      const now = this.#now();
      // Entries written by this lookup were not hit; their last access is already now.
      index.touch(
        ids.filter((id) => !written.has(id)),
        now,
      );
      if (plan.entries.length > 1 && this.#options.compact !== false) {
        bytesWritten += await this.#compact(index, plan.entries, {
          seriesKey,
          params,
          frequency,
          symbols: wanted,
          range,
          result: served.result,
        });
      }
      const outcome: LookupOutcome =
        written.size === 0 ? 'hit' : ids.every((id) => written.has(id)) ? 'miss' : 'partial';
      index.recordLookup({
        at: now,
        source: this.name,
        outcome,
        latencyMs: performance.now() - began,
        bytesRead: served.bytesRead,
        bytesWritten,
      });
      evictToLimit(index, this.maxBytes);
      options.onProgress?.({
        symbol: served.result.frames[served.result.frames.length - 1]?.symbol ?? '',
        symbolsDone: served.result.frames.length,
        symbolsTotal: served.result.frames.length,
        rows: served.result.frames.reduce((sum, frame) => sum + barCount(frame), 0),
      });
      return served.result;
    }
  }

  /**
   * What a fetch of this request would do now, without fetching or reading
   * bars: `hit` (served from the cache), `partial` (some symbols or ranges
   * missing) or `miss`, with the entries it would read and the fetches it
   * would make. Only the catalog is consulted.
   */
  lookup(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
  ): {
    outcome: LookupOutcome;
    entries: CacheEntry[];
    fetches: { symbols: string[]; start: Date; end: Date }[];
  } {
    const wanted = normalizeSymbols(symbols);
    const step = frequency === '1d' ? DAY_MS : 60_000;
    const range = gridRange(start.getTime(), end.getTime(), step);
    const plan = this.#plan(this.#catalog(), this.#seriesKey(frequency), wanted, range, step);
    return {
      outcome: plan.jobs.length === 0 ? 'hit' : plan.entries.length === 0 ? 'miss' : 'partial',
      entries: plan.entries.map((usable) => usable.entry),
      fetches: plan.jobs.map((job) => ({
        symbols: job.symbols,
        start: new Date(job.range.start),
        end: new Date(job.range.end),
      })),
    };
  }

  #seriesKey(frequency: Frequency): string {
    return seriesKeyOf({
      source: this.name,
      sourceVersion: this.source.getMetadata().version,
      params: this.cacheParams(),
      frequency,
    });
  }

  /**
   * Pre-fetches bars of `symbols` from `start` up to the time it runs, in the
   * background: now, or (`when: 'next-close'`) `delayMs` (default 5 minutes)
   * after the next close of the calendar, so the session that just closed is
   * cached before anyone asks. The timer does not keep the process alive
   * unless `keepAlive` is set.
   */
  warm(
    request: { symbols: readonly string[]; frequency: Frequency; start: Date },
    options: WarmingOptions = {},
  ): CacheWarming {
    return scheduleWarming(
      (end) => this.fetch(request.symbols, request.start, end, request.frequency),
      this.#calendar,
      this.#now,
      options,
    );
  }

  #catalog(): CacheIndex {
    if (this.#index === undefined) {
      this.#db = openCatalogDatabase(catalogPath(this.#home));
      this.#index = new CacheIndex(this.#db);
    }
    return this.#index;
  }

  #plan(
    index: CacheIndex,
    seriesKey: string,
    wanted: readonly string[],
    range: TimeRange,
    step: number,
  ): Plan {
    return planRequest(
      index.candidates(seriesKey, wanted, range.start, range.end),
      this.#now(),
      wanted,
      range,
      step,
    );
  }

  /** Writes an entry's files and records it (see {@link storeEntry}). */
  #store(index: CacheIndex, entry: NewEntry): Promise<{ id: number; bytes: number }> {
    return storeEntry(index, this.#writer, entry);
  }

  /** Reads the chosen entries and assembles the answer in the order the symbols were asked. */
  async #serve(
    index: CacheIndex,
    entries: readonly UsableEntry[],
    wanted: readonly string[],
    asked: readonly string[],
    range: TimeRange,
    frequency: Frequency,
  ): Promise<{ result: FetchResult; bytesRead: number }> {
    let bytesRead = 0;
    const read: ReadEntry[] = [];
    for (const usable of entries) {
      const { contents, bytes } = await readEntryFiles(
        usable.entry.path,
        index.files(usable.entry),
      );
      bytesRead += bytes;
      read.push({ usable, contents, report: index.report(usable.entry.id) });
    }
    return { result: assembleAnswer(read, wanted, asked, range, frequency), bytesRead };
  }

  /**
   * Stores a lookup served from several entries as one entry for exactly the
   * request, and removes the entries it contains that nobody reads. Its
   * settled end and stale time are the most conservative of its parts.
   */
  async #compact(
    index: CacheIndex,
    parts: readonly UsableEntry[],
    request: {
      seriesKey: string;
      params: string;
      frequency: Frequency;
      symbols: readonly string[];
      range: TimeRange;
      result: FetchResult;
    },
  ): Promise<number> {
    const unsettled = parts.filter(
      (p) => p.entry.staleAt !== null && p.entry.staleAt > this.#now(),
    );
    const times = {
      settledEnd:
        unsettled.length === 0
          ? request.range.end
          : Math.min(...unsettled.map((p) => p.entry.settledEnd)),
      staleAt: unsettled.length === 0 ? null : Math.min(...unsettled.map((p) => p.entry.staleAt!)),
    };
    const stored = await this.#store(index, {
      ...request,
      contents: {
        frames: request.result.frames,
        adjustments: adjustmentsOf(request.result.corporateActions),
      },
      report: request.result.report,
      times,
      fetchedAt: Math.min(...parts.map((p) => p.entry.fetchedAt)),
    });
    const inside = new Set(request.symbols);
    for (const { entry } of parts) {
      if (
        entry.id !== stored.id &&
        entry.rangeStart >= request.range.start &&
        entry.rangeEnd <= request.range.end &&
        entry.symbols.every((s) => inside.has(s))
      ) {
        removeIfFree(index, entry.id);
      }
    }
    return stored.bytes;
  }

  /** Drops entries whose files failed verification, so the next attempt refetches them. */
  #invalidate(index: CacheIndex, entries: readonly UsableEntry[], error: InvalidEntry): void {
    for (const { entry } of entries) {
      if (error.path !== entry.path) continue;
      const path = index.remove(entry.id);
      if (path !== undefined) removeEntryFiles(path);
      index.bump('invalidations', 1);
    }
  }
}

/** Wraps `source` in a {@link CachedDataSource}. */
export function cached(source: DataSource, options: CacheOptions = {}): CachedDataSource {
  return new CachedDataSource(source, options);
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frequency } from '../../../src/data/bar-frame.js';
import { CsvSource } from '../../../src/data/sources/csv-source.js';
import type {
  CacheParamValue,
  DataSource,
  FetchOptions,
  FetchResult,
  IngestOptions,
  IngestSummary,
  SourceMetadata,
} from '../../../src/data/sources/data-source.js';

/** Real daily bars of GOOG, NVDA and ORCL (2010-01-04 .. 2013-03-01). */
export const CSV_DIRECTORY = fileURLToPath(new URL('../../fixtures/cache/csv', import.meta.url));

/** One call the wrapped source received. */
export interface SourceCall {
  symbols: string[];
  start: string;
  end: string;
}

/**
 * The real CSV source over the fixture files, recording every fetch it
 * serves, so a test can tell what the cache asked of the network.
 */
export class RecordingSource implements DataSource {
  readonly name: string;
  readonly calls: SourceCall[] = [];
  readonly #inner: CsvSource;

  readonly #delayMs: number;

  /**
   * @param directory - CSV directory
   * @param name - registry name to report
   * @param delayMs - how long each fetch takes, like a slow network
   */
  constructor(directory = CSV_DIRECTORY, name = 'csv', delayMs = 0) {
    this.#inner = new CsvSource({ directory });
    this.name = name;
    this.#delayMs = delayMs;
  }

  async fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options?: FetchOptions,
  ): Promise<FetchResult> {
    this.calls.push({
      symbols: [...symbols],
      start: start.toISOString().slice(0, 10),
      end: end.toISOString().slice(0, 10),
    });
    if (this.#delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#delayMs));
    return this.#inner.fetch(symbols, start, end, frequency, options);
  }

  getMetadata(): SourceMetadata {
    return { ...this.#inner.getMetadata(), name: this.name };
  }

  supportsLive(): boolean {
    return false;
  }

  cacheParams(): Readonly<Record<string, CacheParamValue>> {
    return this.#inner.cacheParams();
  }

  ingestToBundle(bundleName: string, options: IngestOptions): Promise<IngestSummary> {
    return this.#inner.ingestToBundle(bundleName, options);
  }
}

/** A fresh temporary rustybt home; `dispose` removes it. */
export function temporaryHome(): { home: string; dispose: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'rustybt-cache-'));
  return { home, dispose: () => rmSync(home, { recursive: true, force: true }) };
}

/** UTC midnight of an ISO date. */
export function day(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

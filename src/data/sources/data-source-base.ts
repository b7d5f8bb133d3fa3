import type { Frequency } from '../bar-frame.js';
import { ingestWithBundleWriter } from './bundle-bridge.js';
import type {
  DataSource,
  FetchOptions,
  FetchResult,
  IngestOptions,
  IngestSummary,
  SourceMetadata,
} from './data-source.js';

/**
 * Shared parts of a source: `name` and `supportsLive` from the metadata, and
 * `ingestToBundle` through the installed bundle writer. Subclasses implement
 * `fetch` and `getMetadata`.
 */
export abstract class DataSourceBase implements DataSource {
  /** Registry name of the source. */
  abstract readonly name: string;

  /** See `DataSource.fetch`. */
  abstract fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options?: FetchOptions,
  ): Promise<FetchResult>;

  /** See `DataSource.getMetadata`. */
  abstract getMetadata(): SourceMetadata;

  /** Whether the source can stream live bars (from its metadata). */
  supportsLive(): boolean {
    return this.getMetadata().live;
  }

  /** Fetches and writes a bundle through the installed bundle writer. */
  ingestToBundle(bundleName: string, options: IngestOptions): Promise<IngestSummary> {
    return ingestWithBundleWriter(this, bundleName, options);
  }
}

import { ConfigError } from '../../errors/index.js';
import type { DataSource, IngestOptions, IngestSummary } from './data-source.js';

/**
 * Writes what a source fetches into a bundle. The bundle layer
 * (`src/data/bundles/`) provides the one implementation and installs it with
 * `setBundleWriter` when it is loaded; sources never write bundles themselves.
 */
export type BundleWriter = (
  source: DataSource,
  bundleName: string,
  options: IngestOptions,
) => Promise<IngestSummary>;

let installed: BundleWriter | undefined;

/**
 * Installs the bundle writer every `DataSource.ingestToBundle` delegates to,
 * replacing any previous one. Returns the previous writer (for tests).
 */
export function setBundleWriter(writer: BundleWriter | undefined): BundleWriter | undefined {
  const previous = installed;
  installed = writer;
  return previous;
}

/**
 * Runs the installed bundle writer for `source`: the shared body of every
 * source's `ingestToBundle`.
 *
 * @throws ConfigError when no bundle writer is installed.
 */
export function ingestWithBundleWriter(
  source: DataSource,
  bundleName: string,
  options: IngestOptions,
): Promise<IngestSummary> {
  if (installed === undefined) {
    return Promise.reject(
      new ConfigError(
        `Cannot ingest '${source.name}' into bundle '${bundleName}': no bundle writer is installed. ` +
          'Import the bundle layer (it installs one with setBundleWriter) before calling ingestToBundle.',
      ),
    );
  }
  return installed(source, bundleName, options);
}

import { checkBundleContents, framesByFrequency } from './bundle-checks.js';
import { BundleBuilder, type WrittenBundle } from './bundle-builder.js';
import type { BundleContents } from './bundle-types.js';

export type { WrittenBundle } from './bundle-builder.js';
export { sweepAbandonedIngests } from './bundle-sweep.js';

/** Options of {@link writeBundle}. */
export interface WriteBundleOptions {
  /** rustybt home directory; default {@link rustybtHome}(). */
  home?: string;
  /** Clock naming the version; default the current time. */
  now?: () => Date;
  /**
   * Called after each file of the new version is written (path relative to the
   * version). Throwing from it aborts the ingest, which is how tests inject a failure.
   */
  onFileWritten?: (path: string) => void;
  /** Stored in the manifest as `provenance`, for `rustybt catalog rebuild`. */
  provenance?: Record<string, unknown>;
}

/**
 * Writes a new version of bundle `name`: bars as Parquet partitioned by
 * frequency and year, `assets.parquet`, `adjustments.parquet`, the fast-load
 * column files and `manifest.json`, all inside a temporary directory that is
 * renamed into place at the end. A failure (or a crash) before the rename leaves
 * earlier versions untouched and no new version; the temporary directory is
 * removed on failure, and by the next ingest after a crash. Named crash
 * points: `bundle.files-written`, `bundle.manifest-written`, `bundle.renamed`.
 * (An ingest that streams its frames uses {@link BundleBuilder} directly.)
 *
 * The manifest's `checksum` depends only on the content, so writing the same
 * data twice yields the same checksum.
 *
 * @throws DataError when the contents are invalid (nothing is written then).
 * @throws ConfigError when the bundle name is invalid.
 */
export async function writeBundle(
  name: string,
  contents: BundleContents,
  options: WriteBundleOptions = {},
): Promise<WrittenBundle> {
  checkBundleContents(contents);
  const builder = BundleBuilder.open(name, {
    home: options.home,
    onFileWritten: options.onFileWritten,
  });
  try {
    for (const frames of framesByFrequency(contents.frames).values()) {
      for (const frame of frames) builder.addFrame(frame, { checked: true });
    }
  } catch (error) {
    builder.abort();
    throw error;
  }
  return builder.commit({
    assets: contents.assets,
    adjustments: contents.adjustments,
    provenance: options.provenance,
    now: options.now,
  });
}

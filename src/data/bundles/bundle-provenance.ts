import type { BundleVersionRecord } from '../catalog/catalog-types.js';
import type { WrittenBundle } from './bundle-writer.js';

/** What an ingest records about a version beyond its files; kept in the manifest as `provenance`. */
export interface BundleProvenance {
  kind: 'bundle';
  source: string;
  origin: string | null;
  apiVersion: string | null;
  fetchedAt: string;
  frequencies: string[];
  start: string | null;
  end: string | null;
  rowsWritten: number;
  rowsDropped: number;
  drops: Record<string, number>;
  missingSessions: number;
  outliers: number;
}

/** The catalog record of a written version: its provenance plus what its manifest says. */
export function catalogRecord(
  bundle: string,
  provenance: BundleProvenance,
  written: WrittenBundle,
): BundleVersionRecord {
  const { kind: _kind, ...facts } = provenance;
  return {
    ...facts,
    bundle,
    version: written.version,
    checksum: written.manifest.checksum,
    sizeBytes: written.manifest.sizeBytes,
    path: written.path,
    files: written.manifest.files,
    symbols: Object.entries(written.manifest.frequencies).flatMap(([frequency, entry]) =>
      (entry?.frames ?? []).map((frame) => ({
        symbol: frame.symbol,
        frequency,
        rows: frame.rows,
        firstBar: frame.firstBar === null ? null : new Date(frame.firstBar).toISOString(),
        lastBar: frame.lastBar === null ? null : new Date(frame.lastBar).toISOString(),
      })),
    ),
  };
}

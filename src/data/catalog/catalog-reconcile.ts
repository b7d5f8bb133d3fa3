import { listVersions, versionDirectory } from '../bundles/bundle-layout.js';
import { readManifest } from '../bundles/bundle-loader.js';
import { catalogRecord, type BundleProvenance } from '../bundles/bundle-provenance.js';
import type { BundleManifest } from '../bundles/bundle-types.js';
import type { UnifiedCatalog } from './unified-catalog.js';

/**
 * Records the complete versions of `bundle` on disk that the catalog lacks
 * (an ingest killed between putting its version in place and recording it),
 * from the provenance in their manifests. Returns the versions recorded.
 */
export function recordMissingVersions(
  catalog: UnifiedCatalog,
  home: string,
  bundle: string,
): string[] {
  const known = new Set(catalog.bundleVersions(bundle).map((v) => v.version));
  const recorded: string[] = [];
  for (const version of listVersions(home, bundle)) {
    if (known.has(version)) continue;
    const dir = versionDirectory(home, bundle, version);
    let manifest: BundleManifest;
    try {
      manifest = readManifest(dir);
    } catch {
      continue;
    }
    catalog.recordBundleVersion(
      catalogRecord(bundle, provenanceOf(manifest), { name: bundle, version, path: dir, manifest }),
    );
    recorded.push(version);
  }
  return recorded;
}

/** The manifest's provenance, or what its bars tell when it has none (versions before rustybt 0.2). */
export function provenanceOf(manifest: BundleManifest): BundleProvenance {
  const stored = manifest.provenance as BundleProvenance | undefined;
  if (stored?.kind === 'bundle') return stored;
  const frames = Object.values(manifest.frequencies).flatMap((entry) => entry.frames);
  const firsts = frames.flatMap((f) => (f.firstBar === null ? [] : [f.firstBar]));
  const lasts = frames.flatMap((f) => (f.lastBar === null ? [] : [f.lastBar]));
  const iso = (values: number[], pick: (...v: number[]) => number): string | null =>
    values.length === 0 ? null : new Date(pick(...values)).toISOString();
  return {
    kind: 'bundle',
    source: 'unknown',
    origin: null,
    apiVersion: null,
    fetchedAt: manifest.createdAt,
    frequencies: Object.keys(manifest.frequencies),
    start: iso(firsts, Math.min),
    end: iso(lasts, Math.max),
    rowsWritten: frames.reduce((sum, f) => sum + f.rows, 0),
    rowsDropped: 0,
    drops: {},
    missingSessions: 0,
    outliers: 0,
  };
}

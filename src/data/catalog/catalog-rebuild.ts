import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { crashPoint } from '../../faults/crash-point.js';
import { catalogPath } from '../bundles/bundle-home.js';
import { listBundleNames, listVersions, versionDirectory } from '../bundles/bundle-layout.js';
import { readManifest } from '../bundles/bundle-loader.js';
import type { BundleManifest } from '../bundles/bundle-types.js';
import { catalogRecord } from '../bundles/bundle-provenance.js';
import { provenanceOf } from './catalog-reconcile.js';
import { CacheIndex } from '../cache/cache-index.js';
import { cacheRecord, type CacheEntryFacts } from '../cache/entry-store.js';
import { guardCatalog } from './catalog-faults.js';
import { UnifiedCatalog } from './unified-catalog.js';

/** What {@link rebuildCatalog} did. */
export interface CatalogRebuild {
  /** The catalog file written. */
  path: string;
  /** Where the previous file (and its WAL) was copied, or null when there was none. */
  backup: string | null;
  /** Bundle versions recorded from their manifests. */
  bundleVersions: number;
  /** Of those, versions written before manifests carried provenance (source `unknown`). */
  withoutProvenance: number;
  /** Cache entries recorded from their manifests. */
  cacheEntries: number;
  /** Directories that could not be recorded, with the reason. */
  skipped: { path: string; reason: string }[];
}

/**
 * Rebuilds `<home>/catalog.sqlite` from what is on disk: every complete bundle
 * version (its manifest: files, checksums, symbols, and the provenance the
 * ingest stored there) and every cache entry under `<home>/cache`. The new
 * catalog is built beside the old one and renamed over it only when complete;
 * the old file (damaged or not) and its WAL are first copied to
 * `catalog.sqlite.damaged-<time>`. A crash leaves either the old or the new
 * catalog in place. Lost in a rebuild: the history of pruned versions and the
 * cache's lookup statistics. Run it while no other rustybt process uses the home.
 *
 * Named crash points: `catalog-rebuild.built`, `catalog-rebuild.backed-up`, `catalog-rebuild.done`.
 *
 * @throws CatalogError when the new catalog cannot be written.
 */
export function rebuildCatalog(home: string, now: Date = new Date()): CatalogRebuild {
  const path = catalogPath(home);
  const building = `${path}.rebuilding-${process.pid}`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  const report: CatalogRebuild = {
    path,
    backup: null,
    bundleVersions: 0,
    withoutProvenance: 0,
    cacheEntries: 0,
    skipped: [],
  };
  const catalog = UnifiedCatalog.open(building, { notice: () => undefined });
  try {
    recordBundles(catalog, home, report);
    guardCatalog(building, 'recording cache entries', () =>
      recordCacheEntries(catalog, join(home, 'cache'), report),
    );
    catalog.db.pragma('journal_mode = DELETE');
  } catch (error) {
    catalog.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
    throw error;
  }
  catalog.close();
  crashPoint('catalog-rebuild.built');
  if (existsSync(path)) {
    const backup = `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(`${path}${suffix}`)) copyFileSync(`${path}${suffix}`, `${backup}${suffix}`);
    }
    report.backup = backup;
  }
  crashPoint('catalog-rebuild.backed-up');
  // The old WAL must not be replayed into the new file.
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  renameSync(building, path);
  crashPoint('catalog-rebuild.done');
  return report;
}

function recordBundles(catalog: UnifiedCatalog, home: string, report: CatalogRebuild): void {
  for (const name of listBundleNames(home)) {
    for (const version of listVersions(home, name)) {
      const dir = versionDirectory(home, name, version);
      let manifest: BundleManifest;
      try {
        manifest = readManifest(dir);
      } catch (error) {
        report.skipped.push({ path: dir, reason: (error as Error).message });
        continue;
      }
      const known = (manifest.provenance as { kind?: string } | undefined)?.kind === 'bundle';
      const written = { name, version, path: dir, manifest };
      catalog.recordBundleVersion(catalogRecord(name, provenanceOf(manifest), written));
      report.bundleVersions++;
      if (!known) report.withoutProvenance++;
    }
  }
}

function recordCacheEntries(
  catalog: UnifiedCatalog,
  cacheHome: string,
  report: CatalogRebuild,
): void {
  const index = new CacheIndex(catalog.db);
  const entries: {
    facts: CacheEntryFacts;
    name: string;
    version: string;
    dir: string;
    manifest: BundleManifest;
  }[] = [];
  for (const name of listBundleNames(cacheHome)) {
    for (const version of listVersions(cacheHome, name)) {
      const dir = versionDirectory(cacheHome, name, version);
      try {
        const manifest = readManifest(dir);
        const provenance = manifest.provenance as
          { kind?: string; entry?: CacheEntryFacts } | undefined;
        if (provenance?.kind !== 'cache-entry' || provenance.entry === undefined) {
          report.skipped.push({
            path: dir,
            reason:
              'a cache entry written before rustybt 0.2 (no provenance); rustybt cache clean removes it',
          });
          continue;
        }
        entries.push({ facts: provenance.entry, name, version, dir, manifest });
      } catch (error) {
        report.skipped.push({ path: dir, reason: (error as Error).message });
      }
    }
  }
  // Oldest first: a newer entry under the same key supersedes the older, as when it was written.
  entries.sort((a, b) => a.facts.fetchedAt - b.facts.fetchedAt || (a.version < b.version ? -1 : 1));
  for (const { facts, name, version, dir, manifest } of entries) {
    index.insert(cacheRecord(facts, { name, version, path: dir, manifest }, facts.fetchedAt));
    report.cacheEntries++;
  }
}

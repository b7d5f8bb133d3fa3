import { rustybtHome } from '../../data/bundles/bundle-home.js';
import { rebuildCatalog } from '../../data/catalog/catalog-rebuild.js';

/** Runs `rustybt catalog rebuild`: prints what was recorded, what was skipped and where the old file went. */
export function runCatalogRebuild(): void {
  const report = rebuildCatalog(rustybtHome());
  const lines = [
    `Rebuilt the catalog ${report.path} from the files on disk:`,
    `  bundle versions: ${report.bundleVersions}${report.withoutProvenance > 0 ? ` (${report.withoutProvenance} without provenance, recorded with source "unknown")` : ''}`,
    `  cache entries:   ${report.cacheEntries}`,
    `  previous file:   ${report.backup ?? 'none (there was no catalog)'}`,
    ...report.skipped.map((skip) => `  skipped ${skip.path}: ${skip.reason}`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

import { catalogPath, rustybtHome } from '../../data/bundles/bundle-home.js';
import { UnifiedCatalog } from '../../data/catalog/unified-catalog.js';
import { formatBytes, formatIsoTime, formatTable } from './format.js';

/** One bundle in `rustybt catalog list`. */
export interface CatalogListEntry {
  name: string;
  source: string;
  /** Versions whose files exist, and versions pruned. */
  versions: number;
  prunedVersions: number;
  latestVersion: string | null;
  /** Symbols, rows and bytes of the latest version (0 without one). */
  symbols: number;
  rows: number;
  sizeBytes: number;
  lastFetchedAt: string | null;
}

/** The bundles of the catalog at `path`, by name. */
export function catalogListEntries(path: string): CatalogListEntry[] {
  const catalog = UnifiedCatalog.open(path);
  try {
    return catalog.datasets('bundle').map((dataset) => {
      const latest = catalog.latestBundleVersion(dataset.name);
      return {
        name: dataset.name,
        source: dataset.source,
        versions: dataset.versions,
        prunedVersions: dataset.prunedVersions,
        latestVersion: dataset.latestVersion,
        symbols: latest === undefined ? 0 : new Set(latest.symbols.map((s) => s.symbol)).size,
        rows: latest?.rowsWritten ?? 0,
        sizeBytes: latest?.sizeBytes ?? 0,
        lastFetchedAt: dataset.lastFetchedAt,
      };
    });
  } finally {
    catalog.close();
  }
}

/** Runs `rustybt catalog list [--json]`. */
export function runCatalogList(flags: { json?: boolean }): void {
  const home = rustybtHome();
  const path = catalogPath(home);
  const entries = catalogListEntries(path);
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return;
  }
  if (entries.length === 0) {
    process.stdout.write(
      `No bundles in the catalog ${path}. Create one with: rustybt ingest <source> --bundle <name> ...\n`,
    );
    return;
  }
  process.stdout.write(
    formatTable(
      ['bundle', 'source', 'versions', 'latest', 'symbols', 'rows', 'size', 'last fetch'],
      entries.map((e) => [
        e.name,
        e.source,
        e.prunedVersions > 0 ? `${e.versions} (+${e.prunedVersions} pruned)` : String(e.versions),
        e.latestVersion ?? '-',
        String(e.symbols),
        String(e.rows),
        formatBytes(e.sizeBytes),
        formatIsoTime(e.lastFetchedAt),
      ]),
    ),
  );
}

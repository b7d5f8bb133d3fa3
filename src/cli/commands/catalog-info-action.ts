import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { catalogPath, rustybtHome } from '../../data/bundles/bundle-home.js';
import { MANIFEST_FILE } from '../../data/bundles/bundle-layout.js';
import { readManifest } from '../../data/bundles/bundle-loader.js';
import type { StoredBundleVersion, VersionFile } from '../../data/catalog/catalog-types.js';
import { UnifiedCatalog } from '../../data/catalog/unified-catalog.js';
import { CatalogError } from '../../errors/index.js';
import { formatBytes, formatIsoTime, formatTable } from './format.js';

/** What `rustybt catalog info` shows: the latest version plus where its file list came from. */
export interface CatalogInfo {
  version: StoredBundleVersion;
  /** Versions whose files exist, and versions pruned. */
  versions: number;
  prunedVersions: number;
  /** `catalog` when recorded in `version_files`, `manifest` when read from disk, `none` when neither has them. */
  filesFrom: 'catalog' | 'manifest' | 'none';
  files: VersionFile[];
}

/**
 * The latest version of `bundle` in the catalog at `path`, with its files
 * (from the manifest on disk when the catalog has none, e.g. for versions
 * recorded before schema 2).
 *
 * @throws CatalogError when the catalog has no live version of the bundle.
 */
export function catalogInfo(path: string, bundle: string): CatalogInfo {
  const catalog = UnifiedCatalog.open(path);
  try {
    const all = catalog.bundleVersions(bundle);
    const version = catalog.latestBundleVersion(bundle);
    if (version === undefined) {
      throw new CatalogError(
        all.length === 0
          ? `The catalog ${path} has no bundle ${JSON.stringify(bundle)}; see rustybt catalog list.`
          : `Every version of bundle ${JSON.stringify(bundle)} was pruned; ingest it again.`,
      );
    }
    const pruned = all.filter((v) => v.prunedAt !== null).length;
    let filesFrom: CatalogInfo['filesFrom'] = 'catalog';
    let files = version.files;
    if (files.length === 0) {
      const onDisk = existsSync(join(version.path, MANIFEST_FILE));
      filesFrom = onDisk ? 'manifest' : 'none';
      files = onDisk ? readManifest(version.path).files : [];
    }
    return { version, versions: all.length - pruned, prunedVersions: pruned, filesFrom, files };
  } finally {
    catalog.close();
  }
}

/** Runs `rustybt catalog info <bundle> [--json]`. */
export function runCatalogInfo(bundle: string, flags: { json?: boolean }): void {
  const info = catalogInfo(catalogPath(rustybtHome()), bundle);
  process.stdout.write(
    flags.json === true ? `${JSON.stringify(info, null, 2)}\n` : describeInfo(info),
  );
}

function describeInfo(info: CatalogInfo): string {
  const v = info.version;
  const firsts = v.symbols.flatMap((s) => (s.firstBar === null ? [] : [s.firstBar])).sort();
  const lasts = v.symbols.flatMap((s) => (s.lastBar === null ? [] : [s.lastBar])).sort();
  const drops = Object.entries(v.drops)
    .map(([reason, rows]) => `${reason} ${rows}`)
    .join(', ');
  const fields: [string, string][] = [
    ['bundle', v.bundle],
    [
      'version',
      `${v.version} (latest of ${info.versions}${info.prunedVersions > 0 ? `; ${info.prunedVersions} pruned` : ''})`,
    ],
    ['path', v.path],
    ['source', v.source],
    ['origin', v.origin ?? '-'],
    ['api version', v.apiVersion ?? '-'],
    ['fetched at', v.fetchedAt],
    ['frequencies', v.frequencies.join(', ')],
    ['requested', `${formatIsoTime(v.start)} .. ${formatIsoTime(v.end)}`],
    ['bars', `${formatIsoTime(firsts[0] ?? null)} .. ${formatIsoTime(lasts.at(-1) ?? null)}`],
    ['checksum', `sha256:${v.checksum}`],
    ['size', `${formatBytes(v.sizeBytes)} (${v.sizeBytes} B)`],
    ['rows written', String(v.rowsWritten)],
    ['rows dropped', `${v.rowsDropped}${drops === '' ? '' : ` (${drops})`}`],
    ['missing sessions', String(v.missingSessions)],
    ['outliers flagged', String(v.outliers)],
  ];
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  const indent = (text: string): string =>
    text
      .trimEnd()
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n');
  const sections = [
    fields.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`).join('\n'),
    `symbols (${v.symbols.length}):`,
    indent(
      formatTable(
        ['symbol', 'freq', 'rows', 'first bar', 'last bar'],
        v.symbols.map((s) => [
          s.symbol,
          s.frequency,
          String(s.rows),
          formatIsoTime(s.firstBar),
          formatIsoTime(s.lastBar),
        ]),
      ),
    ),
  ];
  if (info.filesFrom === 'none') {
    sections.push(
      'files: not recorded (the version was cataloged before schema 2 and its manifest is gone)',
    );
  } else {
    sections.push(
      `files (${info.files.length}, from the ${info.filesFrom}):`,
      indent(
        formatTable(
          ['path', 'bytes', 'sha256'],
          info.files.map((f) => [f.path, String(f.bytes), f.sha256]),
        ),
      ),
    );
  }
  return `${sections.join('\n')}\n`;
}

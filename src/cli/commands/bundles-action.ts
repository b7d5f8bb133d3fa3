import {
  listBundleNames,
  listVersions,
  versionDirectory,
} from '../../data/bundles/bundle-layout.js';
import { readManifest } from '../../data/bundles/bundle-loader.js';
import { DataError } from '../../errors/index.js';
import { formatBarTime, formatBytes } from './format.js';

/** The `rustybt bundles` listing for a home directory. */
export function describeBundles(home: string): string {
  const names = listBundleNames(home);
  if (names.length === 0) {
    return `No bundles under ${home}. Create one with: rustybt ingest <source> --bundle <name> ...\n`;
  }
  const rows = names.map((name) => {
    const versions = listVersions(home, name);
    const latest = versions[versions.length - 1];
    const manifest = readManifest(versionDirectory(home, name, latest));
    const frames = Object.values(manifest.frequencies).flatMap((entry) => entry.frames);
    const firsts = frames.flatMap((f) => (f.firstBar === null ? [] : [f.firstBar]));
    const lasts = frames.flatMap((f) => (f.lastBar === null ? [] : [f.lastBar]));
    const totalBytes = versions
      .map((v) => readManifest(versionDirectory(home, name, v)).sizeBytes)
      .reduce((a, b) => a + b, 0);
    return [
      name,
      String(versions.length),
      latest,
      Object.keys(manifest.frequencies).join(','),
      String(new Set(frames.map((f) => f.symbol)).size),
      String(frames.reduce((sum, f) => sum + f.rows, 0)),
      `${formatBarTime(firsts.length > 0 ? Math.min(...firsts) : null)} .. ${formatBarTime(lasts.length > 0 ? Math.max(...lasts) : null)}`,
      formatBytes(manifest.sizeBytes),
      formatBytes(totalBytes),
    ];
  });
  const header = [
    'bundle',
    'versions',
    'latest',
    'freq',
    'symbols',
    'rows',
    'range (latest)',
    'size (latest)',
    'size (all)',
  ];
  return table(header, rows);
}

/**
 * The `rustybt bundles NAME` listing: each version, oldest first, with its
 * frequencies, symbols, rows, range and size; empty versions say so.
 *
 * @throws DataError when the bundle has no versions.
 */
export function describeVersions(home: string, name: string): string {
  const versions = listVersions(home, name);
  if (versions.length === 0) {
    throw new DataError(
      `Bundle ${JSON.stringify(name)} has no versions under ${home}; see rustybt bundles.`,
    );
  }
  const rows = versions.map((version) => {
    const manifest = readManifest(versionDirectory(home, name, version));
    const frames = Object.values(manifest.frequencies).flatMap((entry) => entry.frames);
    const firsts = frames.flatMap((f) => (f.firstBar === null ? [] : [f.firstBar]));
    const lasts = frames.flatMap((f) => (f.lastBar === null ? [] : [f.lastBar]));
    const rowCount = frames.reduce((sum, f) => sum + f.rows, 0);
    return [
      `${name}@${version}`,
      Object.keys(manifest.frequencies).join(','),
      String(new Set(frames.map((f) => f.symbol)).size),
      rowCount === 0 ? '0 (empty)' : String(rowCount),
      rowCount === 0
        ? '-'
        : `${formatBarTime(Math.min(...firsts))} .. ${formatBarTime(Math.max(...lasts))}`,
      formatBytes(manifest.sizeBytes),
    ];
  });
  return table(['version', 'freq', 'symbols', 'rows', 'range', 'size'], rows);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

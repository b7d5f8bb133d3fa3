import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getCalendar, type TradingCalendar } from '../../calendar/index.js';
import { DataError } from '../../errors/index.js';
import { catalogPath, rustybtHome } from '../bundles/bundle-home.js';
import { listBundleNames, listVersions, versionDirectory } from '../bundles/bundle-layout.js';
import { loadBundle, readManifest } from '../bundles/bundle-loader.js';
import type { BundleAsset, BundleManifest } from '../bundles/bundle-types.js';
import { coverageGap, ohlcViolations, type CoverageGap, type OhlcViolation } from './bar-checks.js';
import type { StoredBundleVersion, VersionFile } from './catalog-types.js';
import { UnifiedCatalog } from './unified-catalog.js';

/** A file of a bundle version that does not match what was recorded. */
export interface FileMismatch {
  /** Path relative to the version directory. */
  path: string;
  /** `missing`, `size` (bytes differ), `sha256` (same size, other content) or `catalog` (catalog and manifest disagree). */
  problem: 'missing' | 'size' | 'sha256' | 'catalog';
  expected: string;
  actual: string;
}

/** What {@link validateBundle} found in the latest version of one bundle. */
export interface BundleValidationReport {
  bundle: string;
  /** Version checked, or null when the bundle has no version on disk. */
  version: string | null;
  /** Version directory, or null. */
  path: string | null;
  /** Calendar used per symbol (`XNYS` or `24/7`, or the override). */
  calendars: Record<string, string>;
  /** Files whose size and SHA-256 were recomputed. */
  filesChecked: number;
  /** Where the expected digests came from: the catalog's `version_files` or the manifest. */
  digestsFrom: 'catalog' | 'manifest' | null;
  fileMismatches: FileMismatch[];
  gaps: CoverageGap[];
  ohlc: OhlcViolation[];
  /** Anything that stopped a check (unreadable manifest or bars, missing version). */
  errors: string[];
  /** Number of problems: mismatching files + missing bars + bad bars + errors; 0 when clean. */
  problems: number;
}

/** Options of {@link validateBundle} and {@link validateBundles}. */
export interface ValidateBundleOptions {
  /** rustybt home; default {@link rustybtHome}(). */
  home?: string;
  /** Calendar for every symbol (e.g. `XNYS`, `24/7`); default chosen per asset. */
  calendar?: string;
}

/** Venues that trade around the clock (ccxt exchange ids), matched case-insensitively. */
const CRYPTO_VENUES = new Set([
  'binance',
  'binanceus',
  'bitfinex',
  'bitstamp',
  'bybit',
  'coinbase',
  'coinbaseexchange',
  'gateio',
  'gemini',
  'htx',
  'huobi',
  'kraken',
  'kucoin',
  'okx',
]);

/**
 * The calendar an asset trades on: `24/7` for crypto (asset class `crypto`,
 * a crypto venue as exchange, a `BASE/QUOTE` pair symbol, or a bundle from
 * the `ccxt` source), else `XNYS`.
 */
export function calendarNameForAsset(asset: BundleAsset, source: string | null): string {
  const crypto =
    asset.assetClass?.toLowerCase() === 'crypto' ||
    CRYPTO_VENUES.has(asset.exchange?.toLowerCase() ?? '') ||
    asset.symbol.includes('/') ||
    source === 'ccxt';
  return crypto ? '24/7' : 'XNYS';
}

/**
 * Checks the latest version of a bundle: recomputes every file's size and
 * SHA-256 against the catalog's `version_files` (or the manifest when the
 * catalog has none, e.g. a version recorded before schema 2), looks for bars
 * the calendar expects between each symbol's first and last bar, and for bars
 * breaking the OHLC rules.
 *
 * @throws DataError when neither the disk nor the catalog knows the bundle.
 */
export async function validateBundle(
  name: string,
  options: ValidateBundleOptions = {},
): Promise<BundleValidationReport> {
  const home = options.home ?? rustybtHome();
  const catalog = UnifiedCatalog.open(catalogPath(home));
  try {
    return await validateWith(catalog, home, name, options);
  } finally {
    catalog.close();
  }
}

/** {@link validateBundle} for every bundle on disk or in the catalog, sorted by name. */
export async function validateBundles(
  options: ValidateBundleOptions = {},
): Promise<BundleValidationReport[]> {
  const home = options.home ?? rustybtHome();
  const catalog = UnifiedCatalog.open(catalogPath(home));
  try {
    const names = new Set(listBundleNames(home));
    for (const dataset of catalog.datasets('bundle')) {
      if (dataset.latestVersion !== null) names.add(dataset.name);
    }
    const reports: BundleValidationReport[] = [];
    for (const name of [...names].sort()) {
      reports.push(await validateWith(catalog, home, name, options));
    }
    return reports;
  } finally {
    catalog.close();
  }
}

async function validateWith(
  catalog: UnifiedCatalog,
  home: string,
  name: string,
  options: ValidateBundleOptions,
): Promise<BundleValidationReport> {
  const override = options.calendar === undefined ? undefined : getCalendar(options.calendar);
  const versions = listVersions(home, name);
  const recorded = catalog.bundleVersions(name);
  const report: BundleValidationReport = {
    bundle: name,
    version: versions.at(-1) ?? null,
    path: null,
    calendars: {},
    filesChecked: 0,
    digestsFrom: null,
    fileMismatches: [],
    gaps: [],
    ohlc: [],
    errors: [],
    problems: 0,
  };
  if (report.version === null) {
    const live = recorded.filter((v) => v.prunedAt === null).at(-1);
    if (live === undefined) {
      throw new DataError(
        `No bundle ${JSON.stringify(name)} on disk under ${home} or in its catalog; see rustybt catalog list.`,
      );
    }
    report.errors.push(
      `the catalog lists version ${live.version} at ${live.path}, but no version of the bundle is on disk`,
    );
    return finish(report);
  }
  const version = report.version;
  report.path = versionDirectory(home, name, version);
  let manifest: BundleManifest;
  try {
    manifest = readManifest(report.path);
  } catch (error) {
    report.errors.push((error as Error).message);
    return finish(report);
  }
  const stored = recorded.find((v) => v.version === version);
  checkFiles(report, manifest, stored);
  const source = stored?.source ?? recorded.at(-1)?.source ?? null;
  const assets = new Map(manifest.assets.map((asset) => [asset.symbol, asset]));
  try {
    const loaded = await loadBundle(name, { home, version, form: 'fast' });
    for (const frame of loaded.frames) {
      const asset = assets.get(frame.symbol);
      const calendar: TradingCalendar =
        override ?? getCalendar(asset === undefined ? 'XNYS' : calendarNameForAsset(asset, source));
      report.calendars[frame.symbol] = calendar.name;
      const gap = coverageGap(frame, calendar);
      if (gap !== undefined) report.gaps.push(gap);
      report.ohlc.push(...ohlcViolations(frame));
    }
  } catch (error) {
    report.errors.push(`cannot read the bars: ${(error as Error).message}`);
  }
  return finish(report);
}

function checkFiles(
  report: BundleValidationReport,
  manifest: BundleManifest,
  stored: StoredBundleVersion | undefined,
): void {
  const fromCatalog = stored !== undefined && stored.files.length > 0;
  const expected: VersionFile[] = fromCatalog ? stored.files : manifest.files;
  report.digestsFrom = fromCatalog ? 'catalog' : 'manifest';
  if (fromCatalog) {
    const inManifest = new Map(manifest.files.map((file) => [file.path, file]));
    for (const file of expected) {
      const listed = inManifest.get(file.path);
      if (listed === undefined || listed.sha256 !== file.sha256 || listed.bytes !== file.bytes) {
        report.fileMismatches.push({
          path: file.path,
          problem: 'catalog',
          expected: `catalog ${file.bytes} B sha256 ${file.sha256}`,
          actual:
            listed === undefined
              ? 'not in the manifest'
              : `manifest ${listed.bytes} B sha256 ${listed.sha256}`,
        });
      }
    }
  }
  for (const file of expected) {
    const path = join(report.path ?? '', file.path);
    report.filesChecked++;
    if (!existsSync(path)) {
      report.fileMismatches.push({
        path: file.path,
        problem: 'missing',
        expected: `${file.bytes} B`,
        actual: 'no such file',
      });
      continue;
    }
    const bytes = statSync(path).size;
    if (bytes !== file.bytes) {
      report.fileMismatches.push({
        path: file.path,
        problem: 'size',
        expected: `${file.bytes} B`,
        actual: `${bytes} B`,
      });
      continue;
    }
    const digest = sha256OfFile(path);
    if (digest !== file.sha256) {
      report.fileMismatches.push({
        path: file.path,
        problem: 'sha256',
        expected: file.sha256,
        actual: digest,
      });
    }
  }
}

function finish(report: BundleValidationReport): BundleValidationReport {
  report.problems =
    report.fileMismatches.length +
    report.gaps.reduce((sum, gap) => sum + gap.missing.length, 0) +
    report.ohlc.length +
    report.errors.length;
  return report;
}

/** SHA-256 (hex) of a file, read in 1 MiB chunks. */
export function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

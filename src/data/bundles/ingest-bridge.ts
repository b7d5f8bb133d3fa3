import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BarFrame } from '../bar-frame.js';
import { UnifiedCatalog } from '../catalog/index.js';
import { recordMissingVersions } from '../catalog/catalog-reconcile.js';
import { crashPoint } from '../../faults/crash-point.js';
import type {
  CorporateActions,
  DataSource,
  FetchReport,
  FetchResult,
  IngestOptions,
  IngestSummary,
} from '../sources/data-source.js';
import { formatDecimal } from '../../numeric/index.js';
import { catalogPath, rustybtHome } from './bundle-home.js';
import { checkBundleName } from './bundle-layout.js';
import { checkDropShare, checkMaxDrop, DEFAULT_MAX_DROP } from './drop-policy.js';
import type { Adjustment, BundleAsset } from './bundle-types.js';
import { BundleBuilder, type WrittenBundle } from './bundle-builder.js';
import type { WriteBundleOptions } from './bundle-writer.js';
import { catalogRecord, type BundleProvenance } from './bundle-provenance.js';

/** What {@link ingestIntoBundle} returns: the shared summary plus the stored facts. */
export interface BundleIngestSummary extends IngestSummary {
  /** Absolute path of the new version directory. */
  path: string;
  checksum: string;
  sizeBytes: number;
  /** Rows dropped per problem (e.g. `ohlc-inconsistent`). */
  drops: Record<string, number>;
  missingSessions: number;
  outliers: number;
  symbols: number;
}

/** Options of the bridge beyond the source's `IngestOptions`. */
export interface BridgeOptions extends Pick<WriteBundleOptions, 'now' | 'onFileWritten'> {
  /** rustybt home (bundles and catalog); default `options.bundleRoot`, else {@link rustybtHome}(). */
  home?: string;
  /** Exchange or venue recorded for every asset (e.g. the ccxt exchange id). */
  exchange?: string;
  /** Asset class recorded for every asset (e.g. `equity`, `crypto`). */
  assetClass?: string;
}

/**
 * The adapter–bundle bridge: `source.fetch` (which validates, leniently or
 * strictly) → a new bundle version (bars, assets, splits and dividends) →
 * a catalog row with provenance, range, quality, checksum, size and files.
 * Nothing is written when the fetch fails or would hide good data (no valid
 * rows, or more than `options.maxDrop` of them dropped); the catalog row is
 * written only after the version is in place.
 *
 * @throws ConfigError for an invalid bundle name or `maxDrop` (before anything is fetched).
 * @throws DataError when the source fails (strict mode), returns no valid rows,
 *   drops too many, or the bars cannot be stored.
 */
export async function ingestIntoBundle(
  source: DataSource,
  bundleName: string,
  options: IngestOptions,
  bridge: BridgeOptions = {},
): Promise<BundleIngestSummary> {
  checkBundleName(bundleName);
  const home = bridge.home ?? options.bundleRoot ?? rustybtHome();
  const fetchedAt = new Date();
  const {
    symbols,
    start,
    end,
    frequency,
    bundleRoot: _root,
    maxDrop = DEFAULT_MAX_DROP,
    ...fetchOptions
  } = options;
  checkMaxDrop(maxDrop);
  // Opened first: a damaged catalog fails the ingest before anything is fetched or written.
  const catalog = UnifiedCatalog.open(catalogPath(home));
  try {
    // Versions a killed ingest put in place but could not record are recorded now.
    recordMissingVersions(catalog, home, bundleName);
    const builder = BundleBuilder.open(bundleName, {
      home,
      onFileWritten: bridge.onFileWritten,
      discardEmptyBundle: true,
    });
    let result: FetchResult;

    try {
      // A source that streams hands its frames over one by one: one symbol's bars in memory.
      const take = (frame: BarFrame): void => builder.addFrame(frame);
      result =
        source.fetchInto === undefined
          ? await source.fetch(symbols, start, end, frequency, fetchOptions)
          : await source.fetchInto(symbols, start, end, frequency, fetchOptions, take);
      for (const frame of result.frames) take(frame);
      checkDropShare(builder.frames, result.report, maxDrop, { start, end });
      crashPoint('ingest.fetched');
    } catch (error) {
      builder.abort();
      throw error;
    }
    const kept = builder.frames;
    const assets: BundleAsset[] = kept.map((frame) => ({
      symbol: frame.symbol,
      exchange: bridge.exchange ?? null,
      assetClass: bridge.assetClass ?? null,
    }));
    const quality = qualityOf(result.report);
    const rowsWritten = kept.reduce((sum, frame) => sum + frame.rows, 0);
    const metadata = source.getMetadata();
    const provenance: BundleProvenance = {
      kind: 'bundle',
      source: source.name,
      origin: bridge.exchange ?? metadata.upstream ?? null,
      apiVersion: metadata.version,
      fetchedAt: fetchedAt.toISOString(),
      frequencies: [frequency],
      start: start.toISOString(),
      end: end.toISOString(),
      rowsWritten,
      rowsDropped: quality.rowsDropped,
      drops: quality.drops,
      missingSessions: quality.missingSessions,
      outliers: quality.outliers,
    };
    const written: WrittenBundle = await builder.commit({
      assets,
      adjustments: adjustmentsOf(result.corporateActions),
      provenance: { ...provenance },
      now: bridge.now,
    });
    crashPoint('ingest.written');
    try {
      catalog.recordBundleVersion(catalogRecord(bundleName, provenance, written));
    } catch (error) {
      // Another process may have recorded it already (see recordMissingVersions): then it stands.
      const recorded = catalog
        .bundleVersions(bundleName)
        .some((v) => v.version === written.version && v.checksum === written.manifest.checksum);
      if (!recorded) {
        // A version the catalog does not know would make `bundles` and `catalog list` disagree.
        discardVersion(written.path);
        throw error;
      }
    }
    crashPoint('ingest.recorded');
    return {
      bundleName,
      version: written.version,
      rowsWritten,
      rowsDropped: quality.rowsDropped,
      report: result.report,
      path: written.path,
      checksum: written.manifest.checksum,
      sizeBytes: written.manifest.sizeBytes,
      drops: quality.drops,
      missingSessions: quality.missingSessions,
      outliers: quality.outliers,
      symbols: kept.length,
    };
  } finally {
    catalog.close();
  }
}

function discardVersion(path: string): void {
  const doomed = join(dirname(path), `.pruning-${basename(path)}`);
  try {
    renameSync(path, doomed);
  } catch {
    return;
  }
  rmSync(doomed, { recursive: true, force: true });
}

/** Splits and dividends of a fetch as bundle adjustments, with exact decimal text. */
export function adjustmentsOf(actions: CorporateActions): Adjustment[] {
  return [
    ...actions.splits.map((split): Adjustment => ({
      kind: 'split',
      symbol: split.symbol,
      exDate: split.exDate,
      numerator: String(split.numerator),
      denominator: String(split.denominator),
    })),
    ...actions.dividends.map((dividend): Adjustment => ({
      kind: 'dividend',
      symbol: dividend.symbol,
      exDate: dividend.exDate,
      amount: formatDecimal(BigInt(dividend.amount), dividend.scale),
      payDate: dividend.payDate ?? null,
      currency: dividend.currency ?? null,
    })),
  ];
}

/** Dropped rows per problem, outliers and missing sessions of a fetch report. */
export function qualityOf(report: FetchReport): {
  rowsDropped: number;
  drops: Record<string, number>;
  missingSessions: number;
  outliers: number;
} {
  const drops: Record<string, number> = {};
  let rowsDropped = 0;
  let outliers = 0;
  for (const issue of report.issues) {
    if (issue.problem === 'outlier') outliers++;
    if (issue.action !== 'dropped') continue;
    rowsDropped++;
    drops[issue.problem] = (drops[issue.problem] ?? 0) + 1;
  }
  const missingSessions = report.gaps.reduce((sum, gap) => sum + gap.missing.length, 0);
  return { rowsDropped, drops, missingSessions, outliers };
}

import { setBundleWriter } from '../sources/bundle-bridge.js';
import { ingestIntoBundle } from './ingest-bridge.js';

export { rustybtHome, bundlesDirectory, catalogPath } from './bundle-home.js';
export {
  checkBundleName,
  parseBundleRef,
  type BundleRef,
  listVersions,
  listBundleNames,
  resolveVersion,
  versionIdAt,
  versionTime,
} from './bundle-layout.js';
export type {
  Adjustment,
  SplitAdjustment,
  DividendAdjustment,
  BundleAsset,
  BundleAssetRecord,
  BundleContents,
  BundleManifest,
  ManifestFile,
  ManifestFrame,
} from './bundle-types.js';
export { writeBundle, type WriteBundleOptions, type WrittenBundle } from './bundle-writer.js';
export {
  loadBundle,
  readManifest,
  type LoadBundleOptions,
  type LoadedBundle,
} from './bundle-loader.js';
export { pruneVersions, type PruneResult } from './bundle-versions.js';
export {
  DEFAULT_MAX_DROP,
  checkDropShare,
  dropsBySymbol,
  type SymbolDrops,
} from './drop-policy.js';
export {
  ingestIntoBundle,
  adjustmentsOf,
  qualityOf,
  type BridgeOptions,
  type BundleIngestSummary,
} from './ingest-bridge.js';
export {
  PROFILING_BUNDLES,
  PROFILING_US_STOCKS,
  PROFILING_CRYPTO_PAIRS,
  profilingBundle,
  type ProfilingBundle,
} from './profiling-bundles.js';

// Every source's ingestToBundle delegates to the bridge once the bundle layer is loaded.
setBundleWriter((source, bundleName, options) => ingestIntoBundle(source, bundleName, options));

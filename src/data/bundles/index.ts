export { rustybtHome, bundlesDirectory, catalogPath } from './bundle-home.js';
export {
  checkBundleName,
  listVersions,
  listBundleNames,
  resolveVersion,
  versionIdAt,
  versionTime,
} from './bundle-layout.js';
export type {
  Adjustment,
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

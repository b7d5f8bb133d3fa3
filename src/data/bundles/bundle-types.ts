import type { FastWidth } from './fast-columns.js';
import type { BarFrame, Frequency } from '../bar-frame.js';

/** What an ingest knows about one asset besides its bars. */
export interface BundleAsset {
  symbol: string;
  /** Exchange or venue (e.g. `NASDAQ`, `binance`), or null when unknown. */
  exchange: string | null;
  /** Asset class (e.g. `equity`, `crypto`), or null when unknown. */
  assetClass: string | null;
}

/**
 * A split on its ex-date: each `denominator` old shares become `numerator` new
 * ones (4:1 is `"4"` / `"1"`, a 1:10 reverse split `"1"` / `"10"`). Exact decimal text.
 */
export interface SplitAdjustment {
  kind: 'split';
  symbol: string;
  /** Ex-date as a session label: UTC epoch ms of the date at 00:00 UTC. */
  exDate: number;
  numerator: string;
  denominator: string;
}

/** A cash dividend per share on its ex-date, as exact decimal text. */
export interface DividendAdjustment {
  kind: 'dividend';
  symbol: string;
  /** Ex-date as a session label: UTC epoch ms of the date at 00:00 UTC. */
  exDate: number;
  amount: string;
  /** Pay date as a session label, or null when unknown. */
  payDate: number | null;
  /** ISO currency code, or null when the source does not state it. */
  currency: string | null;
}

/** A corporate action stored in a bundle's adjustments table. */
export type Adjustment = SplitAdjustment | DividendAdjustment;

/** Everything one ingest stores: bars per symbol and frequency, assets, adjustments. */
export interface BundleContents {
  frames: readonly BarFrame[];
  /** Assets without an entry here are stored with null exchange and class. */
  assets?: readonly BundleAsset[];
  adjustments?: readonly Adjustment[];
}

/** An asset as stored in a bundle: a stable `sid` plus what the bars say about it. */
export interface BundleAssetRecord extends BundleAsset {
  /** Index of the symbol in the bundle's sorted symbol list; joins bars to assets. */
  sid: number;
  priceScale: number;
  volumeScale: number;
  /** First and last bar start over all frequencies, UTC epoch ms; null without bars. */
  firstBar: number | null;
  lastBar: number | null;
}

/** One frame's entry in the manifest: where its fast-load columns are and their digest. */
export interface ManifestFrame {
  sid: number;
  symbol: string;
  rows: number;
  priceScale: number;
  volumeScale: number;
  /** First and last bar start, UTC epoch ms; null for an empty frame. */
  firstBar: number | null;
  lastBar: number | null;
  /** Fast-load column file, relative to the version directory. */
  file: string;
  sha256: string;
  /** CRC-32 of the fast-load file, checked on every load; absent in bundles written before rustybt 0.2. */
  crc32?: number;
  /** How each of the six columns is stored in `file` (format version 2; all float64 in version 1). */
  widths?: FastWidth[];
}

/** One file of a version with its size and SHA-256, for verification. */
export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
  /** CRC-32 of the file, checked on every load; absent in bundles written before rustybt 0.2. */
  crc32?: number;
}

/** `manifest.json` of a bundle version: written last, so its presence marks a complete version. */
export interface BundleManifest {
  format: 'rustybt-bundle';
  /** 2 since fast-load columns may be int32 (`widths`); version 1 bundles are still read. */
  formatVersion: 1 | 2;
  name: string;
  version: string;
  createdAt: string;
  /** SHA-256 over the bundle's content (bars, assets, adjustments), independent of file encoding. */
  checksum: string;
  /** Total bytes of all files of the version. */
  sizeBytes: number;
  /** Per frequency: the common Parquet scales and the frames. */
  frequencies: Partial<
    Record<Frequency, { priceScale: number; volumeScale: number; frames: ManifestFrame[] }>
  >;
  files: ManifestFile[];
  /**
   * What the catalog records about this version beyond the files (source,
   * fetch time, requested range, quality; for a cache entry its key and
   * ranges), so `rustybt catalog rebuild` can restore the catalog from disk.
   * Absent in versions written before rustybt 0.2.
   */
  provenance?: Record<string, unknown>;
  /** Copy of `assets.parquet`, so the fast path needs no Parquet decoding. */
  assets: BundleAssetRecord[];
  /** Copy of `adjustments.parquet`, for the same reason. */
  adjustments: Adjustment[];
}

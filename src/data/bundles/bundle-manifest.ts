import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Frequency } from '../bar-frame.js';
import type { FastWidth } from './fast-columns.js';
import type {
  Adjustment,
  BundleAsset,
  BundleAssetRecord,
  BundleManifest,
  ManifestFile,
  ManifestFrame,
} from './bundle-types.js';

/** What the writer keeps of a frame once its fast-load file is written: no bars. */
export interface StagedFrame {
  symbol: string;
  frequency: Frequency;
  rows: number;
  priceScale: number;
  volumeScale: number;
  firstBar: number | null;
  lastBar: number | null;
  /** UTC years holding at least one bar, ascending. */
  years: number[];
  /** The row where each of `years` begins (the next one's, or `rows`, ends it). */
  yearStarts: number[];
  /** Path of the fast-load file inside the version directory (it moves once sids are known). */
  file: string;
  sha256: string;
  crc32: number;
  bytes: number;
  widths: FastWidth[];
  /** SHA-256 of the columns as float64, for the content checksum. */
  contentSha256: string;
}

/** Assets of every symbol with bars or an asset entry, sids assigned in sorted symbol order. */
export function assetRecords(
  frames: readonly StagedFrame[],
  described: readonly BundleAsset[],
): BundleAssetRecord[] {
  const assets = new Map(described.map((asset) => [asset.symbol, asset]));
  const bySymbol = new Map<string, StagedFrame[]>();
  for (const frame of frames) {
    const list = bySymbol.get(frame.symbol);
    if (list === undefined) bySymbol.set(frame.symbol, [frame]);
    else list.push(frame);
  }
  const symbols = [...new Set([...bySymbol.keys(), ...assets.keys()])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return symbols.map((symbol, sid) => {
    const own = bySymbol.get(symbol) ?? [];
    const starts = own.flatMap((f) => (f.firstBar === null ? [] : [f.firstBar]));
    const ends = own.flatMap((f) => (f.lastBar === null ? [] : [f.lastBar]));
    const asset = assets.get(symbol);
    return {
      sid,
      symbol,
      exchange: asset?.exchange ?? null,
      assetClass: asset?.assetClass ?? null,
      priceScale: own[0]?.priceScale ?? 0,
      volumeScale: own[0]?.volumeScale ?? 0,
      firstBar: starts.length > 0 ? Math.min(...starts) : null,
      lastBar: ends.length > 0 ? Math.max(...ends) : null,
    };
  });
}

/** SHA-256 of the content: frames (their column digests), assets, adjustments. */
export function contentChecksum(
  frequencies: BundleManifest['frequencies'],
  contentHashes: ReadonlyMap<ManifestFrame, string>,
  assets: readonly BundleAssetRecord[],
  adjustments: readonly Adjustment[],
): string {
  const canonical = {
    frequencies: Object.entries(frequencies).map(([frequency, entry]) => [
      frequency,
      entry.frames.map((f) => [
        f.symbol,
        f.rows,
        f.priceScale,
        f.volumeScale,
        contentHashes.get(f),
      ]),
    ]),
    assets: assets.map((a) => [a.symbol, a.exchange, a.assetClass]),
    adjustments: adjustments.map((a) =>
      a.kind === 'split'
        ? [a.symbol, a.kind, a.exDate, a.numerator, a.denominator]
        : [a.symbol, a.kind, a.exDate, a.amount, a.payDate, a.currency],
    ),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Size, SHA-256 and CRC-32 of every Parquet file under `dir` not already in `known`. */
export function hashParquetFiles(
  dir: string,
  known: ReadonlyMap<string, ManifestFile>,
): ManifestFile[] {
  const files: ManifestFile[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.parquet')) {
        const name = relative(dir, path).split(sep).join('/');
        const hashed = known.get(name);
        if (hashed !== undefined) {
          files.push(hashed);
          continue;
        }
        const bytes = readFileSync(path);
        files.push({
          path: name,
          bytes: bytes.byteLength,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          crc32: crc32(bytes),
        });
      }
    }
  };
  walk(dir);
  return files;
}

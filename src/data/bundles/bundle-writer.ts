import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import { crc32 } from 'node:zlib';
import { crashPoint } from '../../faults/crash-point.js';
import { canonicalAdjustment, checkBundleContents, framesByFrequency } from './bundle-checks.js';
import { rustybtHome } from './bundle-home.js';
import {
  bundleDirectory,
  checkBundleName,
  INCOMING_PREFIX,
  PRUNING_PREFIX,
  MANIFEST_FILE,
  versionIdAt,
} from './bundle-layout.js';
import type {
  Adjustment,
  BundleAssetRecord,
  BundleContents,
  BundleManifest,
  ManifestFile,
  ManifestFrame,
} from './bundle-types.js';
import { withDuckDB } from './duckdb-session.js';
import { writeFastColumns } from './fast-columns.js';

/** Options of {@link writeBundle}. */
export interface WriteBundleOptions {
  /** rustybt home directory; default {@link rustybtHome}(). */
  home?: string;
  /** Clock naming the version; default the current time. */
  now?: () => Date;
  /**
   * Called after each file of the new version is written (path relative to the
   * version). Throwing from it aborts the ingest, which is how tests inject a failure.
   */
  onFileWritten?: (path: string) => void;
  /** Stored in the manifest as `provenance`, for `rustybt catalog rebuild`. */
  provenance?: Record<string, unknown>;
}

/** A version that {@link writeBundle} put in place. */
export interface WrittenBundle {
  name: string;
  version: string;
  /** Absolute path of the version directory. */
  path: string;
  manifest: BundleManifest;
}

/**
 * Writes a new version of bundle `name`: bars as Parquet partitioned by
 * frequency and year, `assets.parquet`, `adjustments.parquet`, the fast-load
 * column files and `manifest.json`, all inside a temporary directory that is
 * renamed into place at the end. A failure (or a crash) before the rename leaves
 * earlier versions untouched and no new version; the temporary directory is
 * removed on failure, and by the next ingest after a crash. Named crash
 * points: `bundle.files-written`, `bundle.manifest-written`, `bundle.renamed`.
 *
 * The manifest's `checksum` depends only on the content, so writing the same
 * data twice yields the same checksum.
 *
 * @throws DataError when the contents are invalid (nothing is written then).
 * @throws ConfigError when the bundle name is invalid.
 */
export async function writeBundle(
  name: string,
  contents: BundleContents,
  options: WriteBundleOptions = {},
): Promise<WrittenBundle> {
  checkBundleName(name);
  checkBundleContents(contents);
  const home = options.home ?? rustybtHome();
  const bundleDir = bundleDirectory(home, name);
  mkdirSync(bundleDir, { recursive: true });
  sweepAbandonedIngests(bundleDir);
  const incoming = join(
    bundleDir,
    `${INCOMING_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  mkdirSync(incoming);
  const notify = options.onFileWritten ?? ((): void => undefined);
  try {
    const written = await writeVersionFiles(incoming, name, contents, notify);
    crashPoint('bundle.files-written');
    const manifest =
      options.provenance === undefined ? written : { ...written, provenance: options.provenance };
    const time = (options.now ?? ((): Date => new Date()))();
    for (;;) {
      const version = claimVersionId(bundleDir, time);
      const complete: BundleManifest = { ...manifest, version };
      writeFileSync(join(incoming, MANIFEST_FILE), `${JSON.stringify(complete, null, 2)}\n`);
      notify(MANIFEST_FILE);
      crashPoint('bundle.manifest-written');
      const path = join(bundleDir, version);
      try {
        renameSync(incoming, path);
      } catch (error) {
        // Another ingest took the same id between our check and the rename.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') continue;
        throw error;
      }
      crashPoint('bundle.renamed');
      return { name, version, path, manifest: complete };
    }
  } catch (error) {
    rmSync(incoming, { recursive: true, force: true });
    throw error;
  }
}

async function writeVersionFiles(
  dir: string,
  name: string,
  contents: BundleContents,
  notify: (path: string) => void,
): Promise<BundleManifest> {
  const assets = assetRecords(contents);
  const sids = new Map(assets.map((asset) => [asset.symbol, asset.sid]));
  const grouped = framesByFrequency(contents.frames);
  const frequencies: BundleManifest['frequencies'] = {};
  const fastFiles: ManifestFile[] = [];
  const contentHashes = new Map<ManifestFrame, string>();
  for (const [frequency, frames] of grouped) {
    mkdirSync(join(dir, 'fast', frequency), { recursive: true });
    const entries: ManifestFrame[] = [];
    for (const frame of frames) {
      const sid = sids.get(frame.symbol) ?? -1;
      const file = `fast/${frequency}/${sid}.cols`;
      const {
        sha256,
        crc32: crc,
        bytes,
        widths,
        contentSha256,
      } = writeFastColumns(join(dir, file), frame);
      notify(file);
      fastFiles.push({ path: file, bytes, sha256, crc32: crc });
      const n = frame.timestamps.length;
      entries.push({
        sid,
        symbol: frame.symbol,
        rows: n,
        priceScale: frame.priceScale,
        volumeScale: frame.volumeScale,
        firstBar: n > 0 ? frame.timestamps[0] : null,
        lastBar: n > 0 ? frame.timestamps[n - 1] : null,
        file,
        sha256,
        crc32: crc,
        widths,
      });
      contentHashes.set(entries[entries.length - 1], contentSha256);
    }
    frequencies[frequency] = {
      priceScale: Math.max(...frames.map((frame) => frame.priceScale)),
      volumeScale: Math.max(...frames.map((frame) => frame.volumeScale)),
      frames: entries,
    };
  }
  const adjustments = (contents.adjustments ?? [])
    .map((adjustment) => ({
      ...canonicalAdjustment(adjustment),
      sid: sids.get(adjustment.symbol) ?? -1,
    }))
    .sort((a, b) => a.sid - b.sid || a.exDate - b.exDate || a.kind.localeCompare(b.kind));
  const { writeAdjustmentsParquet, writeAssetsParquet, writeBarsParquet } =
    await import('./parquet-writer.js');
  await withDuckDB(`Writing bundle ${name}`, async (connection) => {
    for (const [frequency, frames] of grouped) {
      const entry = frequencies[frequency];
      if (entry === undefined) continue;
      await writeBarsParquet(
        connection,
        dir,
        frequency,
        frames.map((frame) => ({ sid: sids.get(frame.symbol) ?? -1, frame })),
        entry.priceScale,
        entry.volumeScale,
      );
      notify(`bars/frequency=${frequency}`);
    }
    await writeAssetsParquet(connection, dir, assets);
    notify('assets.parquet');
    await writeAdjustmentsParquet(connection, dir, adjustments);
    notify('adjustments.parquet');
  });
  const files = [...fastFiles, ...hashParquetFiles(dir)].sort((a, b) => (a.path < b.path ? -1 : 1));
  return {
    format: 'rustybt-bundle',
    formatVersion: 2,
    name,
    version: '',
    createdAt: new Date().toISOString(),
    checksum: contentChecksum(frequencies, contentHashes, assets, adjustments),
    sizeBytes: files.reduce((sum, file) => sum + file.bytes, 0),
    frequencies,
    files,
    assets,
    adjustments: adjustments.map(({ sid: _sid, ...adjustment }) => adjustment),
  };
}

/** Assets of every symbol with bars or an asset entry, sids assigned in sorted symbol order. */
function assetRecords(contents: BundleContents): BundleAssetRecord[] {
  const described = new Map((contents.assets ?? []).map((asset) => [asset.symbol, asset]));
  const symbols = [
    ...new Set([...contents.frames.map((frame) => frame.symbol), ...described.keys()]),
  ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return symbols.map((symbol, sid) => {
    const frames = contents.frames.filter((frame) => frame.symbol === symbol);
    const starts = frames.filter((f) => f.timestamps.length > 0).map((f) => f.timestamps[0]);
    const ends = frames
      .filter((f) => f.timestamps.length > 0)
      .map((f) => f.timestamps[f.timestamps.length - 1]);
    const asset = described.get(symbol);
    return {
      sid,
      symbol,
      exchange: asset?.exchange ?? null,
      assetClass: asset?.assetClass ?? null,
      priceScale: frames[0]?.priceScale ?? 0,
      volumeScale: frames[0]?.volumeScale ?? 0,
      firstBar: starts.length > 0 ? Math.min(...starts) : null,
      lastBar: ends.length > 0 ? Math.max(...ends) : null,
    };
  });
}

/** SHA-256 of the content: frames (their column digests), assets, adjustments. */
function contentChecksum(
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

function hashParquetFiles(dir: string): ManifestFile[] {
  const files: ManifestFile[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.parquet')) {
        const bytes = readFileSync(path);
        files.push({
          path: relative(dir, path).split(sep).join('/'),
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

/** A version id for `time` not yet used in the bundle (later by a millisecond on a clash). */
function claimVersionId(bundleDir: string, time: Date): string {
  let ms = time.getTime();
  while (existsSync(join(bundleDir, versionIdAt(new Date(ms))))) ms += 1;
  return versionIdAt(new Date(ms));
}

/**
 * Removes `.incoming-<pid>-*` directories whose process is gone (crashed
 * ingests) and `.pruning-*` ones (versions a killed clean was deleting).
 */
export function sweepAbandonedIngests(bundleDir: string): number {
  let removed = 0;
  if (!existsSync(bundleDir)) return removed;
  for (const entry of readdirSync(bundleDir)) {
    if (entry.startsWith(PRUNING_PREFIX)) {
      // A version a clean had chosen and renamed away, then was killed while deleting it.
      rmSync(join(bundleDir, entry), { recursive: true, force: true });
      removed++;
      continue;
    }
    if (!entry.startsWith(INCOMING_PREFIX)) continue;
    const pid = Number(entry.slice(INCOMING_PREFIX.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    if (pid === process.pid) continue;
    const path = join(bundleDir, entry);
    if (statSync(path).isDirectory()) {
      rmSync(path, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

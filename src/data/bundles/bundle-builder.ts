import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBarFrame, FREQUENCIES, type BarFrame, type Frequency } from '../bar-frame.js';
import { DataError } from '../../errors/index.js';
import { crashPoint } from '../../faults/crash-point.js';
import { canonicalAdjustment, checkAdjustments } from './bundle-checks.js';
import { rustybtHome } from './bundle-home.js';
import { sweepAbandonedIngests } from './bundle-sweep.js';
import {
  bundleDirectory,
  checkBundleName,
  INCOMING_PREFIX,
  MANIFEST_FILE,
  versionIdAt,
} from './bundle-layout.js';
import {
  assetRecords,
  contentChecksum,
  hashParquetFiles,
  type StagedFrame,
} from './bundle-manifest.js';
import type {
  Adjustment,
  BundleAsset,
  BundleManifest,
  ManifestFile,
  ManifestFrame,
} from './bundle-types.js';
import { withDuckDB } from './duckdb-session.js';
import { StagedColumnReader, writeFastColumns } from './fast-columns.js';
import {
  barParquetEncoder,
  writeBarsParquetNative,
  yearsOfBars,
  type StagedBars,
} from './parquet-bars-native.js';
import {
  parquetTableEncoder,
  writeAdjustmentsParquetNative,
  writeAssetsParquetNative,
} from './parquet-tables-native.js';

/** Options of {@link BundleBuilder.open}. */
export interface BundleBuilderOptions {
  /** rustybt home directory; default {@link rustybtHome}(). */
  home?: string;
  /**
   * Called after each file of the new version is written (path relative to the
   * version). Throwing from it aborts the ingest, which is how tests inject a failure.
   */
  onFileWritten?: (path: string) => void;
  /**
   * On abort, also remove the bundle's directory when this version created it and it is
   * left empty (an ingest refused before anything of the bundle existed leaves nothing).
   */
  discardEmptyBundle?: boolean;
}

/** What {@link BundleBuilder.commit} adds to the frames. */
export interface BundleCommit {
  /** Venue and class per symbol; symbols listed here without frames get an asset row. */
  assets?: readonly BundleAsset[];
  adjustments?: readonly Adjustment[];
  /** Stored in the manifest as `provenance`, for `rustybt catalog rebuild`. */
  provenance?: Record<string, unknown>;
  /** Clock naming the version; default the current time. */
  now?: () => Date;
}

/** A version that the writer put in place. */
export interface WrittenBundle {
  name: string;
  version: string;
  /** Absolute path of the version directory. */
  path: string;
  manifest: BundleManifest;
}

/**
 * Writes a new bundle version frame by frame, so an ingest holds one symbol's
 * bars at a time: {@link addFrame} writes the frame's fast-load file at once and
 * keeps only its summary; {@link commit} writes the Parquet files from the
 * fast-load files (applying the common price and volume scales only then), the
 * assets, adjustments and manifest, and renames the temporary directory into
 * place. Until then everything lives in `bundles/<name>/.incoming-<pid>-<random>/`:
 * {@link abort} (or a crash, swept by the next ingest) leaves no version behind.
 */
export class BundleBuilder {
  readonly #name: string;
  readonly #bundleDir: string;
  readonly #incoming: string;
  readonly #notify: (path: string) => void;
  readonly #createdBundleDir: boolean;
  readonly #frames: StagedFrame[] = [];
  readonly #keys = new Set<string>();
  readonly #scales = new Map<string, string>();
  readonly #arrivals = new Map<Frequency, number>();
  readonly #reader = new StagedColumnReader();
  #closed = false;

  private constructor(
    name: string,
    home: string,
    notify: (path: string) => void,
    discardEmptyBundle: boolean,
  ) {
    this.#name = name;
    this.#bundleDir = bundleDirectory(home, name);
    this.#createdBundleDir = discardEmptyBundle && !existsSync(this.#bundleDir);
    mkdirSync(this.#bundleDir, { recursive: true });
    sweepAbandonedIngests(this.#bundleDir);
    this.#incoming = join(
      this.#bundleDir,
      `${INCOMING_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`,
    );
    mkdirSync(this.#incoming);
    this.#notify = notify;
  }

  /**
   * Starts a new version of bundle `name` in a temporary directory.
   *
   * @throws ConfigError when the bundle name is invalid.
   */
  static open(name: string, options: BundleBuilderOptions = {}): BundleBuilder {
    checkBundleName(name);
    return new BundleBuilder(
      name,
      options.home ?? rustybtHome(),
      options.onFileWritten ?? ((): void => undefined),
      options.discardEmptyBundle === true,
    );
  }

  /** Symbols and bar counts of the frames added so far, in the order they came. */
  get frames(): readonly { symbol: string; frequency: Frequency; rows: number }[] {
    return this.#frames;
  }

  /**
   * Checks `frame` and writes its fast-load file; the builder keeps no bars.
   *
   * @throws DataError when the frame is invalid, repeats a symbol and frequency, or its
   *   scales differ from the same symbol's at another frequency.
   */
  addFrame(frame: BarFrame, options: { checked?: boolean } = {}): void {
    this.#open();
    if (options.checked !== true) this.#check(frame);
    const frequency = frame.frequency;
    const arrival = this.#arrivals.get(frequency) ?? 0;
    if (arrival === 0) mkdirSync(join(this.#incoming, 'fast', frequency), { recursive: true });
    this.#arrivals.set(frequency, arrival + 1);
    // Named by arrival; renamed to `<sid>.cols` at commit, once every symbol is known.
    const file = `fast/${frequency}/${arrival}.cols`;
    const written = writeFastColumns(join(this.#incoming, file), frame);
    this.#notify(file);
    const n = frame.timestamps.length;
    const { years, starts } = yearsOfBars(frame.timestamps);
    this.#frames.push({
      symbol: frame.symbol,
      frequency,
      rows: n,
      priceScale: frame.priceScale,
      volumeScale: frame.volumeScale,
      firstBar: n > 0 ? frame.timestamps[0] : null,
      lastBar: n > 0 ? frame.timestamps[n - 1] : null,
      years,
      yearStarts: starts,
      file,
      sha256: written.sha256,
      crc32: written.crc32,
      bytes: written.bytes,
      widths: written.widths,
      contentSha256: written.contentSha256,
    });
  }

  /**
   * Writes the Parquet files and the manifest and puts the version in place. Named
   * crash points: `bundle.files-written`, `bundle.manifest-written`, `bundle.renamed`.
   * On failure the temporary directory is removed.
   *
   * @throws DataError when an adjustment is invalid or a value does not fit the common scale.
   */
  async commit(extra: BundleCommit = {}): Promise<WrittenBundle> {
    this.#open();
    try {
      const written = await this.#writeVersionFiles(extra);
      const manifest =
        extra.provenance === undefined ? written : { ...written, provenance: extra.provenance };
      crashPoint('bundle.files-written');
      const time = (extra.now ?? ((): Date => new Date()))();
      for (;;) {
        const version = claimVersionId(this.#bundleDir, time);
        const complete: BundleManifest = { ...manifest, version };
        writeFileSync(
          join(this.#incoming, MANIFEST_FILE),
          `${JSON.stringify(complete, null, 2)}\n`,
        );
        this.#notify(MANIFEST_FILE);
        crashPoint('bundle.manifest-written');
        const path = join(this.#bundleDir, version);
        try {
          renameSync(this.#incoming, path);
        } catch (error) {
          // Another ingest took the same id between our check and the rename.
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOTEMPTY' || code === 'EEXIST') continue;
          throw error;
        }
        this.#closed = true;
        crashPoint('bundle.renamed');
        return { name: this.#name, version, path, manifest: complete };
      }
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Removes the temporary directory (and, with `discardEmptyBundle`, the bundle's empty directory). */
  abort(): void {
    if (this.#closed) return;
    this.#closed = true;
    rmSync(this.#incoming, { recursive: true, force: true });
    if (this.#createdBundleDir && readdirSync(this.#bundleDir).length === 0) {
      rmSync(this.#bundleDir, { recursive: true, force: true });
    }
  }

  #open(): void {
    if (this.#closed) throw new Error(`bundle ${this.#name}: this version is already closed`);
  }

  #check(frame: BarFrame): void {
    if (!FREQUENCIES.includes(frame.frequency)) {
      throw new DataError(
        `${frame.symbol}: frequency ${String(frame.frequency)} is not one of ${FREQUENCIES.join(', ')}.`,
      );
    }
    checkBarFrame(frame);
    const key = `${frame.symbol}\u0000${frame.frequency}`;
    if (this.#keys.has(key)) {
      throw new DataError(
        `${frame.symbol} ${frame.frequency}: two frames for the same symbol and frequency; merge them before writing.`,
      );
    }
    this.#keys.add(key);
    const scale = `${frame.priceScale}/${frame.volumeScale}`;
    const previous = this.#scales.get(frame.symbol);
    if (previous !== undefined && previous !== scale) {
      throw new DataError(
        `${frame.symbol}: price/volume scales differ between frequencies (${previous} vs ${scale}); use one scale per symbol in a bundle.`,
      );
    }
    this.#scales.set(frame.symbol, scale);
  }

  async #writeVersionFiles(extra: BundleCommit): Promise<BundleManifest> {
    const dir = this.#incoming;
    const described = extra.assets ?? [];
    checkAdjustments(extra.adjustments ?? [], [
      ...this.#frames.map((frame) => frame.symbol),
      ...described.map((asset) => asset.symbol),
    ]);
    const assets = assetRecords(this.#frames, described);
    const sids = new Map(assets.map((asset) => [asset.symbol, asset.sid]));
    this.#moveToSids(sids);
    const frequencies: BundleManifest['frequencies'] = {};
    const contentHashes = new Map<ManifestFrame, string>();
    const grouped = new Map<Frequency, StagedFrame[]>();
    for (const frequency of FREQUENCIES) {
      const group = this.#frames
        .filter((frame) => frame.frequency === frequency)
        .sort((a, b) => (sids.get(a.symbol) ?? -1) - (sids.get(b.symbol) ?? -1));
      if (group.length === 0) continue;
      grouped.set(frequency, group);
      const entries = group.map((frame): ManifestFrame => {
        const entry: ManifestFrame = {
          sid: sids.get(frame.symbol) ?? -1,
          symbol: frame.symbol,
          rows: frame.rows,
          priceScale: frame.priceScale,
          volumeScale: frame.volumeScale,
          firstBar: frame.firstBar,
          lastBar: frame.lastBar,
          file: frame.file,
          sha256: frame.sha256,
          crc32: frame.crc32,
          widths: frame.widths,
        };
        contentHashes.set(entry, frame.contentSha256);
        return entry;
      });
      frequencies[frequency] = {
        priceScale: Math.max(...group.map((frame) => frame.priceScale)),
        volumeScale: Math.max(...group.map((frame) => frame.volumeScale)),
        frames: entries,
      };
    }
    const adjustments = (extra.adjustments ?? [])
      .map((adjustment) => ({
        ...canonicalAdjustment(adjustment),
        sid: sids.get(adjustment.symbol) ?? -1,
      }))
      .sort((a, b) => a.sid - b.sid || a.exDate - b.exDate || a.kind.localeCompare(b.kind));
    const barFiles = await this.#writeBars(grouped, frequencies, sids);
    const encodeTable = parquetTableEncoder();
    if (encodeTable !== undefined) {
      writeAssetsParquetNative(encodeTable, dir, assets);
      this.#notify('assets.parquet');
      writeAdjustmentsParquetNative(encodeTable, dir, adjustments);
      this.#notify('adjustments.parquet');
    } else {
      const { writeAdjustmentsParquet, writeAssetsParquet } = await import('./parquet-writer.js');
      await withDuckDB(`Writing bundle ${this.#name}`, async (connection) => {
        await writeAssetsParquet(connection, dir, assets);
        this.#notify('assets.parquet');
        await writeAdjustmentsParquet(connection, dir, adjustments);
        this.#notify('adjustments.parquet');
      });
    }
    const fastFiles: ManifestFile[] = this.#frames.map((frame) => ({
      path: frame.file,
      bytes: frame.bytes,
      sha256: frame.sha256,
      crc32: frame.crc32,
    }));
    const known = new Map(barFiles.map((file) => [file.path, file]));
    const files = [...fastFiles, ...hashParquetFiles(dir, known)].sort((a, b) =>
      a.path < b.path ? -1 : 1,
    );
    return {
      format: 'rustybt-bundle',
      formatVersion: 2,
      name: this.#name,
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

  /** Bars of every frequency as Parquet: the Rust encoder when loaded, else DuckDB. */
  async #writeBars(
    grouped: ReadonlyMap<Frequency, StagedFrame[]>,
    frequencies: BundleManifest['frequencies'],
    sids: ReadonlyMap<string, number>,
  ): Promise<ManifestFile[]> {
    const staged = (frames: readonly StagedFrame[]): StagedBars[] =>
      frames.map((frame) => ({
        sid: sids.get(frame.symbol) ?? -1,
        years: frame.years,
        yearStarts: frame.yearStarts,
        rows: frame.rows,
        priceScale: frame.priceScale,
        volumeScale: frame.volumeScale,
        path: join(this.#incoming, frame.file),
        widths: frame.widths,
        load: () => this.#load(frame),
      }));
    const Encoder = barParquetEncoder();
    if (Encoder !== undefined) {
      const files: ManifestFile[] = [];
      for (const [frequency, frames] of grouped) {
        const entry = frequencies[frequency];
        if (entry === undefined) continue;
        files.push(
          ...writeBarsParquetNative(
            Encoder,
            this.#incoming,
            frequency,
            staged(frames),
            entry.priceScale,
            entry.volumeScale,
            this.#notify,
          ),
        );
      }
      return files;
    }
    const { writeBarsParquet } = await import('./parquet-writer.js');
    await withDuckDB(`Writing bundle ${this.#name}`, async (connection) => {
      for (const [frequency, frames] of grouped) {
        const entry = frequencies[frequency];
        if (entry === undefined) continue;
        await writeBarsParquet(
          connection,
          this.#incoming,
          frequency,
          staged(frames),
          entry.priceScale,
          entry.volumeScale,
        );
        this.#notify(`bars/frequency=${frequency}`);
      }
    });
    return [];
  }

  /** A staged frame's bars, read back from its fast-load file (valid until the next load). */
  #load(frame: StagedFrame): BarFrame {
    const columns = this.#reader.read(join(this.#incoming, frame.file), frame.rows, frame.widths);
    return {
      symbol: frame.symbol,
      frequency: frame.frequency,
      priceScale: frame.priceScale,
      volumeScale: frame.volumeScale,
      ...columns,
    };
  }

  /** Renames each fast-load file from its arrival name to `<sid>.cols` (through a temporary name). */
  #moveToSids(sids: ReadonlyMap<string, number>): void {
    const moves = this.#frames
      .map((frame) => ({
        frame,
        to: `fast/${frame.frequency}/${sids.get(frame.symbol) ?? -1}.cols`,
      }))
      .filter((move) => move.frame.file !== move.to);
    for (const { frame } of moves) {
      renameSync(join(this.#incoming, frame.file), join(this.#incoming, `${frame.file}.moving`));
    }
    for (const move of moves) {
      renameSync(join(this.#incoming, `${move.frame.file}.moving`), join(this.#incoming, move.to));
      move.frame.file = move.to;
    }
  }
}

/** A version id for `time` not yet used in the bundle (later by a millisecond on a clash). */
function claimVersionId(bundleDir: string, time: Date): string {
  let ms = time.getTime();
  while (existsSync(join(bundleDir, versionIdAt(new Date(ms))))) ms += 1;
  return versionIdAt(new Date(ms));
}

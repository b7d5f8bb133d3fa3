import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { kernels } from '../../native/backend.js';
import { DataError } from '../../errors/index.js';
import type { BarFrame, Frequency } from '../bar-frame.js';
import type { ManifestFile } from './bundle-types.js';
import type { FastWidth } from './fast-columns.js';

/** The Rust encoder of bar Parquet files (`rust/crates/rustybt-node/src/parquet.rs`). */
interface BarParquetEncoder {
  addBars(
    sid: number,
    timestamps: Float64Array,
    open: Float64Array,
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    volume: Float64Array,
    priceFactor: number,
    volumeFactor: number,
  ): { column: number; row: number } | null;
  /** As `addBars` for rows `first..end` of a fast-load file, read a page at a time. */
  addFastBars(
    sid: number,
    path: string,
    rows: number,
    widths: readonly FastWidth[],
    first: number,
    end: number,
    priceFactor: number,
    volumeFactor: number,
  ): { column: number; row: number } | null;
  takeOutput(): Buffer;
  /** The first pending bytes copied into `target` (as many as fit); their number, 0 when none. */
  takeOutputInto(target: Buffer): number;
  finish(): Buffer;
}

/** Bytes of the buffer the encoders' output is drained through (fixed, whatever the frames). */
const DRAIN_BYTES = 256 * 1024;

type EncoderClass = (new (priceScale: number, volumeScale: number) => BarParquetEncoder) & {
  /** Rows of a data page: rows handed over in pieces starting at its multiples make the same file. */
  pageRows(): number;
};

let useDuckDB = false;

/**
 * Tests: write every Parquet file through DuckDB (the TypeScript backend's writer)
 * even when the Rust encoder is loaded (`true`), or as the backend says (`false`).
 */
export function writeParquetWithDuckDB(choice: boolean): void {
  useDuckDB = choice;
}

/** Whether {@link writeParquetWithDuckDB} chose DuckDB. */
export function parquetWriterIsDuckDB(): boolean {
  return useDuckDB;
}

/** The Rust encoder when the active backend is the addon and has it; else undefined. */
export function barParquetEncoder(): EncoderClass | undefined {
  if (useDuckDB) return undefined;
  const active = kernels() as { BarParquetEncoder?: EncoderClass };
  return typeof active.BarParquetEncoder === 'function' ? active.BarParquetEncoder : undefined;
}

/** A frame to store under `sid`, loaded when its turn comes (its columns valid until the next load). */
export interface StagedBars {
  sid: number;
  /** UTC years holding at least one of its bars, ascending. */
  years: readonly number[];
  /** The row where each of `years` begins; the next year's (or `rows`) ends it. */
  yearStarts: readonly number[];
  rows: number;
  priceScale: number;
  volumeScale: number;
  /** Its fast-load file (absolute path) and its columns' widths, read in place by the Rust encoder. */
  path: string;
  widths: readonly FastWidth[];
  load(): BarFrame;
}

interface YearFile {
  path: string;
  name: string;
  fd: number;
  encoder: BarParquetEncoder;
  sha256: Hash;
  crc32: number;
  bytes: number;
}

/**
 * Writes one frequency's bars to `bars/frequency=<f>/year=<y>/data_0.parquet` with the
 * Rust encoder, which reads each frame's year slices from its fast-load file a page at a
 * time (frames in sid order): the memory used does not grow with the frames. Prices are
 * rescaled to DECIMAL(18, priceScale) here, as the year files are written: frames are
 * staged at their own scales. Returns the files with their size, SHA-256 and CRC-32,
 * computed from the bytes as they are written.
 *
 * @throws DataError when a rescaled value leaves ±2^53 (the message names the symbol), or
 *   a fast-load file cannot be read back (the message names it).
 */
export function writeBarsParquetNative(
  Encoder: EncoderClass,
  versionDir: string,
  frequency: Frequency,
  frames: readonly StagedBars[],
  priceScale: number,
  volumeScale: number,
  notify: (path: string) => void,
): ManifestFile[] {
  const files = new Map<number, YearFile>();
  const crc = kernels();
  // One buffer for every frame's output: a fresh one per frame would be freed only by a
  // collection, which V8 lets wait for tens of MB of such external memory.
  const through = Buffer.allocUnsafeSlow(DRAIN_BYTES);
  const step = Encoder.pageRows();
  const drain = (file: YearFile, bytes: Buffer): void => {
    let offset = 0;
    while (offset < bytes.byteLength) {
      offset += writeSync(file.fd, bytes, offset, bytes.byteLength - offset);
    }
    file.sha256.update(bytes);
    file.crc32 = crc.crc32Update(bytes, file.crc32);
    file.bytes += bytes.byteLength;
  };
  const open = (year: number): YearFile => {
    const existing = files.get(year);
    if (existing !== undefined) return existing;
    const name = `bars/frequency=${frequency}/year=${year}/data_0.parquet`;
    const path = join(versionDir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    const file: YearFile = {
      path,
      name,
      fd: openSync(path, 'wx'),
      encoder: new Encoder(priceScale, volumeScale),
      sha256: createHash('sha256'),
      crc32: 0,
      bytes: 0,
    };
    files.set(year, file);
    return file;
  };
  try {
    for (const staged of frames) {
      // Each year's rows go straight from the fast-load file to the encoder, a page at a
      // time: the frame is loaded only to name a value that does not fit.
      const priceFactor = 10 ** (priceScale - staged.priceScale);
      const volumeFactor = 10 ** (volumeScale - staged.volumeScale);
      staged.years.forEach((year, i) => {
        const first = staged.yearStarts[i];
        const end = i + 1 < staged.years.length ? staged.yearStarts[i + 1] : staged.rows;
        const file = open(year);
        // A page at a time, drained in between: the output pending at once is at most a
        // row group, however many rows the year holds.
        for (let at = first; at < end; at += step) {
          let fault: { column: number; row: number } | null;
          try {
            fault = file.encoder.addFastBars(
              staged.sid,
              staged.path,
              staged.rows,
              staged.widths,
              at,
              Math.min(end, at + step),
              priceFactor,
              volumeFactor,
            );
          } catch (error) {
            // The addon's I/O failures; a wrong argument is a bug and stays as it is.
            if ((error as { code?: unknown }).code !== 'GenericFailure') throw error;
            throw unreadable(staged.path, error);
          }
          if (fault !== null) {
            throw outOfRange(staged.load(), fault.column, fault.row, priceScale, volumeScale);
          }
          for (let n = file.encoder.takeOutputInto(through); n > 0;) {
            drain(file, through.subarray(0, n));
            n = file.encoder.takeOutputInto(through);
          }
        }
      });
    }
    const written: ManifestFile[] = [];
    for (const year of [...files.keys()].sort((a, b) => a - b)) {
      const file = files.get(year) as YearFile;
      drain(file, file.encoder.finish());
      closeSync(file.fd);
      file.fd = -1;
      written.push({
        path: file.name,
        bytes: file.bytes,
        sha256: file.sha256.digest('hex'),
        crc32: file.crc32,
      });
      notify(file.name);
    }
    return written;
  } finally {
    for (const file of files.values()) if (file.fd >= 0) closeSync(file.fd);
  }
}

/** The same refusal as the DuckDB writer's, for a value that does not fit at the common scale. */
export function outOfRange(
  frame: BarFrame,
  column: number,
  row: number,
  priceScale: number,
  volumeScale: number,
): DataError {
  const columns = [frame.timestamps, frame.open, frame.high, frame.low, frame.close, frame.volume];
  const value = columns[column][row];
  if (column === 0) {
    return new DataError(`${frame.symbol} ${frame.frequency}: timestamp ${value} is out of range.`);
  }
  const volume = column === 5;
  return new DataError(
    `${frame.symbol} ${frame.frequency}: value ${value} at scale ${volume ? frame.volumeScale : frame.priceScale} does not fit ±2^53 at the bundle's common scale ${volume ? volumeScale : priceScale}; store this symbol in a separate bundle or lower its scale.`,
  );
}

/** The refusal of a fast-load file this ingest wrote that cannot be read back. */
function unreadable(path: string, error: unknown): DataError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DataError(
    `Cannot read back ${path}, a fast-load file this ingest wrote moments ago (${reason}): was the ingest's temporary directory changed or removed, or the disk full? Nothing was stored; run the ingest again.`,
    { cause: error },
  );
}

/** First index whose timestamp is >= `time` (timestamps ascend). */
export function lowerBound(timestamps: Float64Array, time: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** UTC years holding at least one bar, ascending, and the row where each begins. */
export function yearsOfBars(timestamps: Float64Array): { years: number[]; starts: number[] } {
  const years: number[] = [];
  const starts: number[] = [];
  let i = 0;
  while (i < timestamps.length) {
    const year = new Date(timestamps[i]).getUTCFullYear();
    years.push(year);
    starts.push(i);
    i = lowerBound(timestamps, Date.UTC(year + 1, 0, 1));
  }
  return { years, starts };
}

import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { kernels } from '../../native/backend.js';
import type { BarFrame } from '../bar-frame.js';
import { DataError } from '../../errors/index.js';

/**
 * The fast-load form of one frame: its six columns (timestamps, open, high,
 * low, close, volume) as raw little-endian numbers, one after the other, no
 * header, each as float64 or, when every value of the column is an integer
 * that fits, int32 (half the bytes; prices and volumes are integer units).
 * The manifest holds the row count, scales, widths, CRC-32 and SHA-256. It is derived
 * from the same frames as the Parquet files and read straight into typed arrays.
 */
export const FAST_COLUMNS = ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const;

/** How one column is stored in a fast-load file. */
export type FastWidth = 'f64' | 'i32';

/** Widths of files written before narrow columns (format version 1): all float64. */
export const ALL_F64: readonly FastWidth[] = FAST_COLUMNS.map(() => 'f64');

/** True when this machine stores numbers little-endian, so fast files map directly. */
export const FAST_FORM_NATIVE = endianness() === 'LE';

const BYTES: Record<FastWidth, number> = { f64: 8, i32: 4 };

/** Bytes read (and checksummed) at a time: small enough to stay in the CPU cache. */
const READ_CHUNK = 256 * 1024;

/** The narrowest width that holds every value of `values` exactly. */
function widthOf(values: Float64Array): FastWidth {
  for (let i = 0; i < values.length; i++) {
    // `| 0` keeps exactly the integers within int32 (as `Number.isInteger` and the range did).
    const value = values[i];
    if ((value | 0) !== value) return 'f64';
  }
  return 'i32';
}

let narrowScratch = new Int32Array(0);

/** `values` as int32 in a buffer reused from call to call (the values are known to fit). */
function narrowed(values: Float64Array): Int32Array {
  if (narrowScratch.length < values.length) narrowScratch = new Int32Array(values.length);
  const view = narrowScratch.subarray(0, values.length);
  view.set(values);
  return view;
}

/**
 * Writes a frame's columns to `path`, each at the narrowest width that holds
 * it (timestamps stay float64); returns the file's SHA-256 (hex), CRC-32, size
 * and widths, and the SHA-256 of the columns as float64 (for the content checksum).
 */
export function writeFastColumns(
  path: string,
  frame: BarFrame,
): {
  sha256: string;
  crc32: number;
  bytes: number;
  widths: FastWidth[];
  contentSha256: string;
} {
  const hash = createHash('sha256');
  const kernel = kernels();
  let crc = 0;
  // The columns as float64, whatever their width in the file: the bundle's content checksum
  // stays the same for the same bars (and equal to format version 1's file digests).
  const content = createHash('sha256');
  const fd = openSync(path, 'wx');
  let bytes = 0;
  const widths = FAST_COLUMNS.map((column) =>
    column === 'timestamps' ? 'f64' : widthOf(frame[column]),
  );
  try {
    FAST_COLUMNS.forEach((column, k) => {
      const wide = frame[column];
      const wideBytes = Buffer.from(wide.buffer, wide.byteOffset, wide.byteLength);
      content.update(FAST_FORM_NATIVE ? wideBytes : Buffer.from(wideBytes).swap64());
      const values = widths[k] === 'f64' ? wide : narrowed(wide);
      const view = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
      // Big-endian hosts write a swapped copy, never touching the caller's frame.
      const buffer = FAST_FORM_NATIVE
        ? view
        : widths[k] === 'f64'
          ? Buffer.from(view).swap64()
          : Buffer.from(view).swap32();
      writeAll(fd, buffer);
      hash.update(buffer);
      crc = kernel.crc32Update(buffer, crc);
      bytes += buffer.byteLength;
    });
  } finally {
    closeSync(fd);
  }
  return {
    sha256: hash.digest('hex'),
    crc32: crc,
    bytes,
    widths,
    contentSha256: content.digest('hex'),
  };
}

/** What a read checks a file's bytes against: its CRC-32 (fast) and/or its SHA-256. */
export interface FileCheck {
  crc32?: number;
  sha256?: string;
}

/**
 * Reads a fast file of `rows` bars, its columns stored at `widths`, into one
 * float64 allocation and returns the six column views, after checking the
 * bytes read against `check` (the CRC-32 runs over each chunk as it is read).
 *
 * @throws DataError when the file has the wrong size or fails its checksum.
 */
export function readFastColumns(
  path: string,
  rows: number,
  check: FileCheck = {},
  widths: readonly FastWidth[] = ALL_F64,
): Record<(typeof FAST_COLUMNS)[number], Float64Array> {
  const wide = widths.every((width) => width === 'f64');
  const size = widths.reduce((sum, width) => sum + rows * BYTES[width], 0);
  // Unpooled and not zero-filled: every byte is overwritten below.
  const raw = Buffer.allocUnsafeSlow(rows * FAST_COLUMNS.length * Float64Array.BYTES_PER_ELEMENT);
  const storage = new Float64Array(raw.buffer, raw.byteOffset, rows * FAST_COLUMNS.length);
  const target = wide ? raw : Buffer.allocUnsafeSlow(size);
  const fd = openSync(path, 'r');
  // The CRC runs over each chunk right after it is read, while it is still in the CPU cache,
  // in the Rust core when it is loaded (several times zlib's speed; the same value).
  const kernel = kernels();
  let crc = 0;
  try {
    let offset = 0;
    while (offset < target.byteLength) {
      const length = Math.min(READ_CHUNK, target.byteLength - offset);
      const read = readSync(fd, target, offset, length, offset);
      if (read === 0) break;
      if (check.crc32 !== undefined)
        crc = kernel.crc32Update(target.subarray(offset, offset + read), crc);
      offset += read;
    }
    if (offset !== target.byteLength || readSync(fd, Buffer.alloc(1), 0, 1, offset) !== 0) {
      throw new DataError(
        `Fast-load file ${path} has the wrong size for ${rows} bars; the bundle is damaged: re-ingest it.`,
      );
    }
  } finally {
    closeSync(fd);
  }
  if (check.crc32 !== undefined && crc !== check.crc32) {
    throw checksumError(path, `CRC-32 recorded ${check.crc32}, read ${crc}`);
  }
  checkBytes(path, target, { sha256: check.sha256 });
  if (wide) {
    if (!FAST_FORM_NATIVE) target.swap64();
  } else {
    let at = 0;
    widths.forEach((width, k) => {
      const bytes = rows * BYTES[width];
      const column = Buffer.from(target.subarray(at, at + bytes));
      if (!FAST_FORM_NATIVE) {
        if (width === 'f64') column.swap64();
        else column.swap32();
      }
      const values =
        width === 'f64'
          ? new Float64Array(column.buffer, column.byteOffset, rows)
          : new Int32Array(column.buffer, column.byteOffset, rows);
      storage.set(values, k * rows);
      at += bytes;
    });
  }
  const view = (k: number): Float64Array => storage.subarray(k * rows, (k + 1) * rows);
  return {
    timestamps: view(0),
    open: view(1),
    high: view(2),
    low: view(3),
    close: view(4),
    volume: view(5),
  };
}

/**
 * Checks bytes read from `path` against the checksums recorded at write time.
 *
 * @throws DataError naming the file, what differs and how to repair.
 */
export function checkBytes(path: string, bytes: Uint8Array, check: FileCheck): void {
  let problem: string | undefined;
  if (check.crc32 !== undefined) {
    const actual = kernels().crc32Update(bytes, 0);
    if (actual !== check.crc32) problem = `CRC-32 recorded ${check.crc32}, read ${actual}`;
  }
  if (problem === undefined && check.sha256 !== undefined) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== check.sha256) problem = `SHA-256 recorded ${check.sha256}, read ${actual}`;
  }
  if (problem !== undefined) throw checksumError(path, problem);
}

function checksumError(path: string, problem: string): DataError {
  return new DataError(
    `Bundle file ${path} fails its checksum (${problem}): the bundle version is damaged. ` +
      'See every damaged file with rustybt catalog validate; repair by ingesting the bundle again (rustybt ingest ... --bundle <name>) or run an earlier version (--bundle NAME@VERSION).',
  );
}

function writeAll(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.byteLength) {
    offset += writeSync(fd, buffer, offset, buffer.byteLength - offset);
  }
}

/**
 * Reads fast-load files back into one float64 allocation reused from read to read: the
 * columns it returns are valid until the next {@link StagedColumnReader.read}. For the
 * bundle writer, which reads each file it has just written once and hands the columns
 * on at once; no checksum is checked (the bytes were written by this process).
 */
export class StagedColumnReader {
  #bytes = Buffer.alloc(0);
  #storage = new Float64Array(0);

  /**
   * The six columns of the `rows` bars in `path`, stored at `widths`.
   *
   * @throws DataError when the file has the wrong size.
   */
  read(
    path: string,
    rows: number,
    widths: readonly FastWidth[],
  ): Record<(typeof FAST_COLUMNS)[number], Float64Array> {
    const size = widths.reduce((sum, width) => sum + rows * BYTES[width], 0);
    // Grown with an eighth to spare: a file a few bars longer than the last (or with a
    // wider column) reuses the memory instead of leaving the old one to the collector.
    if (this.#bytes.byteLength < size) this.#bytes = Buffer.allocUnsafeSlow(size + (size >> 3));
    const values = rows * FAST_COLUMNS.length;
    if (this.#storage.length < values) this.#storage = new Float64Array(values + (values >> 3));
    const fd = openSync(path, 'r');
    let offset = 0;
    try {
      while (offset < size) {
        const read = readSync(fd, this.#bytes, offset, size - offset, offset);
        if (read === 0) break;
        offset += read;
      }
    } finally {
      closeSync(fd);
    }
    if (offset !== size) {
      throw new DataError(`Fast-load file ${path} has the wrong size for ${rows} bars.`);
    }
    const storage = this.#storage;
    const wide = Buffer.from(storage.buffer, storage.byteOffset, storage.byteLength);
    let at = 0;
    widths.forEach((width, k) => {
      const bytes = this.#bytes.subarray(at, at + rows * BYTES[width]);
      if (!FAST_FORM_NATIVE) {
        if (width === 'f64')
          Buffer.from(bytes)
            .swap64()
            .copy(wide, k * rows * 8);
        else storage.set(new Int32Array(Buffer.from(bytes).swap32().buffer, 0, rows), k * rows);
      } else if (width === 'f64') bytes.copy(wide, k * rows * 8);
      else storage.set(new Int32Array(bytes.buffer, bytes.byteOffset, rows), k * rows);
      at += bytes.byteLength;
    });
    const view = (k: number): Float64Array => storage.subarray(k * rows, (k + 1) * rows);
    return {
      timestamps: view(0),
      open: view(1),
      high: view(2),
      low: view(3),
      close: view(4),
      volume: view(5),
    };
  }
}

import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import type { BarFrame } from '../bar-frame.js';
import { DataError } from '../../errors/index.js';

/**
 * The fast-load form of one frame: its six columns (timestamps, open, high,
 * low, close, volume) as raw little-endian float64, one after the other, no
 * header. The manifest holds the row count, scales and SHA-256. It is derived
 * from the same frames as the Parquet files and read straight into typed arrays.
 */
export const FAST_COLUMNS = ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Bytes read (and checksummed) at a time: small enough to stay in the CPU cache. */
const READ_CHUNK = 256 * 1024;

/** True when this machine stores float64 little-endian, so fast files map directly. */
export const FAST_FORM_NATIVE = endianness() === 'LE';

/** Writes a frame's columns to `path`; returns the file's SHA-256 (hex), CRC-32 and size. */
export function writeFastColumns(
  path: string,
  frame: BarFrame,
): { sha256: string; crc32: number; bytes: number } {
  const hash = createHash('sha256');
  let crc = 0;
  const fd = openSync(path, 'wx');
  let bytes = 0;
  try {
    for (const column of FAST_COLUMNS) {
      const values = frame[column];
      const view = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
      // Big-endian hosts write a swapped copy, never touching the caller's frame.
      const buffer = FAST_FORM_NATIVE ? view : Buffer.from(view).swap64();
      writeAll(fd, buffer);
      hash.update(buffer);
      crc = crc32(buffer, crc);
      bytes += buffer.byteLength;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), crc32: crc, bytes };
}

/** What a read checks a file's bytes against: its CRC-32 (fast) and/or its SHA-256. */
export interface FileCheck {
  crc32?: number;
  sha256?: string;
}

/**
 * Reads a fast file of `rows` bars into one allocation and returns the six
 * column views, after checking the bytes read against `check` (a CRC-32 over
 * the buffer costs about a tenth of reading it; a SHA-256 more).
 *
 * @throws DataError when the file is short or fails its checksum.
 */
export function readFastColumns(
  path: string,
  rows: number,
  check: FileCheck = {},
): Record<(typeof FAST_COLUMNS)[number], Float64Array> {
  // Unpooled and not zero-filled: every byte is overwritten by the read below.
  const target = Buffer.allocUnsafeSlow(
    rows * FAST_COLUMNS.length * Float64Array.BYTES_PER_ELEMENT,
  );
  const storage = new Float64Array(target.buffer, target.byteOffset, rows * FAST_COLUMNS.length);
  const fd = openSync(path, 'r');
  // The CRC runs over each chunk right after it is read, while it is still in the CPU cache.
  let crc = 0;
  try {
    let offset = 0;
    while (offset < target.byteLength) {
      const length = Math.min(READ_CHUNK, target.byteLength - offset);
      const read = readSync(fd, target, offset, length, offset);
      if (read === 0) break;
      if (check.crc32 !== undefined) crc = crc32(target.subarray(offset, offset + read), crc);
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
  if (!FAST_FORM_NATIVE) target.swap64();
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
    const actual = crc32(bytes);
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

import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

import { kernels } from '../../native/backend.js';
import type { CsvReading } from './csv-row-reader.js';

/** How the Rust reader reads a file (`rust/crates/rustybt-node/src/csv.rs`). */
export interface CsvFilePlan {
  /** Char code of the one-byte ASCII delimiter. */
  delimiter: number;
  width: number;
  date: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** -1 when the file has no volume column. */
  volume: number;
  /** -1: detected from the first rows, as the TypeScript reader does. */
  priceScale: number;
  /** -1: detected from the first rows. */
  volumeScale: number;
  daily: boolean;
  utc: boolean;
  /** First and last bar start kept (UTC ms) when no row is handed back. */
  start: number;
  end: number;
}

/** A file's bars as the Rust reader returns them, in one crossing. */
export interface CsvFileBars {
  /** False when the file (after a byte-order mark) is not ASCII: nothing else was read. */
  ascii: boolean;
  /** Whether the file has more rows than the scale sample. */
  sampled: boolean;
  priceScale: number;
  volumeScale: number;
  at: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /**
   * Line of the file each bar came from (the header is line 1); empty when `firstLine` says
   * the lines follow one another.
   */
  line: Float64Array;
  /** Rows for the TypeScript reader: `(line, start, end)` offsets into `otherText`. */
  other: Uint32Array;
  otherText: Buffer;
  /** Whether only bars in the plan's range were kept (done when no row is handed back). */
  inRange: boolean;
  /** With `inRange`: whether the bars need no dropping or sorting (the validation's clean check). */
  clean: boolean;
  /** With `clean`: indices of the outlier closes at the default threshold. */
  outliers: Uint32Array;
  /**
   * The six columns `at` to `volume` went into the scratch passed to `readCsvFile`, each
   * `scratch.length / 6` long, and their arrays above are empty (older addons: undefined).
   */
  inScratch?: boolean;
  /**
   * With `inScratch`: the line of the first bar when the bars came from lines that follow one
   * another (bar `i` from line `firstLine + i`; `line` is then empty), else undefined.
   */
  firstLine?: number;
  /** Number of bars, in the arrays or in the scratch (older addons: undefined). */
  rows?: number;
}

/** The Rust CSV reader, reading and parsing one file on the thread pool per call. */
export interface CsvFileKernel {
  /**
   * Reads and parses the file at `path`; with `scratch` (six columns laid end to end), the
   * bars are read straight into it, piece by piece, when they fit (then they exist once: the
   * reader's own columns hold a piece's rows). The scratch is the reader's until it settles.
   */
  readCsvFile(path: string, plan: CsvFilePlan, scratch?: Float64Array): Promise<CsvFileBars>;
  /**
   * Frees the buffers the reader keeps for its next reads (not those of reads in flight);
   * returns how many sets it kept. Older addons lack it.
   */
  releaseCsvReadBuffers?(): number;
  /**
   * Frees a scratch's memory now: detaches `buffer`, so every view over it has length 0,
   * instead of leaving it to the collector. Never for a scratch a read holds. Older addons
   * lack it.
   */
  releaseCsvScratch?(buffer: ArrayBuffer): void;
}

/** Columns of a file in a scratch: `at`, `open`, `high`, `low`, `close`, `volume`. */
const SCRATCH_COLUMNS = 6;

/**
 * Scratch memory for the Rust reader's columns when each file's bars are handed on and
 * dropped before the next (a streaming ingest): the same array serves file after file,
 * so the memory stays that of the files in flight. A scratch it no longer needs (outgrown,
 * or at the end with {@link release}) is freed at once through `free` when given one (the
 * addon's `releaseCsvScratch`), not when the collector finds it: V8 lets such memory wait.
 */
export class CsvScratch {
  readonly #free: Float64Array[] = [];
  readonly #release: ((buffer: ArrayBuffer) => void) | undefined;
  /** Most bars a file held so far: a new scratch has at least this room. */
  #largest = 0;

  /** @param free - frees a scratch's memory now (its arrays then have length 0) */
  constructor(free?: (buffer: ArrayBuffer) => void) {
    this.#release = free;
  }

  /** A scratch with room for `rows` bars per column (or more). */
  take(rows: number): Float64Array {
    const room = Math.max(rows, this.#largest);
    const fits = this.#free.findIndex((scratch) => scratch.length >= room * SCRATCH_COLUMNS);
    if (fits >= 0) return this.#free.splice(fits, 1)[0];
    // Too small for what files hold now: freed, and one with room allocated. The room has
    // an eighth to spare: files a few rows longer than the last (or a head's estimate a
    // little over) still fit.
    const outgrown = this.#free.pop();
    if (outgrown !== undefined) this.#release?.(outgrown.buffer as ArrayBuffer);
    return new Float64Array((room + (room >> 3)) * SCRATCH_COLUMNS);
  }

  /** Gives `scratch` back once nothing reads its columns any more; `rows` were the file's bars. */
  give(scratch: Float64Array, rows: number): void {
    this.#largest = Math.max(this.#largest, rows);
    this.#free.push(scratch);
  }

  /**
   * Frees the scratches given back (a scratch still lent to a read is left to the
   * collector, as the read may be writing into it): their arrays, and every frame over
   * them, become empty. Once a batch is read, its last file's bars need not outlive it.
   */
  release(): void {
    for (const scratch of this.#free.splice(0)) this.#release?.(scratch.buffer as ArrayBuffer);
  }
}

/** The columns of `bars` that {@link CsvFileKernel.readCsvFile} put into `scratch`, as views. */
export function scratchColumns(
  bars: CsvFileBars,
  scratch: Float64Array,
): Pick<CsvFileBars, 'at' | 'open' | 'high' | 'low' | 'close' | 'volume'> {
  const room = scratch.length / SCRATCH_COLUMNS;
  const rows = bars.rows ?? 0;
  const column = (k: number): Float64Array => scratch.subarray(k * room, k * room + rows);
  return {
    at: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
}

let chosen: CsvFileKernel | null | undefined;

/**
 * The Rust reader when the active backend is the addon and has it;
 * undefined on the TypeScript backend (the TypeScript reader then reads every row).
 */
export function csvFileKernel(): CsvFileKernel | undefined {
  if (chosen !== undefined) return chosen ?? undefined;
  const active = kernels() as Partial<CsvFileKernel>;
  return typeof active.readCsvFile === 'function' ? (active as CsvFileKernel) : undefined;
}

/**
 * Tests: read with `kernel`, with the TypeScript reader only (`null`), or as
 * the active backend says (`undefined`).
 */
export function chooseCsvFileKernel(kernel: CsvFileKernel | null | undefined): void {
  chosen = kernel;
}

/** The header and first rows of a file, from which its reading is decided. */
export interface FileHead {
  /** The text (a UTF-8 byte-order mark dropped), or undefined when it is not ASCII. */
  text: string | undefined;
  /** Size of the whole file in bytes. */
  bytes: number;
  /** Whether `text` is the whole file. */
  whole: boolean;
}

/**
 * Bars a file of `head.bytes` bytes may hold, from its first rows' bytes a line, with a
 * little room: the size of a scratch for its columns.
 */
export function expectedRows(head: FileHead & { text: string }): number {
  const bodyStart = head.text.indexOf('\n') + 1;
  let lines = 0;
  for (let at = head.text.indexOf('\n', bodyStart); at >= 0; at = head.text.indexOf('\n', at + 1)) {
    lines++;
  }
  if (head.whole || bodyStart === 0) return lines + 1;
  const perLine = (head.text.length - bodyStart) / Math.max(lines, 1);
  const rows = Math.ceil(head.bytes / Math.max(perLine, 1));
  return rows + (rows >> 4) + 16;
}

/** Bytes read at a time for a head: about a line per 64 bytes asked for, 8 KB at least. */
const headChunk = (rows: number): number => Math.min(64 * 1024, Math.max(8 * 1024, rows * 64));

/**
 * Reads the header and the first `rows` complete rows of the file at `path`
 * (all of it when shorter), without reading the rest. Synchronous on purpose:
 * a few kilobytes from the page cache cost less than a trip through the
 * thread pool, where the files being parsed would make it wait.
 */
export function readHead(path: string, rows: number): FileHead {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let length = 0;
    let breaks = 0;
    let eof = false;
    while (!eof && breaks <= rows) {
      const size = headChunk(rows);
      const chunk = Buffer.allocUnsafe(size);
      const got = chunk.subarray(0, readSync(fd, chunk, 0, size, length));
      eof = got.length === 0;
      for (let at = got.indexOf(10); at >= 0; at = got.indexOf(10, at + 1)) breaks++;
      chunks.push(got);
      length += got.length;
    }
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
    // Only complete lines (a date cut in half would mislead the detection), unless the file ends.
    let end = bytes.length;
    if (!eof) {
      end = 0;
      for (let k = 0; k <= rows; k++) end = bytes.indexOf(10, end) + 1;
    }
    const head = hasByteOrderMark(bytes) ? bytes.subarray(3, end) : bytes.subarray(0, end);
    return {
      text: isAscii(head) ? head.toString('latin1') : undefined,
      bytes: fstatSync(fd).size,
      whole: eof,
    };
  } finally {
    closeSync(fd);
  }
}

/** Whether `bytes` starts with the UTF-8 byte-order mark. */
export function hasByteOrderMark(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * The Rust reader's plan for a file, or undefined when it would hand back
 * most rows: a date format other than ISO, a separate time column, a
 * delimiter that is not one ASCII character, intraday local times outside
 * UTC, a given scale it does not take.
 *
 * @param scales - the scales given in the options (undefined: detected)
 */
export function nativePlan(
  reading: CsvReading,
  timeZone: string,
  scales: { price: number | undefined; volume: number | undefined },
): CsvFilePlan | undefined {
  const { layout, delimiter } = reading;
  const daily = reading.frequency === '1d';
  if (reading.times.format !== 'iso' || layout.time !== undefined) return undefined;
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127 || '\r\n'.includes(delimiter)) {
    return undefined;
  }
  if (!daily && timeZone !== 'UTC') return undefined;
  const scale = (given: number | undefined): number | undefined =>
    given === undefined
      ? -1
      : Number.isInteger(given) && given >= 0 && given <= 18
        ? given
        : undefined;
  const priceScale = scale(scales.price);
  const volumeScale = layout.volume === undefined ? 0 : scale(scales.volume);
  if (priceScale === undefined || volumeScale === undefined) return undefined;
  return {
    delimiter: delimiter.charCodeAt(0),
    width: layout.width,
    date: layout.date,
    open: layout.open,
    high: layout.high,
    low: layout.low,
    close: layout.close,
    volume: layout.volume ?? -1,
    priceScale,
    volumeScale,
    daily,
    utc: timeZone === 'UTC',
    start: reading.start,
    end: reading.end,
  };
}

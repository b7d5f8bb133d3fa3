import { kernels } from '../../native/backend.js';
import type { CsvReading } from './csv-row-reader.js';

/** How the Rust reader reads a file's rows (`rust/crates/rustybt-node/src/csv.rs`). */
export interface CsvRowPlan {
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
  priceScale: number;
  volumeScale: number;
  daily: boolean;
  utc: boolean;
}

/** Rows as the Rust reader returns them: one entry per line of the body. */
export interface CsvRowColumns {
  /** 0: read into the columns, 1: blank, 2: for the TypeScript reader. */
  kind: Uint8Array;
  at: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** `(row, line start, line end)` byte offsets of the rows marked 2. */
  other: Uint32Array;
}

/** The Rust CSV row reader, parsing one file on the thread pool per call. */
export interface CsvRowKernel {
  parseCsvRows(text: Buffer, bodyStart: number, plan: CsvRowPlan): Promise<CsvRowColumns>;
}

/** Row kinds in `CsvRowColumns.kind`. */
export const ROW_READ = 0;
export const ROW_BLANK = 1;

let chosen: CsvRowKernel | null | undefined;

/**
 * The Rust row reader when the active backend is the addon and has it;
 * undefined on the TypeScript backend (the TypeScript reader then reads every row).
 */
export function csvRowKernel(): CsvRowKernel | undefined {
  if (chosen !== undefined) return chosen ?? undefined;
  const active = kernels() as Partial<CsvRowKernel>;
  return typeof active.parseCsvRows === 'function' ? (active as CsvRowKernel) : undefined;
}

/**
 * Tests: read with `kernel`, with the TypeScript reader only (`null`), or as
 * the active backend says (`undefined`).
 */
export function chooseCsvRowKernel(kernel: CsvRowKernel | null | undefined): void {
  chosen = kernel;
}

/** The header and the first rows of an ASCII file, decoded (see `sampleHead`). */
export interface SampleHead {
  text: string;
  bodyStart: number;
  /** Whether the file has more rows than the sample (its scales then come from the sample). */
  sampled: boolean;
}

/** The header and the first `rows` rows of `bytes`, the sample the reading is decided from. */
export function sampleHead(bytes: Buffer, rows: number): SampleHead {
  const headerBreak = bytes.indexOf(10);
  const bodyStart = headerBreak < 0 ? bytes.length : headerBreak + 1;
  let end = bodyStart;
  for (let k = 0; k < rows && end < bytes.length; k++) {
    const lineBreak = bytes.indexOf(10, end);
    end = lineBreak < 0 ? bytes.length : lineBreak + 1;
  }
  return { text: bytes.toString('latin1', 0, end), bodyStart, sampled: end < bytes.length };
}

/** Whether `bytes` starts with the UTF-8 byte-order mark. */
export function hasByteOrderMark(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * The Rust reader's plan for a file, or undefined when it would hand back
 * most rows: a date format other than ISO, a separate time column, a
 * delimiter that is not one ASCII character, intraday local times outside UTC.
 */
export function nativePlan(reading: CsvReading, timeZone: string): CsvRowPlan | undefined {
  const { layout, delimiter } = reading;
  const daily = reading.frequency === '1d';
  if (reading.times.format !== 'iso' || layout.time !== undefined) return undefined;
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127) return undefined;
  if (!daily && timeZone !== 'UTC') return undefined;
  return {
    delimiter: delimiter.charCodeAt(0),
    width: layout.width,
    date: layout.date,
    open: layout.open,
    high: layout.high,
    low: layout.low,
    close: layout.close,
    volume: layout.volume ?? -1,
    priceScale: reading.priceScale,
    volumeScale: reading.volumeScale,
    daily,
    utc: timeZone === 'UTC',
  };
}

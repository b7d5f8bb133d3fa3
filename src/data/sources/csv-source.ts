import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';

import { DataError } from '../../errors/index.js';
import type { BarFrame, Frequency } from '../bar-frame.js';
import { BarRows, IssueLog, validateBars } from '../validation/index.js';
import { resolveCalendar, type CalendarChoice } from './calendar-choice.js';
import { detectDelimiter, resolveLayout, type CsvColumns } from './csv-layout.js';
import { CsvTimeReader, detectDateFormat, type CsvDateFormat } from './csv-time.js';
import { DataSourceBase } from './data-source-base.js';
import type {
  CacheParamValue,
  FetchOptions,
  FetchResult,
  MissingSessions,
  SourceMetadata,
} from './data-source.js';
import { CsvFields, decimalShape } from './csv-fields.js';
import {
  csvFileKernel,
  CsvScratch,
  expectedRows,
  nativePlan,
  readHead,
  scratchColumns,
  type CsvFileBars,
  type FileHead,
} from './csv-native.js';
import { CsvRowReader, type CsvReading } from './csv-row-reader.js';
import { fillGaps } from './gap-fill.js';

/** What to do with a row that has an empty value, or (with a calendar) a session with no row. */
export type MissingDataPolicy = 'skip' | 'forward-fill' | 'fail';

/** Where the files are and how to read them. Everything but `directory` is detected. */
export interface CsvSourceOptions {
  /** Directory holding one file per symbol: `SYMBOL.csv` or `SYMBOL.txt` (case-insensitive). */
  directory: string;
  /** Header names of the fields, where they differ from the usual ones. */
  columns?: Partial<CsvColumns>;
  /** Field separator; detected from the header among `,` `;` tab `|`. */
  delimiter?: string;
  /** Date format; detected from the values. */
  dateFormat?: CsvDateFormat;
  /** IANA zone of times written without an offset; `UTC` by default. */
  timeZone?: string;
  /** Price decimals; by default the most fraction digits written in the file's prices. */
  priceScale?: number;
  /** Volume decimals; by default the most fraction digits written in the file's volumes. */
  volumeScale?: number;
  /** `skip` (default) drops and reports rows with empty values; `forward-fill` fills them (and, with a calendar, missing sessions) from the previous close with zero volume; `fail` throws. */
  missing?: MissingDataPolicy;
  /** Calendar used to check sessions when `fetch` is given none. */
  calendar?: CalendarChoice;
}

const MAX_DETECTED_SCALE = 12;
/** Rows whose digits decide the scales before parsing; see `#parse`. */
const SCALE_SAMPLE_ROWS = 2000;
/** Rows whose dates decide the date format. */
const DATE_SAMPLE_ROWS = 1000;
/** Rows read first to decide a file's reading for the Rust reader (see `#readingOfHead`). */
const QUICK_HEAD_ROWS = 64;

/**
 * Bars from a directory of CSV files, one per symbol. Prices are read from
 * the text exactly (never through a binary float) at the file's own number of
 * decimals unless a scale is given.
 */
export class CsvSource extends DataSourceBase {
  /** Registry name. */
  readonly name = 'csv';
  readonly #options: CsvSourceOptions;

  /** @param options - directory and optional reading rules */
  constructor(options: CsvSourceOptions) {
    super();
    this.#options = options;
  }

  /** Symbols available: the file names in the directory without extension. */
  async listSymbols(): Promise<string[]> {
    const entries = await this.#entries();
    return entries
      .filter((f) => ['.csv', '.txt'].includes(extname(f).toLowerCase()))
      .map((f) => basename(f, extname(f)))
      .sort();
  }

  /** Reads each symbol's file and returns its validated bars in `[start, end]`. */
  async fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions = {},
  ): Promise<FetchResult> {
    return this.#fetch(symbols, start, end, frequency, options, undefined);
  }

  /**
   * As {@link fetch}, but hands each symbol's validated frame to `consume` (awaited) as
   * soon as it is read and keeps none: the result's `frames` is empty. An ingest holds
   * one symbol's bars at a time this way. A frame's arrays are valid until `consume`
   * settles: the next file is read into the same memory, which is freed when the fetch
   * ends (the arrays are then empty), so copy what you keep.
   */
  async fetchInto(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions,
    consume: (frame: BarFrame) => void | Promise<void>,
  ): Promise<FetchResult> {
    return this.#fetch(symbols, start, end, frequency, options, consume);
  }

  async #fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options: FetchOptions,
    consume: ((frame: BarFrame) => void | Promise<void>) | undefined,
  ): Promise<FetchResult> {
    const log = new IssueLog(options.strict ?? false);
    const calendar =
      options.calendar ??
      (this.#options.calendar === undefined ? undefined : resolveCalendar(this.#options.calendar));
    const entries = await this.#entries();
    const frames: BarFrame[] = [];
    const gaps: MissingSessions[] = [];
    const range = { start: start.getTime(), end: end.getTime() };
    // Files are read (and, with the Rust reader, parsed on the thread pool) a few ahead;
    // their rows are then taken in symbol order, so the report is the same either way.
    const loads = new Map<number, Promise<LoadedFile>>();
    // Streaming, no frame outlives its turn: the Rust reader's columns reuse a few arrays.
    const kernel = csvFileKernel();
    const scratch =
      consume === undefined ? undefined : new CsvScratch(kernel?.releaseCsvScratch?.bind(kernel));
    const load = (k: number): void => {
      if (k >= symbols.length) return;
      const loading = this.#load(symbols[k], entries, frequency, range, scratch);
      loading.catch(() => undefined);
      loads.set(k, loading);
    };
    // Streaming, no file waits parsed: each would hold a whole symbol's bars.
    const ahead = consume === undefined ? READ_AHEAD : STREAM_READ_AHEAD;
    try {
      for (let k = 0; k < ahead; k++) load(k);
      for (const [index, symbol] of symbols.entries()) {
        const loaded = await (loads.get(index) as Promise<LoadedFile>);
        // Dropped at once: a finished file's bars must not outlive their frame.
        loads.delete(index);
        // Streaming, the next file is read once this one's frame is handed on (below): the
        // files in flight, the one being handed on included, never outnumber `ahead`.
        if (consume === undefined) load(index + ahead);
        const { raw, prechecked } = await this.#rows(
          loaded,
          frequency,
          range.start,
          range.end,
          log,
        );
        const validated = validateBars(raw, { log, calendar, range, prechecked });
        let frame = validated.frame;
        if (validated.gaps !== undefined) {
          if (this.#policy() === 'forward-fill') {
            const filled = fillGaps(frame, validated.gaps.missing, log);
            frame = filled.frame;
            if (filled.unfilled.length > 0) gaps.push({ symbol, missing: filled.unfilled });
          } else if (this.#policy() === 'fail') {
            throw new DataError(
              `${symbol}: ${validated.gaps.missing.length} session(s) have no bar, first ${new Date(validated.gaps.missing[0]).toISOString()}; use missing 'skip' or 'forward-fill' to accept gaps.`,
            );
          } else {
            gaps.push(validated.gaps);
          }
        }
        if (consume === undefined) frames.push(frame);
        else await consume(frame);
        // The frame is gone (`fetchInto` keeps none): its scratch serves a later file.
        if (loaded.scratch !== undefined) {
          scratch?.give(loaded.scratch, loaded.bars?.rows ?? 0);
        }
        if (consume !== undefined) load(index + ahead);
        options.onProgress?.({
          symbol,
          symbolsDone: index + 1,
          symbolsTotal: symbols.length,
          rows: frame.timestamps.length,
        });
      }
    } finally {
      // The reader keeps its buffers from file to file, not beyond the batch: writing the
      // bundle (or running the backtest) that follows does not hold them, nor the scratches.
      csvFileKernel()?.releaseCsvReadBuffers?.();
      scratch?.release();
    }
    return {
      frames,
      corporateActions: { splits: [], dividends: [] },
      report: { issues: log.issues, gaps },
    };
  }

  /** Parameters that change the bars this instance returns (the smart cache keys on them). */
  cacheParams(): Readonly<Record<string, CacheParamValue>> {
    const o = this.#options;
    return {
      directory: resolve(o.directory),
      columns: o.columns === undefined ? null : JSON.stringify(o.columns),
      delimiter: o.delimiter ?? null,
      dateFormat: o.dateFormat ?? null,
      timeZone: o.timeZone ?? null,
      priceScale: o.priceScale ?? null,
      volumeScale: o.volumeScale ?? null,
      missing: o.missing ?? null,
      calendar:
        o.calendar === undefined
          ? null
          : typeof o.calendar === 'string'
            ? o.calendar
            : o.calendar.name,
    };
  }

  /** Static facts: local files, no limits, no key. */
  getMetadata(): SourceMetadata {
    return {
      name: this.name,
      version: '1',
      description: 'A directory of CSV files, one per symbol.',
      upstream: this.#options.directory,
      frequencies: ['1d', '1h', '1m'],
      historyLimits: {},
      rateLimits: [],
      auth: { required: false, envVars: [] },
      priceScale: this.#options.priceScale ?? 'detected',
      live: false,
    };
  }

  /**
   * The names in the directory.
   *
   * @throws DataError when it cannot be read (missing, not a directory, not allowed).
   */
  async #entries(): Promise<string[]> {
    const directory = this.#options.directory;
    try {
      return await readdir(directory);
    } catch (error) {
      throw new DataError(
        `Cannot read the CSV directory ${directory}: ${(error as Error).message}. Pass the folder that holds one SYMBOL.csv (or .txt) file per symbol.`,
        { cause: error },
      );
    }
  }

  #policy(): MissingDataPolicy {
    return this.#options.missing ?? 'skip';
  }

  /** Reads a file and, when the Rust reader can take it, has it parsed on the thread pool. */
  async #load(
    symbol: string,
    entries: string[],
    frequency: Frequency,
    range: { start: number; end: number },
    scratches: CsvScratch | undefined,
  ): Promise<LoadedFile> {
    const file = fileFor(symbol, entries, this.#options.directory);
    const path = join(this.#options.directory, file);
    const kernel = csvFileKernel();
    const whole = async (): Promise<LoadedFile> => ({
      symbol,
      file,
      path,
      text: (await readFile(path)).toString('utf8'),
    });
    if (kernel === undefined) return whole();
    // The Rust reader takes ASCII files whose dates are ISO; the header and first rows
    // decide, here, how to read the file, and the Rust reader detects the scales itself.
    const decided = this.#readingOfHead(symbol, file, path, frequency, range);
    if (decided === undefined) return whole();
    const { head, reading } = decided;
    const plan = nativePlan(reading, this.#options.timeZone ?? 'UTC', {
      price: this.#options.priceScale,
      volume: this.#options.volumeScale,
    });
    if (plan === undefined) return whole();
    const scratch = scratches?.take(expectedRows(head));
    let bars: CsvFileBars;
    try {
      bars = await kernel.readCsvFile(path, plan, scratch);
    } catch {
      // Unreadable now (removed or changed since its head was read): the TypeScript path reports it.
      return whole();
    }
    if (!bars.ascii) return whole();
    if (bars.inScratch === true && scratch !== undefined) {
      bars = { ...bars, ...scratchColumns(bars, scratch) };
    }
    reading.priceScale = bars.priceScale;
    reading.volumeScale = bars.volumeScale;
    return { symbol, file, path, reading, bars, scratch };
  }

  /**
   * A file's head and the reading it decides, for the Rust reader; undefined when the
   * file is not ASCII. The date format is the first non-empty date's unless it is slashed
   * (day or month first, which all {@link DATE_SAMPLE_ROWS} decide): a few rows settle an
   * ISO file, and any other is decided from the whole sample, as the TypeScript reader does.
   */
  #readingOfHead(
    symbol: string,
    file: string,
    path: string,
    frequency: Frequency,
    range: { start: number; end: number },
  ): { head: FileHead & { text: string }; reading: CsvReading } | undefined {
    const quick = readHead(path, QUICK_HEAD_ROWS);
    if (quick.text === undefined) return undefined;
    const read = (text: string): CsvReading =>
      this.#reading(symbol, file, text, frequency, range, false, false, [0, 0]);
    try {
      const reading = read(quick.text);
      if (reading.times.format === 'iso' || quick.whole) {
        return { head: { ...quick, text: quick.text }, reading };
      }
    } catch (error) {
      // A head of blank dates, or a header the layout refuses: decided (or refused) below.
      if (quick.whole) throw error;
    }
    const head = readHead(path, DATE_SAMPLE_ROWS);
    if (head.text === undefined) return undefined;
    return { head: { ...head, text: head.text }, reading: read(head.text) };
  }

  /** The rows of a loaded file, read by whichever reader took it. */
  async #rows(
    loaded: LoadedFile,
    frequency: Frequency,
    start: number,
    end: number,
    log: IssueLog,
  ): Promise<{ raw: BarRows; prechecked?: { outliers: Uint32Array } }> {
    const { symbol, file } = loaded;
    if (loaded.bars === undefined) {
      return { raw: this.#parse(symbol, file, loaded.text, frequency, start, end, log) };
    }
    const { reading, bars } = loaded;
    const { at, open, high, low, close, volume, other } = bars;
    if (bars.inRange) {
      // Every row was read by the Rust reader: its columns are the rows, taken as they are
      // (their lines as a run from the first when they follow one another).
      const raw = BarRows.fromColumns(symbol, frequency, bars.priceScale, bars.volumeScale, {
        timestamps: at,
        open,
        high,
        low,
        close,
        volume,
        rows: bars.firstLine ?? bars.line,
      });
      return { raw, prechecked: bars.clean ? { outliers: bars.outliers } : undefined };
    }
    // Rows the Rust reader handed back are read here, in file order, by the TypeScript reader.
    // The line of bar i: listed, or counted from the first when the lines follow one another.
    const { line, firstLine } = bars;
    const lineOf = (i: number): number => (firstLine === undefined ? line[i] : firstLine + i);
    const reader = new CsvRowReader(reading, at.length + other.length / 3, log.strict);
    const text = bars.otherText.toString('latin1');
    let i = 0;
    for (let k = 0; k < other.length; k += 3) {
      for (; i < at.length && lineOf(i) < other[k]; i++) {
        reader.pushRead(at[i], open[i], high[i], low[i], close[i], volume[i], lineOf(i));
      }
      reader.readLine(text, other[k + 1], other[k + 2], other[k]);
    }
    for (; i < at.length; i++) {
      reader.pushRead(at[i], open[i], high[i], low[i], close[i], volume[i], lineOf(i));
    }
    if (bars.sampled && reader.unusual && this.#scalesDetected()) {
      const content = (await readFile(loaded.path)).toString('utf8');
      return { raw: this.#parse(symbol, file, content, frequency, start, end, log, true) };
    }
    for (const issue of reader.rowLog.issues) log.issues.push(issue);
    return { raw: reader.raw };
  }

  #scalesDetected(): boolean {
    return this.#options.priceScale === undefined || this.#options.volumeScale === undefined;
  }

  /**
   * How to read a file: delimiter, layout, scales (from a sample of rows, or
   * all of them with `fullScan`) and date format, from `content`, which holds
   * at least the header and the first {@link SCALE_SAMPLE_ROWS} rows, or the
   * first {@link DATE_SAMPLE_ROWS} when the scales are `given` (or detected later).
   */
  #reading(
    symbol: string,
    file: string,
    content: string,
    frequency: Frequency,
    range: { start: number; end: number },
    sampled: boolean,
    fullScan: boolean,
    given?: [number, number],
  ): CsvReading {
    const firstBreak = content.indexOf('\n');
    const headerEnd = firstBreak < 0 ? content.length : firstBreak;
    const headerLine = content.slice(0, headerEnd).replace(/^\uFEFF/, '');
    const delimiter = this.#options.delimiter ?? detectDelimiter(headerLine);
    const layout = resolveLayout(headerLine.split(delimiter), this.#options.columns ?? {}, file);
    const bodyStart = firstBreak < 0 ? content.length : firstBreak + 1;
    const sample = content
      .slice(bodyStart)
      .split('\n', fullScan ? undefined : Math.max(SCALE_SAMPLE_ROWS, 1000));
    const fields = new CsvFields(delimiter, layout.width);
    const detected =
      given === undefined &&
      (this.#options.priceScale === undefined || this.#options.volumeScale === undefined)
        ? detectScales(
            sampled ? sample.slice(0, SCALE_SAMPLE_ROWS) : sample,
            fields,
            [layout.open, layout.high, layout.low, layout.close],
            layout.volume,
          )
        : (given ?? [0, 0]);
    const format =
      this.#options.dateFormat === undefined || this.#options.dateFormat === 'auto'
        ? detectDateFormat(
            sample.slice(0, DATE_SAMPLE_ROWS).map((line) => fieldAt(line, delimiter, layout.date)),
          )
        : this.#options.dateFormat;
    return {
      symbol,
      file,
      frequency,
      layout,
      delimiter,
      priceScale: this.#options.priceScale ?? detected[0],
      volumeScale: this.#options.volumeScale ?? (layout.volume === undefined ? 0 : detected[1]),
      times: new CsvTimeReader(format, this.#options.timeZone ?? 'UTC', frequency === '1d'),
      policy: this.#policy(),
      start: range.start,
      end: range.end,
    };
  }

  /** The TypeScript reader: every row of `content`, in place. */
  #parse(
    symbol: string,
    file: string,
    content: string,
    frequency: Frequency,
    start: number,
    end: number,
    log: IssueLog,
    fullScan = false,
  ): BarRows {
    // The rows are walked in place (offsets into `content`), never split into
    // one string per line.
    const firstBreak = content.indexOf('\n');
    const bodyStart = firstBreak < 0 ? content.length : firstBreak + 1;
    const rowCount = countLines(content, bodyStart);
    // Scales come from a sample of rows; a later value with more digits triggers one full rescan.
    const sampled = !fullScan && rowCount > SCALE_SAMPLE_ROWS;
    const range = { start, end };
    const reading = this.#reading(symbol, file, content, frequency, range, sampled, fullScan);
    const reader = new CsvRowReader(reading, rowCount, log.strict);
    let line = 1;
    for (let at = bodyStart; at < content.length;) {
      const lineEnd = nextBreak(content, at);
      reader.readLine(content, at, lineEnd, ++line);
      at = lineEnd + 1;
    }
    if (sampled && reader.unusual && this.#scalesDetected()) {
      return this.#parse(symbol, file, content, frequency, start, end, log, true);
    }
    for (const issue of reader.rowLog.issues) log.issues.push(issue);
    return reader.raw;
  }
}

/** Files read ahead of the one whose rows are being taken. */
const READ_AHEAD = 4;
/**
 * Files in flight, the one being handed on included, when each frame is handed on as it
 * comes (`fetchInto`, an ingest): one, so an ingest holds one file's bars, once. A second
 * would let the next file parse while this one is written (about a fifth faster on two
 * cores) at the price of a second file's bars: see docs/performance/startup.md.
 */
const STREAM_READ_AHEAD = 1;

/**
 * A file read for `fetch`: its text for the TypeScript reader, or the Rust reader's bars
 * (with the scratch they may sit in, to give back once the frame is handed on).
 */
type LoadedFile = { symbol: string; file: string; path: string } & (
  | { text: string; bars?: undefined; scratch?: undefined }
  | { reading: CsvReading; bars: CsvFileBars; scratch?: Float64Array }
);

/**
 * The most fraction digits written in the price columns and in the volume
 * column, each lowered when needed so that the column's largest value still
 * fits in 2^53 units (whole digits + scale <= 15); digits beyond are rounded.
 */
function detectScales(
  lines: string[],
  fields: CsvFields,
  priceColumns: number[],
  volumeColumn: number | undefined,
): [number, number] {
  const columns = volumeColumn === undefined ? priceColumns : [...priceColumns, volumeColumn];
  const kinds = columns.map((_, k) => (k < priceColumns.length ? 0 : 1));
  const scale = [0, 0];
  const whole = [1, 1];
  for (const line of lines) {
    fields.scan(line);
    for (let k = 0; k < columns.length; k++) {
      const c = columns[k];
      if (c >= fields.count) continue;
      const shape = decimalShape(line, fields.start[c], fields.end[c]);
      const kind = kinds[k];
      if (shape >> 10 > scale[kind]) scale[kind] = shape >> 10;
      if ((shape & 1023) > whole[kind]) whole[kind] = shape & 1023;
    }
  }
  const cap = (k: number): number =>
    Math.max(0, Math.min(scale[k], MAX_DETECTED_SCALE, 15 - whole[k]));
  return [cap(0), cap(1)];
}

function fileFor(symbol: string, entries: string[], directory: string): string {
  const wanted = symbol.toLowerCase();
  const match = entries.find(
    (f) =>
      ['.csv', '.txt'].includes(extname(f).toLowerCase()) &&
      basename(f, extname(f)).toLowerCase() === wanted,
  );
  if (match === undefined) {
    throw new DataError(
      `No file for symbol '${symbol}' in ${directory}: expected ${symbol}.csv or ${symbol}.txt.`,
    );
  }
  return match;
}

/** `line.split(delimiter)[k] ?? ''`, without making a string of every field. */
function fieldAt(line: string, delimiter: string, k: number): string {
  if (delimiter === '') return line.split(delimiter)[k] ?? '';
  let from = 0;
  for (let skipped = 0; skipped < k; skipped++) {
    const at = line.indexOf(delimiter, from);
    if (at < 0) return '';
    from = at + delimiter.length;
  }
  const end = line.indexOf(delimiter, from);
  return line.slice(from, end < 0 ? line.length : end);
}

/** Offset of the next `\n` at or after `from`, or the text's length. */
function nextBreak(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

/** Rows after `from`: line breaks, plus a last line without one. */
function countLines(text: string, from: number): number {
  let count = 0;
  let at = from;
  while (at < text.length) {
    at = nextBreak(text, at) + 1;
    count++;
  }
  return count;
}

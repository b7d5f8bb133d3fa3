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
import { CsvFields, decimalShape, plainDecimalUnits } from './csv-fields.js';
import { decimalTextToUnits } from './decimal-units.js';
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

const MISSING = new Set(['', 'nan', 'null', 'na', 'n/a', '-', 'none']);
const MAX_DETECTED_SCALE = 12;
/** Rows whose digits decide the scales before parsing; see `#parse`. */
const SCALE_SAMPLE_ROWS = 2000;

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
    const entries = await readdir(this.#options.directory);
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
    const log = new IssueLog(options.strict ?? false);
    const calendar =
      options.calendar ??
      (this.#options.calendar === undefined ? undefined : resolveCalendar(this.#options.calendar));
    const entries = await readdir(this.#options.directory);
    const frames: BarFrame[] = [];
    const gaps: MissingSessions[] = [];
    for (const [index, symbol] of symbols.entries()) {
      const file = fileFor(symbol, entries, this.#options.directory);
      const text = await readFile(join(this.#options.directory, file), 'utf8');
      const raw = this.#parse(symbol, file, text, frequency, start.getTime(), end.getTime(), log);
      const range = { start: start.getTime(), end: end.getTime() };
      const validated = validateBars(raw, { log, calendar, range });
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
      frames.push(frame);
      options.onProgress?.({
        symbol,
        symbolsDone: index + 1,
        symbolsTotal: symbols.length,
        rows: frame.timestamps.length,
      });
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

  #policy(): MissingDataPolicy {
    return this.#options.missing ?? 'skip';
  }

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
    // a string per line; only the sample that decides scales and the date
    // format is split.
    const firstBreak = content.indexOf('\n');
    const headerEnd = firstBreak < 0 ? content.length : firstBreak;
    const headerLine = content.slice(0, headerEnd).replace(/^\uFEFF/, '');
    const delimiter = this.#options.delimiter ?? detectDelimiter(headerLine);
    const layout = resolveLayout(headerLine.split(delimiter), this.#options.columns ?? {}, file);
    const bodyStart = firstBreak < 0 ? content.length : firstBreak + 1;
    const rowCount = countLines(content, bodyStart);
    const sample = content
      .slice(bodyStart)
      .split('\n', fullScan ? undefined : Math.max(SCALE_SAMPLE_ROWS, 1000));
    const fields = new CsvFields(delimiter, layout.width);
    const priceColumns = [layout.open, layout.high, layout.low, layout.close];
    // Scales come from a sample of rows; a later value with more digits triggers one full rescan.
    const sampled = !fullScan && rowCount > SCALE_SAMPLE_ROWS;
    const detected =
      this.#options.priceScale === undefined || this.#options.volumeScale === undefined
        ? detectScales(
            sampled ? sample.slice(0, SCALE_SAMPLE_ROWS) : sample,
            fields,
            priceColumns,
            layout.volume,
          )
        : [0, 0];
    const rowLog = new IssueLog(log.strict);
    let unusual = false;
    const priceScale = this.#options.priceScale ?? detected[0];
    const volumeScale =
      this.#options.volumeScale ?? (layout.volume === undefined ? 0 : detected[1]);
    const format =
      this.#options.dateFormat === undefined || this.#options.dateFormat === 'auto'
        ? detectDateFormat(
            sample.slice(0, 1000).map((line) => line.split(delimiter)[layout.date] ?? ''),
          )
        : this.#options.dateFormat;
    const times = new CsvTimeReader(format, this.#options.timeZone ?? 'UTC', frequency === '1d');
    const raw = new BarRows(symbol, frequency, priceScale, volumeScale, rowCount);
    let previousClose = NaN;
    const text = (row: string, k: number): string | undefined =>
      k < fields.count ? row.slice(fields.start[k], fields.end[k]) : undefined;
    const units = (row: string, k: number, scale: number): number => {
      const fast =
        k < fields.count
          ? plainDecimalUnits(row, fields.start[k], fields.end[k], scale)
          : undefined;
      if (fast !== undefined) return fast;
      unusual = true;
      return priceUnits(text(row, k), scale);
    };
    // Field offsets are absolute in `content`, so `text` and `units` read it in place.
    const source = content;
    let line = 1;
    for (let at0 = bodyStart; at0 < content.length;) {
      const lineEnd = nextBreak(content, at0);
      const from = at0;
      at0 = lineEnd + 1;
      line++;
      if (isBlank(content, from, lineEnd)) continue;
      const width = fields.scanRange(content, from, lineEnd);
      const at =
        (layout.time === undefined && layout.date < fields.count
          ? times.readPlainIsoAt(source, fields.start[layout.date], fields.end[layout.date])
          : undefined) ??
        times.read(
          text(source, layout.date) ?? '',
          layout.time === undefined ? undefined : text(source, layout.time),
        );
      const outside = at < start || at > end;
      if (!outside && (width < layout.width || Number.isNaN(at))) {
        rowLog.record({
          symbol,
          row: line,
          timestamp: Number.isNaN(at) ? undefined : at,
          problem: 'unparsable',
          action: 'dropped',
          detail:
            width < layout.width
              ? `${width} fields, header has ${layout.width}`
              : `unreadable date ${JSON.stringify(text(source, layout.date))}`,
        });
        continue;
      }
      let o = units(source, layout.open, priceScale);
      let h = units(source, layout.high, priceScale);
      let l = units(source, layout.low, priceScale);
      let c = units(source, layout.close, priceScale);
      let v = layout.volume === undefined ? 0 : units(source, layout.volume, volumeScale);
      if (outside) {
        if (at < start && Number.isSafeInteger(c) && c > 0) previousClose = c;
        continue;
      }
      if (
        o === MISSING_VALUE ||
        h === MISSING_VALUE ||
        l === MISSING_VALUE ||
        c === MISSING_VALUE ||
        v === MISSING_VALUE
      ) {
        const policy = this.#policy();
        const empty = priceColumns.filter((column) => field(text(source, column)) === undefined);
        const names = empty.map(
          (column) => ['open', 'high', 'low', 'close'][priceColumns.indexOf(column)],
        );
        if (v === MISSING_VALUE) names.push('volume');
        const detail = `empty value in ${names.join(', ')}`;
        const issue = { symbol, row: line, timestamp: at };
        if (policy === 'fail') {
          throw new DataError(
            `${symbol}: ${file} line ${line}: ${detail}; use missing 'skip' or 'forward-fill' to accept it.`,
          );
        }
        if (o === MISSING_VALUE) o = previousClose;
        if (policy === 'skip' || Number.isNaN(o)) {
          rowLog.record({ ...issue, problem: 'missing-value', action: 'dropped', detail }, false);
          continue;
        }
        if (c === MISSING_VALUE) c = o;
        h = Math.max(h === MISSING_VALUE ? -Infinity : h, o, c);
        l = Math.min(l === MISSING_VALUE ? Infinity : l, o, c);
        if (v === MISSING_VALUE) v = 0;
        rowLog.record({ ...issue, problem: 'forward-filled', action: 'repaired', detail }, false);
      }
      raw.push(at, o, h, l, c, v, line);
      if (Number.isSafeInteger(c) && c > 0) previousClose = c;
    }
    const scalesDetected =
      this.#options.priceScale === undefined || this.#options.volumeScale === undefined;
    if (sampled && unusual && scalesDetected) {
      return this.#parse(symbol, file, content, frequency, start, end, log, true);
    }
    for (const issue of rowLog.issues) log.issues.push(issue);
    return raw;
  }
}

/** Marks an empty field; distinct from NaN (unparsable) so the policies can tell them apart. */
const MISSING_VALUE = -Infinity;

/** Units of a field, `MISSING_VALUE` when empty, NaN when not a number. */
function priceUnits(text: string | undefined, scale: number): number {
  if (text === undefined) return MISSING_VALUE;
  const units = decimalTextToUnits(text, scale);
  if (!Number.isNaN(units)) return units;
  return field(text) === undefined ? MISSING_VALUE : NaN;
}

function field(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  return MISSING.has(trimmed.toLowerCase()) ? undefined : trimmed;
}

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

/** Whether `text[from, to)` holds only spaces, tabs and carriage returns. */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 13) return false;
  }
  return true;
}

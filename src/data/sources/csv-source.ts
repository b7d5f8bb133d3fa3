import { readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

import { DataError } from '../../errors/index.js';
import type { BarFrame, Frequency } from '../bar-frame.js';
import { BarRows, IssueLog, validateBars } from '../validation/index.js';
import { resolveCalendar, type CalendarChoice } from './calendar-choice.js';
import { detectDelimiter, resolveLayout, type CsvColumns } from './csv-layout.js';
import { CsvTimeReader, detectDateFormat, type CsvDateFormat } from './csv-time.js';
import { DataSourceBase } from './data-source-base.js';
import type { FetchOptions, FetchResult, MissingSessions, SourceMetadata } from './data-source.js';
import { decimalTextToUnits, fractionDigits } from './decimal-units.js';

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
    text: string,
    frequency: Frequency,
    start: number,
    end: number,
    log: IssueLog,
  ): BarRows {
    const lines = text.split(/\r?\n/);
    const headerLine = (lines[0] ?? '').replace(/^\uFEFF/, '');
    const delimiter = this.#options.delimiter ?? detectDelimiter(headerLine);
    const layout = resolveLayout(headerLine.split(delimiter), this.#options.columns ?? {}, file);
    const cells: string[][] = [];
    for (let i = 1; i < lines.length; i++) cells.push(lines[i].split(delimiter));
    const priceScale =
      this.#options.priceScale ??
      detectScale(cells, [layout.open, layout.high, layout.low, layout.close]);
    const volumeScale =
      this.#options.volumeScale ??
      (layout.volume === undefined ? 0 : detectScale(cells, [layout.volume]));
    const format =
      this.#options.dateFormat === undefined || this.#options.dateFormat === 'auto'
        ? detectDateFormat(cells.slice(0, 1000).map((row) => row[layout.date] ?? ''))
        : this.#options.dateFormat;
    const times = new CsvTimeReader(format, this.#options.timeZone ?? 'UTC', frequency === '1d');
    const raw = new BarRows(symbol, frequency, priceScale, volumeScale, cells.length);
    let previousClose = NaN;
    for (let i = 0; i < cells.length; i++) {
      const row = cells[i];
      const line = i + 2;
      if (row.length === 1 && row[0].trim() === '') continue;
      const at = times.read(
        row[layout.date] ?? '',
        layout.time === undefined ? undefined : row[layout.time],
      );
      const issue = { symbol, row: line, timestamp: Number.isNaN(at) ? undefined : at };
      const outside = at < start || at > end;
      if (!outside && (row.length < layout.width || Number.isNaN(at))) {
        log.record({
          ...issue,
          problem: 'unparsable',
          action: 'dropped',
          detail:
            row.length < layout.width
              ? `${row.length} fields, header has ${layout.width}`
              : `unreadable date ${JSON.stringify(row[layout.date])}`,
        });
        continue;
      }
      const values = [layout.open, layout.high, layout.low, layout.close].map((c) => field(row[c]));
      const volumeText = layout.volume === undefined ? '0' : field(row[layout.volume]);
      let [o, h, l, c] = values.map((v) =>
        v === undefined ? NaN : decimalTextToUnits(v, priceScale),
      );
      let v = volumeText === undefined ? NaN : decimalTextToUnits(volumeText, volumeScale);
      if (outside) {
        if (at < start && Number.isSafeInteger(c) && c > 0) previousClose = c;
        continue;
      }
      if (values.includes(undefined) || volumeText === undefined) {
        const policy = this.#policy();
        const detail = `empty value in ${describeMissing(values, volumeText)}`;
        if (policy === 'fail') {
          throw new DataError(
            `${symbol}: ${file} line ${line}: ${detail}; use missing 'skip' or 'forward-fill' to accept it.`,
          );
        }
        if (Number.isNaN(o)) o = previousClose;
        if (policy === 'skip' || Number.isNaN(o)) {
          log.record({ ...issue, problem: 'missing-value', action: 'dropped', detail }, false);
          continue;
        }
        if (Number.isNaN(c)) c = o;
        h = Math.max(Number.isNaN(h) ? -Infinity : h, o, c);
        l = Math.min(Number.isNaN(l) ? Infinity : l, o, c);
        if (Number.isNaN(v)) v = 0;
        log.record({ ...issue, problem: 'forward-filled', action: 'repaired', detail }, false);
      }
      raw.push(at, o, h, l, c, v, line);
      if (Number.isSafeInteger(c) && c > 0) previousClose = c;
    }
    return raw;
  }
}

function field(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  return MISSING.has(trimmed.toLowerCase()) ? undefined : trimmed;
}

function describeMissing(values: (string | undefined)[], volume: string | undefined): string {
  const names = ['open', 'high', 'low', 'close'].filter((_, k) => values[k] === undefined);
  if (volume === undefined) names.push('volume');
  return names.join(', ');
}

/**
 * The most fraction digits written in `columns`, lowered when needed so that
 * the largest value still fits in 2^53 units (digits beyond are then rounded).
 */
function detectScale(cells: string[][], columns: number[]): number {
  let scale = 0;
  let largest = 0;
  for (const row of cells) {
    for (const c of columns) {
      const text = row[c]?.trim();
      if (text === undefined || text === '') continue;
      scale = Math.max(scale, fractionDigits(text));
      const value = Math.abs(Number(text));
      if (Number.isFinite(value)) largest = Math.max(largest, value);
    }
  }
  scale = Math.min(scale, MAX_DETECTED_SCALE);
  while (scale > 0 && largest * 10 ** scale >= Number.MAX_SAFE_INTEGER) scale--;
  return scale;
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

/** Fills missing sessions from the previous close; sessions before the first bar stay unfilled. */
function fillGaps(
  frame: BarFrame,
  missing: number[],
  log: IssueLog,
): { frame: BarFrame; unfilled: number[] } {
  const unfilled: number[] = [];
  const times = [...frame.timestamps, ...missing].sort((a, b) => a - b);
  const index = new Map<number, number>();
  frame.timestamps.forEach((t, i) => index.set(t, i));
  const filled: BarFrame = {
    ...frame,
    timestamps: Float64Array.from(times),
    open: new Float64Array(times.length),
    high: new Float64Array(times.length),
    low: new Float64Array(times.length),
    close: new Float64Array(times.length),
    volume: new Float64Array(times.length),
  };
  let previous = -1;
  let kept = 0;
  for (let k = 0; k < times.length; k++) {
    const i = index.get(times[k]);
    if (i !== undefined) {
      filled.open[kept] = frame.open[i];
      filled.high[kept] = frame.high[i];
      filled.low[kept] = frame.low[i];
      filled.close[kept] = frame.close[i];
      filled.volume[kept] = frame.volume[i];
      filled.timestamps[kept] = times[k];
      previous = kept++;
    } else if (previous >= 0) {
      const c = filled.close[previous];
      filled.open[kept] = c;
      filled.high[kept] = c;
      filled.low[kept] = c;
      filled.close[kept] = c;
      filled.volume[kept] = 0;
      filled.timestamps[kept] = times[k];
      log.record(
        {
          symbol: frame.symbol,
          timestamp: times[k],
          row: -1,
          problem: 'forward-filled',
          action: 'repaired',
          detail: 'session with no bar filled from the previous close',
        },
        false,
      );
      previous = kept++;
    } else {
      unfilled.push(times[k]);
    }
  }
  if (kept === times.length) return { frame: filled, unfilled };
  for (const column of ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const) {
    filled[column] = filled[column].slice(0, kept);
  }
  return { frame: filled, unfilled };
}

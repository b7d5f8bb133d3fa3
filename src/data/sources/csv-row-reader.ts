import { DataError } from '../../errors/index.js';
import type { Frequency } from '../bar-frame.js';
import { BarRows, IssueLog } from '../validation/index.js';
import { CsvFields, plainDecimalUnits } from './csv-fields.js';
import type { CsvLayout } from './csv-layout.js';
import type { CsvTimeReader } from './csv-time.js';
import { decimalTextToUnits } from './decimal-units.js';

/** What to do with a row that has an empty value (see `CsvSourceOptions.missing`). */
export type MissingValuePolicy = 'skip' | 'forward-fill' | 'fail';

/** How one file's rows are read, as decided from its header and a sample of its rows. */
export interface CsvReading {
  symbol: string;
  file: string;
  frequency: Frequency;
  layout: CsvLayout;
  delimiter: string;
  priceScale: number;
  volumeScale: number;
  times: CsvTimeReader;
  policy: MissingValuePolicy;
  /** First and last bar start kept (UTC ms); rows outside are read but not kept. */
  start: number;
  end: number;
}

const MISSING = new Set(['', 'nan', 'null', 'na', 'n/a', '-', 'none']);
/** Marks an empty field; distinct from NaN (unparsable) so the policies can tell them apart. */
const MISSING_VALUE = -Infinity;

/**
 * The row loop of the CSV source: each line becomes a bar, a dropped row or a
 * repaired one, in file order, with the issues recorded as it goes. The
 * TypeScript reader feeds it every line (`readLine`); the Rust reader feeds
 * it the rows it read itself (`pushRead`) and hands the others to `readLine`,
 * so that both give the same bars and the same report.
 */
export class CsvRowReader {
  /** The bars kept, in file order. */
  readonly raw: BarRows;
  /** Issues of this file's rows (moved into the fetch's log when the file is done). */
  readonly rowLog: IssueLog;
  /** Whether some number was not plain (the sampled scales may then be too small). */
  unusual = false;
  readonly #r: CsvReading;
  readonly #fields: CsvFields;
  readonly #priceColumns: number[];
  #previousClose = NaN;

  /**
   * @param reading - the file's layout, scales and policies
   * @param capacity - expected rows
   * @param strict - whether a dropped row throws
   */
  constructor(reading: CsvReading, capacity: number, strict: boolean) {
    this.#r = reading;
    this.raw = new BarRows(
      reading.symbol,
      reading.frequency,
      reading.priceScale,
      reading.volumeScale,
      capacity,
    );
    this.rowLog = new IssueLog(strict);
    this.#fields = new CsvFields(reading.delimiter, reading.layout.width);
    const { open, high, low, close } = reading.layout;
    this.#priceColumns = [open, high, low, close];
  }

  /** A row the Rust reader read: plain values, a readable date, every field present. */
  pushRead(at: number, o: number, h: number, l: number, c: number, v: number, line: number): void {
    if (at < this.#r.start || at > this.#r.end) {
      if (at < this.#r.start && Number.isSafeInteger(c) && c > 0) this.#previousClose = c;
      return;
    }
    this.raw.push(at, o, h, l, c, v, line);
    if (Number.isSafeInteger(c) && c > 0) this.#previousClose = c;
  }

  /**
   * Reads the line `content[from, lineEnd)`, numbered `line` in the file.
   *
   * @throws DataError for an empty value under the `fail` policy; in strict
   *   mode, for a dropped row.
   */
  readLine(content: string, from: number, lineEnd: number, line: number): void {
    if (isBlank(content, from, lineEnd)) return;
    const { symbol, file, layout, times, start, end } = this.#r;
    const fields = this.#fields;
    const width = fields.scanRange(content, from, lineEnd);
    const text = (k: number): string | undefined =>
      k < fields.count ? content.slice(fields.start[k], fields.end[k]) : undefined;
    const at =
      (layout.time === undefined && layout.date < fields.count
        ? times.readPlainIsoAt(content, fields.start[layout.date], fields.end[layout.date])
        : undefined) ??
      times.read(
        text(layout.date) ?? '',
        layout.time === undefined ? undefined : text(layout.time),
      );
    const outside = at < start || at > end;
    if (!outside && (width < layout.width || Number.isNaN(at))) {
      this.rowLog.record({
        symbol,
        row: line,
        timestamp: Number.isNaN(at) ? undefined : at,
        problem: 'unparsable',
        action: 'dropped',
        detail:
          width < layout.width
            ? `${width} fields, header has ${layout.width}`
            : `unreadable date ${JSON.stringify(text(layout.date))}`,
      });
      return;
    }
    const units = (k: number, scale: number): number => {
      const fast =
        k < fields.count
          ? plainDecimalUnits(content, fields.start[k], fields.end[k], scale)
          : undefined;
      if (fast !== undefined) return fast;
      this.unusual = true;
      return priceUnits(text(k), scale);
    };
    const { priceScale, volumeScale } = this.#r;
    let o = units(layout.open, priceScale);
    let h = units(layout.high, priceScale);
    let l = units(layout.low, priceScale);
    let c = units(layout.close, priceScale);
    let v = layout.volume === undefined ? 0 : units(layout.volume, volumeScale);
    if (outside) {
      if (at < start && Number.isSafeInteger(c) && c > 0) this.#previousClose = c;
      return;
    }
    if (
      o === MISSING_VALUE ||
      h === MISSING_VALUE ||
      l === MISSING_VALUE ||
      c === MISSING_VALUE ||
      v === MISSING_VALUE
    ) {
      const policy = this.#r.policy;
      const priceColumns = this.#priceColumns;
      const empty = priceColumns.filter((column) => field(text(column)) === undefined);
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
      if (o === MISSING_VALUE) o = this.#previousClose;
      if (policy === 'skip' || Number.isNaN(o)) {
        this.rowLog.record(
          { ...issue, problem: 'missing-value', action: 'dropped', detail },
          false,
        );
        return;
      }
      if (c === MISSING_VALUE) c = o;
      h = Math.max(h === MISSING_VALUE ? -Infinity : h, o, c);
      l = Math.min(l === MISSING_VALUE ? Infinity : l, o, c);
      if (v === MISSING_VALUE) v = 0;
      this.rowLog.record(
        { ...issue, problem: 'forward-filled', action: 'repaired', detail },
        false,
      );
    }
    this.raw.push(at, o, h, l, c, v, line);
    if (Number.isSafeInteger(c) && c > 0) this.#previousClose = c;
  }
}

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

/** Whether `text[from, to)` holds only spaces, tabs and carriage returns. */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 13) return false;
  }
  return true;
}

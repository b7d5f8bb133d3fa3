import { ConfigError } from '../../errors/index.js';
import { utcDay } from '../../calendar/session-label.js';
import { zonedTimeToUtc, checkTimeZone } from '../../calendar/zoned-time.js';

/** How dates are written in a CSV file; `auto` detects it from the file. */
export type CsvDateFormat = 'auto' | 'iso' | 'ymd-compact' | 'mdy' | 'dmy' | 'epoch-s' | 'epoch-ms';

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2}):?(\d{2}):?(\d{2})?)?$/;
const SLASHED = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const CLOCK = /^(\d{1,2}):?(\d{2}):?(\d{2})?$/;

/**
 * Detects the date format from a file's date values: ISO (`2020-01-02`, with
 * optional time and offset), compact (`20200102`), epoch seconds or ms, or
 * slashed dates, read as day-first when any first field exceeds 12 and as
 * month-first otherwise.
 *
 * @throws ConfigError when no format fits the first value.
 */
export function detectDateFormat(values: readonly string[]): Exclude<CsvDateFormat, 'auto'> {
  const first = values.find((v) => v.trim() !== '')?.trim() ?? '';
  if (/^\d{13}$/.test(first)) return 'epoch-ms';
  if (/^\d{9,10}(\.\d+)?$/.test(first)) return 'epoch-s';
  if (ISO.test(first)) return 'iso';
  if (COMPACT.test(first)) return 'ymd-compact';
  if (SLASHED.test(first)) {
    const dayFirst = values.some((v) => Number(SLASHED.exec(v.trim())?.[1] ?? 0) > 12);
    return dayFirst ? 'dmy' : 'mdy';
  }
  throw new ConfigError(
    `Cannot tell the date format of ${JSON.stringify(first)}: pass dateFormat (iso, ymd-compact, mdy, dmy, epoch-s or epoch-ms; on the command line --date-format).`,
  );
}

/**
 * Turns date (and optional separate time) text into bar starts: for daily
 * bars the session label of the written date; for intraday bars the UTC
 * instant, reading times without an offset in `timeZone`.
 */
export class CsvTimeReader {
  readonly #format: Exclude<CsvDateFormat, 'auto'>;
  readonly #timeZone: string;
  readonly #daily: boolean;
  readonly #offsets = new Map<number, number>();
  /** The last date read (`y·10^4 + m·100 + d`) and its label: consecutive bars share a day. */
  #lastDayKey = -1;
  #lastLabel = 0;

  /**
   * @param format - the file's date format
   * @param timeZone - IANA zone of times written without an offset
   * @param daily - whether bars are daily (the time of day is ignored)
   * @throws CalendarError when the zone is unknown
   */
  constructor(format: Exclude<CsvDateFormat, 'auto'>, timeZone: string, daily: boolean) {
    checkTimeZone(timeZone);
    this.#format = format;
    this.#timeZone = timeZone;
    this.#daily = daily;
  }

  /** The date format this reader reads. */
  get format(): Exclude<CsvDateFormat, 'auto'> {
    return this.#format;
  }

  /** The bar start for `date` and `time` text, or NaN when they cannot be read. */
  read(date: string, time: string | undefined): number {
    if (time === undefined) {
      const fast = this.readPlainIsoAt(date, 0, date.length);
      if (fast !== undefined) return fast;
    }
    const fields = this.#fields(date.trim());
    if (fields === undefined) return NaN;
    const [y, mo, d, h, mi, s, ms, offset] = fields;
    let hour = h;
    let minute = mi;
    let second = s;
    if (time !== undefined && time.trim() !== '') {
      const clock = CLOCK.exec(time.trim());
      if (clock === null) return NaN;
      hour = Number(clock[1]);
      minute = Number(clock[2]);
      second = Number(clock[3] ?? 0);
    }
    if (!validDate(y, mo, d) || hour > 24 || minute > 59 || second > 60) return NaN;
    const label = Date.UTC(y, mo - 1, d);
    if (this.#daily) return label;
    const local = label + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    if (offset !== undefined) return local - offset;
    return local - this.#offsetAt(local);
  }

  /**
   * The bar start of the common `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (or
   * `T`) without an offset written at `line[from, to)`, read digit by digit
   * in place (no substring); undefined when the text has another shape (or
   * the format is not ISO), for the caller to fall back to {@link read}.
   */
  readPlainIsoAt(line: string, from: number, to: number): number | undefined {
    if (this.#format !== 'iso') return undefined;
    const n = to - from;
    if (n !== 10 && n !== 19) return undefined;
    if (line.charCodeAt(from + 4) !== 45 || line.charCodeAt(from + 7) !== 45) return undefined;
    const y = digits(line, from, 4);
    const mo = digits(line, from + 5, 2);
    const d = digits(line, from + 8, 2);
    const dayKey = y * 10_000 + mo * 100 + d;
    let label: number;
    if (dayKey === this.#lastDayKey) {
      label = this.#lastLabel;
    } else {
      if (Number.isNaN(dayKey) || !validDate(y, mo, d)) return undefined;
      label = Date.UTC(y, mo - 1, d);
      this.#lastDayKey = dayKey;
      this.#lastLabel = label;
    }
    if (this.#daily) return label;
    let seconds = 0;
    if (n === 19) {
      const separator = line.charCodeAt(from + 10);
      if (
        (separator !== 32 && separator !== 84) ||
        line.charCodeAt(from + 13) !== 58 ||
        line.charCodeAt(from + 16) !== 58
      ) {
        return undefined;
      }
      const h = digits(line, from + 11, 2);
      const mi = digits(line, from + 14, 2);
      const sec = digits(line, from + 17, 2);
      if (Number.isNaN(h + mi + sec) || h > 24 || mi > 59 || sec > 60) return undefined;
      seconds = (h * 60 + mi) * 60 + sec;
    }
    const local = label + seconds * 1000;
    return local - this.#offsetAt(local);
  }

  #offsetAt(local: number): number {
    if (this.#timeZone === 'UTC') return 0;
    const hourKey = Math.floor(local / 3_600_000);
    let offset = this.#offsets.get(hourKey);
    if (offset === undefined) {
      const hourStart = hourKey * 3_600_000;
      const day = utcDay(hourStart);
      offset = hourStart - zonedTimeToUtc(this.#timeZone, day, (hourStart - day) / 60_000);
      this.#offsets.set(hourKey, offset);
    }
    return offset;
  }

  /** [year, month, day, hour, minute, second, ms, offsetMs | undefined] */
  #fields(
    text: string,
  ): [number, number, number, number, number, number, number, number | undefined] | undefined {
    switch (this.#format) {
      case 'epoch-s':
      case 'epoch-ms': {
        if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
        const instant = Number(text) * (this.#format === 'epoch-s' ? 1000 : 1);
        const t = new Date(Math.round(instant));
        return [
          t.getUTCFullYear(),
          t.getUTCMonth() + 1,
          t.getUTCDate(),
          t.getUTCHours(),
          t.getUTCMinutes(),
          t.getUTCSeconds(),
          t.getUTCMilliseconds(),
          0,
        ];
      }
      case 'iso': {
        const m = ISO.exec(text);
        if (m === null) return undefined;
        return [
          Number(m[1]),
          Number(m[2]),
          Number(m[3]),
          Number(m[4] ?? 0),
          Number(m[5] ?? 0),
          Number(m[6] ?? 0),
          Number((m[7] ?? '0').padEnd(3, '0')),
          parseOffset(m[8]),
        ];
      }
      case 'ymd-compact': {
        const m = COMPACT.exec(text);
        if (m === null) return undefined;
        return [
          Number(m[1]),
          Number(m[2]),
          Number(m[3]),
          Number(m[4] ?? 0),
          Number(m[5] ?? 0),
          Number(m[6] ?? 0),
          0,
          undefined,
        ];
      }
      case 'mdy':
      case 'dmy': {
        const m = SLASHED.exec(text);
        if (m === null) return undefined;
        const [a, b] = [Number(m[1]), Number(m[2])];
        const [month, day] = this.#format === 'mdy' ? [a, b] : [b, a];
        return [
          Number(m[3]),
          month,
          day,
          Number(m[4] ?? 0),
          Number(m[5] ?? 0),
          Number(m[6] ?? 0),
          0,
          undefined,
        ];
      }
    }
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS_IN_MONTH[mo - 1] + (leap ? 1 : 0);
}

/** The number written by `length` ASCII digits at `from`, or NaN. */
function digits(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return NaN;
    value = value * 10 + code;
  }
  return value;
}

function parseOffset(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return (text[0] === '-' ? -1 : 1) * minutes * 60_000;
}

import { ConfigError } from '../../errors/index.js';

/** Which header names hold which field. Names match case-insensitively. */
export interface CsvColumns {
  /** Date or date-time column; the first column when its header is empty. */
  date: string;
  /** Separate time-of-day column, when the file splits date and time. */
  time?: string;
  open: string;
  high: string;
  low: string;
  close: string;
  /** Volume column; volume is 0 when the file has none. */
  volume?: string;
}

/** Column positions in a file, resolved from its header. */
export interface CsvLayout {
  date: number;
  time: number | undefined;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number | undefined;
  width: number;
}

const ALIASES: Record<keyof CsvColumns, string[]> = {
  date: ['date', 'datetime', 'timestamp', 'time', 'date_time', 'dt', ''],
  time: ['time'],
  open: ['open', 'o'],
  high: ['high', 'h'],
  low: ['low', 'l'],
  close: ['close', 'c', 'last'],
  volume: ['volume', 'vol', 'v'],
};

/** The delimiter among `,` `;` tab `|` that splits the header line into the most fields. */
export function detectDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const count = headerLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Finds each field's column from the header, using `mapping` where given and
 * the usual names otherwise (`Date`, `Open`, `Adj Close` is not `Close`, ...).
 *
 * @throws ConfigError naming the missing field and the header found.
 */
export function resolveLayout(
  header: readonly string[],
  mapping: Partial<CsvColumns>,
  file: string,
): CsvLayout {
  const names = header.map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const find = (field: keyof CsvColumns, required: boolean): number | undefined => {
    const wanted = mapping[field];
    const candidates = wanted === undefined ? ALIASES[field] : [wanted.toLowerCase()];
    for (const candidate of candidates) {
      const index = names.indexOf(candidate);
      if (index >= 0) return index;
    }
    if (required) {
      throw new ConfigError(
        `${file}: no ${field} column in header [${header.join(', ')}]; map it with columns.${field} (on the command line --columns ${field}=<header>).`,
      );
    }
    return undefined;
  };
  const date = find('date', true) as number;
  let time = find('time', false);
  if (time === date) time = undefined;
  return {
    date,
    time,
    open: find('open', true) as number,
    high: find('high', true) as number,
    low: find('low', true) as number,
    close: find('close', true) as number,
    volume: find('volume', false),
    width: header.length,
  };
}

// The CSV reading options of `rustybt run` (and of a run config file), from
// their text form to CsvSource options, each checked with an error naming the flag.
import { checkTimeZone } from '../../calendar/zoned-time.js';
import type { CsvColumns } from '../../data/sources/csv-layout.js';
import type { CsvSourceOptions, MissingDataPolicy } from '../../data/sources/csv-source.js';
import type { CsvDateFormat } from '../../data/sources/csv-time.js';
import { ConfigError } from '../../errors/index.js';

/** The CSV layout settings, as text, the way the flags and a config file give them. */
export interface CsvSettings {
  /** `--date-format` */
  dateFormat?: string;
  /** `--columns date=Date,close=Adj Close,...` */
  columns?: string | Readonly<Record<string, string>>;
  /** `--delimiter`: one character, or `tab`. */
  delimiter?: string;
  /** `--timezone`: IANA zone of times written without an offset. */
  timezone?: string;
  /** `--scale N` (price decimals) or `--scale price=N,volume=M`. */
  scale?: string | number | Readonly<Record<string, number>>;
  /** `--missing skip|forward-fill|fail` */
  missing?: string;
}

/** The flag each setting comes from, for messages. */
export const CSV_FLAGS: Readonly<Record<keyof CsvSettings, string>> = {
  dateFormat: '--date-format',
  columns: '--columns',
  delimiter: '--delimiter',
  timezone: '--timezone',
  scale: '--scale',
  missing: '--missing',
};

const DATE_FORMATS: readonly CsvDateFormat[] = [
  'auto',
  'iso',
  'ymd-compact',
  'mdy',
  'dmy',
  'epoch-s',
  'epoch-ms',
];
const COLUMN_FIELDS: readonly (keyof CsvColumns)[] = [
  'date',
  'time',
  'open',
  'high',
  'low',
  'close',
  'volume',
];
const MISSING_POLICIES: readonly MissingDataPolicy[] = ['skip', 'forward-fill', 'fail'];
const DELIMITER_NAMES: Readonly<Record<string, string>> = {
  tab: '\t',
  '\\t': '\t',
  comma: ',',
  semicolon: ';',
  pipe: '|',
};
const MAX_SCALE = 12;

/** The settings given (those not undefined), by flag name. */
export function givenCsvFlags(settings: CsvSettings): string[] {
  return (Object.keys(CSV_FLAGS) as (keyof CsvSettings)[])
    .filter((key) => settings[key] !== undefined)
    .map((key) => CSV_FLAGS[key]);
}

/**
 * CsvSource options for `directory` from the text settings.
 *
 * @throws ConfigError naming the flag, the value and what it accepts.
 */
export function csvSourceOptions(
  directory: string,
  settings: CsvSettings,
  names: Readonly<Record<keyof CsvSettings, string>> = CSV_FLAGS,
): CsvSourceOptions {
  const options: CsvSourceOptions = { directory };
  const s = settings;
  if (s.dateFormat !== undefined) options.dateFormat = dateFormatOf(s.dateFormat, names.dateFormat);
  if (s.columns !== undefined) options.columns = columnsOf(s.columns, names.columns);
  if (s.delimiter !== undefined) options.delimiter = delimiterOf(s.delimiter, names.delimiter);
  if (s.timezone !== undefined) options.timeZone = timeZoneOf(s.timezone, names.timezone);
  if (s.scale !== undefined) Object.assign(options, scalesOf(s.scale, names.scale));
  if (s.missing !== undefined) options.missing = missingOf(s.missing, names.missing);
  return options;
}

function dateFormatOf(text: string, flag: string): CsvDateFormat {
  const format = text.trim().toLowerCase() as CsvDateFormat;
  if (!DATE_FORMATS.includes(format)) {
    throw new ConfigError(
      `${flag} ${JSON.stringify(text)} is not a date format: use one of ${DATE_FORMATS.join(', ')} (iso: 2020-01-31, ymd-compact: 20200131, mdy: 01/31/2020, dmy: 31/01/2020, epoch-s/epoch-ms: Unix time).`,
    );
  }
  return format;
}

function columnsOf(
  value: string | Readonly<Record<string, string>>,
  flag: string,
): Partial<CsvColumns> {
  const pairs: [string, string][] =
    typeof value === 'string'
      ? value.split(',').map((pair) => splitPair(pair, flag))
      : Object.entries(value);
  const columns: Partial<CsvColumns> = {};
  for (const [field, header] of pairs) {
    const key = field.trim().toLowerCase() as keyof CsvColumns;
    if (!COLUMN_FIELDS.includes(key)) {
      throw new ConfigError(
        `${flag}: ${JSON.stringify(field)} is not a bar field; map any of ${COLUMN_FIELDS.join(', ')} to a header, e.g. --columns "date=Date,close=Adj Close".`,
      );
    }
    if (header.trim() === '') {
      throw new ConfigError(
        `${flag}: ${key} maps to an empty header name; write ${key}=<header as in the file>.`,
      );
    }
    if (columns[key] !== undefined) {
      throw new ConfigError(`${flag} maps ${key} twice; give each field once.`);
    }
    columns[key] = header.trim();
  }
  return columns;
}

function splitPair(pair: string, flag: string): [string, string] {
  const at = pair.indexOf('=');
  if (at <= 0) {
    throw new ConfigError(
      `${flag}: ${JSON.stringify(pair)} is not field=header; write e.g. --columns "date=Date,close=Adj Close,volume=Vol".`,
    );
  }
  return [pair.slice(0, at), pair.slice(at + 1)];
}

function delimiterOf(text: string, flag: string): string {
  const named = DELIMITER_NAMES[text.toLowerCase()];
  if (named !== undefined) return named;
  if (text.length !== 1 || /[\w\s".-]/.test(text)) {
    throw new ConfigError(
      `${flag} ${JSON.stringify(text)} is not a field separator: give one character such as , ; | or the word tab.`,
    );
  }
  return text;
}

function timeZoneOf(text: string, flag: string): string {
  try {
    checkTimeZone(text);
  } catch (error) {
    throw new ConfigError(
      `${flag} ${JSON.stringify(text)} is not an IANA time zone: use e.g. America/New_York, Europe/London or UTC.`,
      { cause: error },
    );
  }
  return text;
}

function scalesOf(
  value: string | number | Readonly<Record<string, number>>,
  flag: string,
): Pick<CsvSourceOptions, 'priceScale' | 'volumeScale'> {
  const usage = 'give the price decimals (--scale 4) or both (--scale price=4,volume=0)';
  const entries: [string, string][] =
    typeof value === 'number'
      ? [['price', String(value)]]
      : typeof value === 'object'
        ? Object.entries(value).map(([key, digits]) => [key, String(digits)])
        : value.includes('=')
          ? value.split(',').map((pair) => {
              const [key = '', digits = ''] = pair.split('=');
              return [key.trim().toLowerCase(), digits.trim()];
            })
          : [['price', value.trim()]];
  const scales: Pick<CsvSourceOptions, 'priceScale' | 'volumeScale'> = {};
  for (const [key, digits] of entries) {
    if (key !== 'price' && key !== 'volume') {
      throw new ConfigError(`${flag}: unknown part ${JSON.stringify(key)}; ${usage}.`);
    }
    if (!/^\d+$/.test(digits) || Number(digits) > MAX_SCALE) {
      throw new ConfigError(
        `${flag}: ${key} decimals must be a whole number from 0 to ${MAX_SCALE}, got ${JSON.stringify(digits)}; ${usage}.`,
      );
    }
    scales[key === 'price' ? 'priceScale' : 'volumeScale'] = Number(digits);
  }
  return scales;
}

function missingOf(text: string, flag: string): MissingDataPolicy {
  const policy = text.trim().toLowerCase() as MissingDataPolicy;
  if (!MISSING_POLICIES.includes(policy)) {
    throw new ConfigError(
      `${flag} ${JSON.stringify(text)} is not a policy: use skip (drop rows with empty values), forward-fill (fill from the previous close) or fail.`,
    );
  }
  return policy;
}

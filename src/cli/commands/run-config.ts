// `rustybt run --config FILE`: a run's settings kept in a YAML or JSON file,
// checked with zod; flags given on the command line override the file.
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import { ConfigError } from '../../errors/index.js';
import { calendarFromFile } from './calendar-flags.js';
import { csvSourceOptions, CSV_FLAGS, type CsvSettings } from './csv-flags.js';
import { commissionOf, slippageOf } from './model-flags.js';
import type { CliRunOutcome } from './run-action.js';
import type { RunFlags } from './run-command.js';
import type { RunSettings } from './run-settings.js';

const decimalText = z.union([z.string(), z.number()]);
const modelSpec = z.union([
  z.string(),
  z.looseObject({ model: z.string() }),
  z.record(z.string(), z.union([z.string(), z.looseObject({ model: z.string() })])),
]);

const DATA_SHAPE = {
  bundle: z.string().optional(),
  csv: z.string().optional(),
  source: z.string().optional(),
  exchange: z.string().optional(),
  cache: z.boolean().optional(),
  symbols: z.union([z.string(), z.array(z.string())]).optional(),
  frequency: z.enum(['daily', 'hourly', 'minute']).optional(),
  dateFormat: z
    .enum(['auto', 'iso', 'ymd-compact', 'mdy', 'dmy', 'epoch-s', 'epoch-ms'])
    .optional(),
  columns: z.record(z.string(), z.string()).optional(),
  delimiter: z.string().optional(),
  timezone: z.string().optional(),
  scale: z
    .union([
      z.number().int(),
      z.strictObject({ price: z.number().int().optional(), volume: z.number().int().optional() }),
    ])
    .optional(),
  missing: z.enum(['skip', 'forward-fill', 'fail']).optional(),
};

const CONFIG_SHAPE = {
  strategy: z.string().optional(),
  data: z.strictObject(DATA_SHAPE).optional(),
  start: z.string().optional(),
  end: z.string().optional(),
  capitalBase: decimalText.optional(),
  calendar: z.string().optional(),
  calendarFile: z.string().optional(),
  numeric: z.enum(['decimal', 'float']).optional(),
  commission: modelSpec.optional(),
  slippage: modelSpec.optional(),
  benchmark: z.string().optional(),
  fillPrice: z.enum(['open', 'close']).optional(),
  warmup: z.number().int().nonnegative().optional(),
  output: z.string().optional(),
};

const RUN_CONFIG = z.strictObject(CONFIG_SHAPE);

/** The content of a run config file, as its schema checks it. */
export type RunConfig = z.infer<typeof RUN_CONFIG>;

const ALLOWED_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(CONFIG_SHAPE),
  data: Object.keys(DATA_SHAPE),
};

/** Flag names a config file's keys stand for, for the override rule. */
const FLAG_KEYS: readonly (keyof RunSettings)[] = [
  'file',
  'bundle',
  'csvDir',
  'source',
  'exchange',
  'cache',
  'start',
  'end',
  'capitalBase',
  'dataFrequency',
  'numeric',
  'calendar',
  'calendarFile',
  'benchmark',
  'fillPrice',
  'symbols',
  'warmup',
  'output',
  'commission',
  'slippage',
  'dateFormat',
  'columns',
  'delimiter',
  'timezone',
  'scale',
  'missing',
];

/**
 * Reads a run config file (`.yaml`, `.yml` or `.json`) into run settings.
 * Paths in it (strategy, data.csv, calendarFile, output) are relative to the
 * file's folder. Every value is checked here, so an error names the key.
 *
 * @throws ConfigError naming the file, the key and the values allowed.
 */
export function loadRunConfig(path: string): RunSettings {
  const config = parseConfig(path);
  const here = dirname(resolve(path));
  const at = (file: string | undefined) => (file === undefined ? undefined : resolve(here, file));
  const data = config.data ?? {};
  checkOrigins(path, data);
  const settings: RunSettings = {
    file: at(config.strategy),
    bundle: data.bundle,
    csvDir: at(data.csv),
    source: data.source,
    exchange: data.exchange,
    cache: data.cache,
    symbols: data.symbols,
    dataFrequency: data.frequency,
    dateFormat: data.dateFormat,
    columns: data.columns,
    delimiter: data.delimiter,
    timezone: data.timezone,
    scale: data.scale,
    missing: data.missing,
    start: config.start,
    end: config.end,
    capitalBase: config.capitalBase,
    calendar: config.calendar,
    calendarFile: at(config.calendarFile),
    numeric: config.numeric,
    commission: modelText(config.commission),
    slippage: modelText(config.slippage),
    benchmark: config.benchmark,
    fillPrice: config.fillPrice,
    warmup: config.warmup,
    output: at(config.output),
  };
  checkValues(path, settings);
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

/**
 * What `rustybt run` does: the config file's settings (if `--config`), with
 * every flag given on the command line over them, then the run.
 */
export async function runFromCommandLine(
  flags: RunFlags,
  sourceOf: (key: string) => string | undefined,
): Promise<CliRunOutcome> {
  const { runFromFlags } = await import('./run-action.js');
  const { config, ...given } = flags;
  if (config === undefined) return runFromFlags(given);
  const settings: Record<string, unknown> = { ...loadRunConfig(config) };
  for (const key of FLAG_KEYS) {
    const value = given[key];
    if (value !== undefined && sourceOf(key) === 'cli') settings[key] = value;
  }
  return runFromFlags(settings);
}

function parseConfig(path: string): RunConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `--config ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the path of a .yaml or .json run config (rustybt init writes one).`,
      { cause: error },
    );
  }
  const extension = extname(path).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    throw new ConfigError(`--config ${path}: name the file .yaml, .yml or .json.`);
  }
  let raw: unknown;
  try {
    raw = extension === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `${path} is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (raw === null || raw === undefined) raw = {};
  const parsed = RUN_CONFIG.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => describeIssue(issue));
  throw new ConfigError(`${path}: ${problems.join('; ')}.`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const allowed = ALLOWED_KEYS[issue.path.join('.')];
    const where = issue.path.length === 0 ? '' : ` in ${key}`;
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}${where}${allowed === undefined ? '' : `; allowed: ${allowed.join(', ')}`}`;
  }
  if (issue.code === 'invalid_value') {
    return `${key} must be one of ${issue.values.map((v) => String(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    return `${key} must be ${issue.expected === 'object' ? 'a mapping' : issue.expected}`;
  }
  if (issue.code === 'invalid_union') {
    return `${key} has the wrong form; see docs/guide/run-config.md for the forms it takes`;
  }
  return `${key}: ${issue.message}`;
}

/** `{ model: per-share, cost: 0.005, min: 1 }` → `per-share:cost=0.005,min=1`; per-class maps likewise. */
function modelText(
  spec: RunConfig['commission'],
): string | Readonly<Record<string, string>> | undefined {
  if (spec === undefined || typeof spec === 'string') return spec;
  if (typeof spec.model === 'string') return objectModelText(spec);
  const byClass: Record<string, string> = {};
  for (const [assetClass, one] of Object.entries(spec)) {
    byClass[assetClass] =
      typeof one === 'string' ? one : objectModelText(one as Record<string, unknown>);
  }
  return byClass;
}

function objectModelText(spec: Record<string, unknown>): string {
  const params = Object.entries(spec)
    .filter(([key]) => key !== 'model')
    .map(([key, value]) => `${key}=${String(value)}`);
  return params.length === 0 ? String(spec.model) : `${String(spec.model)}:${params.join(',')}`;
}

/** Runs the parsers the flags use, with the file's key names in their messages. */
function checkValues(path: string, settings: RunSettings): void {
  const csv: CsvSettings = {
    dateFormat: settings.dateFormat,
    columns: settings.columns,
    delimiter: settings.delimiter,
    timezone: settings.timezone,
    scale: settings.scale,
    missing: settings.missing,
  };
  const names = Object.fromEntries(
    Object.keys(CSV_FLAGS).map((key) => [key, `${path}: data.${key}`]),
  ) as Record<keyof CsvSettings, string>;
  csvSourceOptions('.', csv, names);
  if (settings.commission !== undefined) commissionOf(settings.commission, `${path}: commission`);
  if (settings.slippage !== undefined) slippageOf(settings.slippage, `${path}: slippage`);
  if (settings.calendarFile !== undefined) {
    calendarFromFile(settings.calendarFile, `${path}: calendarFile`);
  }
}

function checkOrigins(path: string, data: NonNullable<RunConfig['data']>): void {
  const given = (['bundle', 'csv', 'source'] as const).filter((key) => data[key] !== undefined);
  const csvThroughSource = data.source?.trim().toLowerCase() === 'csv';
  if (given.length > 1 && !(given.length === 2 && csvThroughSource && data.bundle === undefined)) {
    throw new ConfigError(
      `${path}: ${given.map((key) => `data.${key}`).join(' and ')} are set together, but the bars come from one place: keep one (data.csv with data.source: csv reads the folder through the cache).`,
    );
  }
}

// What `rustybt run` does once its flags are parsed: loaded only when the command runs.
import { checkResultsPath, exportResults } from '../../analytics/results-export.js';
import { sessionFromDate } from '../../assets/session-date.js';
import { describeUnknownSymbols } from '../../assets/symbol-suggestions.js';
import { dropsBySymbol } from '../../data/bundles/drop-policy.js';
import type { FetchReport } from '../../data/sources/data-source.js';
import type { BarFrame } from '../../data/bar-frame.js';
import type { BacktestResults } from '../../engine/algorithm/results.js';
import { runAlgorithm } from '../../engine/algorithm/run-algorithm.js';
import { frequencyOf, type RunOptions } from '../../engine/algorithm/run-options.js';
import { ConfigError, DataError, OutputError, ReportError } from '../../errors/index.js';
import { RunProgress } from './run-progress.js';
import { formatRunSummary } from './run-summary.js';

import { CALENDAR_NAMES, type TradingCalendar } from '../../calendar/index.js';
import type { CsvSource, CsvSourceOptions } from '../../data/sources/csv-source.js';
import { calendarFromData, calendarFromFile } from './calendar-flags.js';
import { csvSourceOptions, givenCsvFlags, type CsvSettings } from './csv-flags.js';
import { commissionOf, slippageOf } from './model-flags.js';
import { withDefaults, type RunSettings } from './run-settings.js';

/** What a run from the command line produced. */
export interface CliRunOutcome {
  results: BacktestResults;
  /** The summary text printed. */
  summary: string;
  /** Files written (`-o`, then `--report`), the main one first. */
  files: string[];
  /** Why the results (`-o`) or the report could not be written after the run succeeded; the summary still stands. */
  outputError?: OutputError | ReportError;
}

/**
 * Runs a backtest as `rustybt run` does: checks the flags and the output path,
 * runs, then writes the results file; nothing is written when the run fails.
 * A failure to write the results after a good run is returned as
 * `outputError` beside the summary, for the caller to print both.
 *
 * @throws ConfigError for bad flags or an output path that cannot be written; whatever `runAlgorithm` throws.
 */
export async function runFromFlags(flags: RunSettings): Promise<CliRunOutcome> {
  if (flags.output !== undefined) checkResultsPath(flags.output);
  const options = await optionsFromFlags(flags);
  // The report's renderer (ECharts) loads only when a report is asked for.
  const report =
    flags.report === undefined
      ? undefined
      : await import('../../analytics/report/render-report.js');
  if (flags.report !== undefined) report?.checkReportPath(flags.report);
  const progress = flags.quiet === true ? undefined : new RunProgress({ stream: process.stderr });
  let results: BacktestResults;
  try {
    results = await runAlgorithm({ ...options, onProgress: progress?.onProgress });
  } finally {
    progress?.stop();
  }
  if (flags.csvDir !== undefined && flags.source === undefined)
    results.meta.data = `CSV directory ${flags.csvDir}`;
  const summary = formatRunSummary(results, { terminal: process.stdout.isTTY === true });
  let files: string[] = [];
  try {
    if (flags.output !== undefined) files = await exportResults(results, flags.output);
  } catch (error) {
    // The path passed its check before the run; whatever changed since, the run's summary stands.
    if (error instanceof OutputError) return { results, summary, files, outputError: error };
    if (!(error instanceof ConfigError)) throw error;
    const outputError = new OutputError(
      `Could not write the results: ${error.message.replace(/\.$/, '')} (it changed during the run). Nothing was written there.`,
      { cause: error },
    );
    return { results, summary, files, outputError };
  }
  let saved = files.length === 0 ? '' : `Results written to ${files.join(', ')}\n`;
  if (flags.report !== undefined && report !== undefined) {
    try {
      files.push(await report.writeReport(results, flags.report));
    } catch (error) {
      // As for -o: the run's summary stands, the report's failure is said after it.
      if (!(error instanceof ReportError)) throw error;
      return { results, summary: `${summary}${saved}`, files, outputError: error };
    }
    saved += `Report written to ${flags.report}\n`;
  }
  return { results, summary: `${summary}${saved}`, files };
}

/**
 * The run options `rustybt run` builds from its flags (also what `rustybt optimize` and `walkforward` read).
 *
 * @throws ConfigError for bad flags; DataError for an unreadable CSV directory.
 */
export async function optionsFromFlags(given: RunSettings): Promise<RunOptions> {
  const flags = withDefaults(given);
  const csv = csvSettingsOf(flags);
  const numeric = flags.numeric;
  if (numeric !== 'decimal' && numeric !== 'float') {
    throw new ConfigError(`--numeric must be decimal or float, got ${JSON.stringify(numeric)}.`);
  }
  const fillPrice = flags.fillPrice;
  if (fillPrice !== undefined && fillPrice !== 'open' && fillPrice !== 'close') {
    throw new ConfigError(`--fill-price must be open or close, got ${JSON.stringify(fillPrice)}.`);
  }
  if (flags.file === undefined) {
    throw new ConfigError(
      'run needs the strategy: give -f <file> (or strategy: in the config file).',
    );
  }
  if (flags.start === undefined || flags.end === undefined) {
    throw new ConfigError('run needs the range: give --start and --end as YYYY-MM-DD.');
  }
  sessionFromDate(flags.start, '--start');
  sessionFromDate(flags.end, '--end');
  checkAmount(String(flags.capitalBase), '--capital-base');
  if (!['daily', 'hourly', 'minute'].includes(String(flags.dataFrequency))) {
    throw new ConfigError(
      `--data-frequency must be daily, hourly or minute, got ${JSON.stringify(flags.dataFrequency)}.`,
    );
  }
  const symbols = symbolsOf(flags.symbols);
  const calendar = calendarChoiceOf(flags);
  const common: RunOptions = {
    strategy: flags.file,
    start: flags.start,
    end: flags.end,
    capitalBase: flags.capitalBase!,
    dataFrequency: flags.dataFrequency as RunOptions['dataFrequency'],
    numeric,
    calendar: calendar === 'data' ? undefined : calendar,
    benchmark: flags.benchmark,
    fillPrice,
    symbols,
    warmupSessions: warmupOf(flags.warmup),
    commission: flags.commission === undefined ? undefined : commissionOf(flags.commission),
    slippage: flags.slippage === undefined ? undefined : slippageOf(flags.slippage),
  };
  const origin = originOf(flags, csv);
  if (origin === 'bundle') {
    return { ...common, bundle: flags.bundle, verifyData: flags.verify !== false };
  }
  if (calendar === 'data' && origin !== 'csv-dir') {
    throw new ConfigError(
      '--calendar data takes the sessions from bars read before the run: use it with --csv-dir DIR (without --source), or give the sessions with --calendar-file FILE.',
    );
  }
  if (origin === 'source') {
    // Loaded here: the adapters of every source are not needed for a bundle or CSV run.
    const csvSource =
      flags.source!.trim().toLowerCase() === 'csv'
        ? await newCsvSource({ ...csvSourceOptions(flags.csvDir!, csv), calendar })
        : undefined;
    const source =
      csvSource ??
      (await import('./source-choice.js')).cliSource(flags.source!, {
        exchange: flags.exchange,
        calendar,
      });
    const wanted = symbols ?? (csvSource === undefined ? [] : await csvSource.listSymbols());
    if (wanted.length === 0) {
      throw new ConfigError(
        `--source ${flags.source} needs the symbols to fetch: add --symbols, e.g. --symbols AAPL,MSFT.`,
      );
    }
    if (flags.cache === false) return { ...common, symbols: wanted, dataSource: source };
    // Loaded here: the cache (SQLite, DuckDB) is not needed for a bundle or CSV run.
    const { cached } = await import('../../data/cache/index.js');
    return { ...common, symbols: wanted, dataSource: cached(source) };
  }
  const frames = await csvFrames(
    csvSourceOptions(flags.csvDir!, csv),
    symbols,
    flags.dataFrequency!,
    flags.strict === true,
  );
  return {
    ...common,
    frames,
    calendar: calendar === 'data' ? calendarFromData(frames) : common.calendar,
  };
}

/** Where the bars come from, after checking that the data options fit together. */
function originOf(flags: RunSettings, csv: CsvSettings): 'bundle' | 'csv-dir' | 'source' {
  const isCsvSource = flags.source?.trim().toLowerCase() === 'csv';
  if (isCsvSource && flags.csvDir === undefined) {
    throw new ConfigError(
      '--source csv reads a directory of CSV files: add --csv-dir DIR (one SYMBOL.csv per symbol).',
    );
  }
  const origins = [flags.bundle, isCsvSource ? undefined : flags.csvDir, flags.source].filter(
    (o) => o !== undefined,
  );
  if (origins.length !== 1) {
    throw new ConfigError(
      'run needs the bars from one place: give exactly one of --bundle <name> (see rustybt bundles), --csv-dir <dir> (optionally with --source csv to read it through the cache) or --source <name> with --symbols.',
    );
  }
  const csvFlags = givenCsvFlags(csv);
  if (csvFlags.length > 0 && flags.csvDir === undefined) {
    throw new ConfigError(
      `${csvFlags.join(', ')} describe${csvFlags.length === 1 ? 's' : ''} CSV files: use ${csvFlags.length === 1 ? 'it' : 'them'} with --csv-dir DIR (or --source csv --csv-dir DIR), or drop ${csvFlags.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (flags.exchange !== undefined && flags.source?.trim().toLowerCase() !== 'ccxt') {
    throw new ConfigError(
      '--exchange picks the exchange of --source ccxt: add --source ccxt or drop it.',
    );
  }
  if (flags.bundle !== undefined) return 'bundle';
  return flags.source === undefined ? 'csv-dir' : 'source';
}

function calendarChoiceOf(flags: RunSettings): string | TradingCalendar | undefined {
  if (flags.calendarFile !== undefined) {
    if (flags.calendar !== undefined) {
      throw new ConfigError(
        `--calendar ${flags.calendar} and --calendar-file ${flags.calendarFile} both choose the calendar: give one.`,
      );
    }
    return calendarFromFile(flags.calendarFile);
  }
  const name = flags.calendar?.trim();
  if (name === undefined || name.toLowerCase() === 'data') return name?.toLowerCase();
  const known = CALENDAR_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  if (known === undefined) {
    throw new ConfigError(
      `--calendar ${JSON.stringify(name)} is not a calendar: use ${CALENDAR_NAMES.join(', ')}, data (the sessions present in the data) or --calendar-file FILE (one session per line).`,
    );
  }
  return known;
}

function csvSettingsOf(flags: RunSettings): CsvSettings {
  const { dateFormat, columns, delimiter, timezone, scale, missing } = flags;
  return { dateFormat, columns, delimiter, timezone, scale, missing };
}

function symbolsOf(value: RunSettings['symbols']): string[] | undefined {
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? value.split(',') : [...value];
  const symbols = list.map((s) => s.trim()).filter((s) => s !== '');
  return symbols.length === 0 ? undefined : symbols;
}

/**
 * Every bar of the directory's files (or of `symbols`), read through the CSV
 * source; the run then reports the range actually available when the dates
 * fall outside it.
 */
async function csvFrames(
  options: CsvSourceOptions,
  symbols: readonly string[] | undefined,
  dataFrequency: string,
  strict: boolean,
): Promise<BarFrame[]> {
  const directory = options.directory;
  const source = await newCsvSource(options);
  let available: string[];
  try {
    available = await source.listSymbols();
  } catch (error) {
    throw new ConfigError(`--csv-dir ${directory}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const unknown = (symbols ?? []).filter((s) => !available.includes(s));
  if (unknown.length > 0) {
    throw new DataError(
      `Unknown symbol${unknown.length > 1 ? 's' : ''} ${describeUnknownSymbols(unknown, available)} in CSV directory ${directory}; it holds ${available.join(', ') || 'no .csv or .txt files'}.`,
    );
  }
  const wanted = symbols ?? available;
  if (wanted.length === 0) {
    throw new DataError(`CSV directory ${directory} holds no .csv or .txt files.`);
  }
  const fetched = await source.fetch(
    wanted,
    new Date(0),
    new Date(Date.UTC(2100, 0, 1)),
    frequencyOf(dataFrequency),
    { strict },
  );
  const report = describeDrops(fetched.frames, fetched.report);
  if (report !== undefined) process.stderr.write(`rustybt: --csv-dir ${directory}: ${report}\n`);
  return fetched.frames;
}

/** The rows a fetch dropped, as ingest reports them, or undefined when none. */
function describeDrops(frames: readonly BarFrame[], report: FetchReport): string | undefined {
  const drops = dropsBySymbol(frames, report).filter((d) => d.dropped > 0);
  if (drops.length === 0) return undefined;
  const reasons = new Map<string, number>();
  for (const issue of report.issues) {
    if (issue.action === 'dropped')
      reasons.set(issue.problem, (reasons.get(issue.problem) ?? 0) + 1);
  }
  const total = drops.reduce((sum, d) => sum + d.dropped, 0);
  const bySymbol = drops.map((d) => `${d.symbol} ${d.dropped} of ${d.kept + d.dropped}`).join(', ');
  const why = [...reasons]
    .sort((a, b) => b[1] - a[1])
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');
  return `dropped ${total} bad row(s) (${why}; ${bySymbol}); --strict stops at the first bad row instead.`;
}

/** A positive plain decimal amount typed by the user (`100000`, `25000.50`). */
function checkAmount(text: string, flag: string): void {
  if (/^\s*[+-]?(nan|inf(inity)?)\s*$/i.test(text)) {
    throw new ConfigError(
      `${flag} is ${/nan/i.test(text) ? 'NaN' : 'Infinity'}: give a finite positive amount, e.g. ${flag} 100000.`,
    );
  }
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !/[1-9]/.test(text)) {
    throw new ConfigError(
      `${flag} must be a positive decimal amount with a '.' for decimals and no separators, e.g. 100000 or 25000.50; got ${JSON.stringify(text)}.`,
    );
  }
}

function warmupOf(value: string | number | undefined): number {
  if (value === undefined) return 0;
  const text = String(value);
  if (!/^\d+$/.test(text.trim())) {
    throw new ConfigError(
      `--warmup must be a whole number of sessions, got ${JSON.stringify(text)}.`,
    );
  }
  return Number(text);
}

/** A CSV source: its reader (and the validation behind it) loads only for a run that reads CSV. */
async function newCsvSource(options: CsvSourceOptions): Promise<CsvSource> {
  const { CsvSource } = await import('../../data/sources/csv-source.js');
  return new CsvSource(options);
}

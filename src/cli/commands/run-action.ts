// What `rustybt run` does once its flags are parsed: loaded only when the command runs.
import { checkResultsPath, exportResults } from '../../analytics/results-export.js';
import type { BarFrame } from '../../data/bar-frame.js';
import { cached } from '../../data/cache/index.js';
import { dropsBySymbol } from '../../data/bundles/drop-policy.js';
import { CsvSource } from '../../data/sources/csv-source.js';
import type { FetchReport } from '../../data/sources/data-source.js';
import type { BacktestResults } from '../../engine/algorithm/results.js';
import { runAlgorithm } from '../../engine/algorithm/run-algorithm.js';
import { frequencyOf, type RunOptions } from '../../engine/algorithm/run-options.js';
import { sessionFromDate } from '../../assets/session-date.js';
import { describeUnknownSymbols } from '../../assets/symbol-suggestions.js';
import { ConfigError, DataError, OutputError } from '../../errors/index.js';
import { RunProgress } from './run-progress.js';
import { formatRunSummary } from './run-summary.js';
import { cliSource } from './source-choice.js';

import type { RunFlags } from './run-command.js';

/** What a run from the command line produced. */
export interface CliRunOutcome {
  results: BacktestResults;
  /** The summary text printed. */
  summary: string;
  /** Files written (`-o`), the main one first. */
  files: string[];
  /** Why the results could not be written (`-o`) after the run succeeded; the summary still stands. */
  outputError?: OutputError;
}

/**
 * Runs a backtest as `rustybt run` does: checks the flags and the output path,
 * runs, then writes the results file; nothing is written when the run fails.
 * A failure to write the results after a good run is returned as
 * `outputError` beside the summary, for the caller to print both.
 *
 * @throws ConfigError for bad flags or an output path that cannot be written; whatever `runAlgorithm` throws.
 */
export async function runFromFlags(flags: RunFlags): Promise<CliRunOutcome> {
  if (flags.output !== undefined) checkResultsPath(flags.output);
  const options = await optionsFromFlags(flags);
  const progress = new RunProgress({ stream: process.stderr });
  let results: BacktestResults;
  try {
    results = await runAlgorithm({ ...options, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  if (flags.csvDir !== undefined) results.meta.data = `CSV directory ${flags.csvDir}`;
  const summary = formatRunSummary(results);
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
  const saved = files.length === 0 ? '' : `Results written to ${files.join(', ')}\n`;
  return { results, summary: `${summary}${saved}`, files };
}

async function optionsFromFlags(flags: RunFlags): Promise<RunOptions> {
  const origins = [flags.bundle, flags.csvDir, flags.source].filter((o) => o !== undefined);
  if (origins.length !== 1) {
    throw new ConfigError(
      'run needs the bars: give exactly one of --bundle <name> (see rustybt bundles), --csv-dir <dir> or --source <name> with --symbols.',
    );
  }
  sessionFromDate(flags.start!, '--start');
  sessionFromDate(flags.end!, '--end');
  checkAmount(flags.capitalBase, '--capital-base');
  if (!['daily', 'hourly', 'minute'].includes(flags.dataFrequency)) {
    throw new ConfigError(
      `--data-frequency must be daily, hourly or minute, got ${JSON.stringify(flags.dataFrequency)}.`,
    );
  }
  const numeric = flags.numeric;
  if (numeric !== 'decimal' && numeric !== 'float') {
    throw new ConfigError(`--numeric must be decimal or float, got ${JSON.stringify(numeric)}.`);
  }
  const fillPrice = flags.fillPrice;
  if (fillPrice !== undefined && fillPrice !== 'open' && fillPrice !== 'close') {
    throw new ConfigError(`--fill-price must be open or close, got ${JSON.stringify(fillPrice)}.`);
  }
  const symbols = flags.symbols
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const common: RunOptions = {
    strategy: flags.file!,
    start: flags.start!,
    end: flags.end!,
    capitalBase: flags.capitalBase,
    dataFrequency: flags.dataFrequency as RunOptions['dataFrequency'],
    numeric,
    calendar: flags.calendar,
    benchmark: flags.benchmark,
    fillPrice,
    symbols,
    warmupSessions: warmupOf(flags.warmup),
  };
  if (flags.bundle !== undefined) {
    return { ...common, bundle: flags.bundle, verifyData: flags.verify !== false };
  }
  if (flags.source !== undefined) {
    if (symbols === undefined || symbols.length === 0) {
      throw new ConfigError(
        `--source ${flags.source} needs the symbols to fetch: add --symbols, e.g. --symbols AAPL,MSFT.`,
      );
    }
    const source = cliSource(flags.source, { exchange: flags.exchange, calendar: flags.calendar });
    return { ...common, dataSource: flags.cache === false ? source : cached(source) };
  }
  return {
    ...common,
    frames: await csvFrames(flags.csvDir!, symbols, flags.dataFrequency, flags.strict === true),
  };
}

/**
 * Every bar of the directory's files (or of `symbols`), read through the CSV
 * source; the run then reports the range actually available when the dates
 * fall outside it.
 */
async function csvFrames(
  directory: string,
  symbols: readonly string[] | undefined,
  dataFrequency: string,
  strict: boolean,
): Promise<BarFrame[]> {
  const source = new CsvSource({ directory });
  let available: string[];
  try {
    available = await source.listSymbols();
  } catch (error) {
    throw new ConfigError(`Cannot read --csv-dir ${directory}: ${(error as Error).message}.`, {
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

function warmupOf(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text.trim())) {
    throw new ConfigError(
      `--warmup must be a whole number of sessions, got ${JSON.stringify(text)}.`,
    );
  }
  return Number(text);
}

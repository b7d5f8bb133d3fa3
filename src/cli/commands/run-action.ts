// What `rustybt run` does once its flags are parsed: loaded only when the command runs.
import { exportResults, EXPORT_FORMATS } from '../../analytics/results-export.js';
import type { BarFrame } from '../../data/bar-frame.js';
import { cached } from '../../data/cache/index.js';
import { CsvSource } from '../../data/sources/csv-source.js';
import type { BacktestResults } from '../../engine/algorithm/results.js';
import { runAlgorithm } from '../../engine/algorithm/run-algorithm.js';
import { frequencyOf, type RunOptions } from '../../engine/algorithm/run-options.js';
import { ConfigError, DataError } from '../../errors/index.js';
import { extname } from 'node:path';
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
}

/**
 * Runs a backtest as `rustybt run` does: checks the flags, runs, then writes
 * the results file; nothing is written when the run fails.
 *
 * @throws ConfigError for bad flags; whatever `runAlgorithm` throws.
 */
export async function runFromFlags(flags: RunFlags): Promise<CliRunOutcome> {
  const options = await optionsFromFlags(flags);
  if (flags.output !== undefined) checkOutput(flags.output);
  const progress = new RunProgress({ stream: process.stderr });
  let results: BacktestResults;
  try {
    results = await runAlgorithm({ ...options, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  if (flags.csvDir !== undefined) results.meta.data = `CSV directory ${flags.csvDir}`;
  const files = flags.output === undefined ? [] : await exportResults(results, flags.output);
  const summary = formatRunSummary(results);
  const saved = files.length === 0 ? '' : `Results written to ${files.join(', ')}\n`;
  return { results, summary: `${summary}${saved}`, files };
}

/**
 * The run options `rustybt run` builds from its flags (also what `rustybt optimize` and `walkforward` read).
 *
 * @throws ConfigError for bad flags; DataError for an unreadable CSV directory.
 */
export async function optionsFromFlags(flags: RunFlags): Promise<RunOptions> {
  const origins = [flags.bundle, flags.csvDir, flags.source].filter((o) => o !== undefined);
  if (origins.length !== 1) {
    throw new ConfigError(
      'run needs the bars: give exactly one of --bundle <name> (see rustybt bundles), --csv-dir <dir> or --source <name> with --symbols.',
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
  if (flags.bundle !== undefined) return { ...common, bundle: flags.bundle };
  if (flags.source !== undefined) {
    if (symbols === undefined || symbols.length === 0) {
      throw new ConfigError(
        `--source ${flags.source} needs the symbols to fetch: add --symbols, e.g. --symbols AAPL,MSFT.`,
      );
    }
    const source = cliSource(flags.source, { exchange: flags.exchange, calendar: flags.calendar });
    return { ...common, dataSource: flags.cache === false ? source : cached(source) };
  }
  return { ...common, frames: await csvFrames(flags.csvDir!, symbols, flags.dataFrequency) };
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
      `Unknown symbol${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in CSV directory ${directory}; it holds ${available.join(', ') || 'no .csv or .txt files'}.`,
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
  );
  return fetched.frames;
}

function checkOutput(path: string): void {
  if (!(EXPORT_FORMATS as readonly string[]).includes(extname(path).toLowerCase())) {
    throw new ConfigError(
      `-o ${path}: unsupported extension ${JSON.stringify(extname(path))}; use one of ${EXPORT_FORMATS.join(', ')}.`,
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

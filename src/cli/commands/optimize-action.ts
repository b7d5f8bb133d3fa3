// What `rustybt optimize` does once its flags are parsed: loaded only when the command runs.
import { join } from 'node:path';
import { writeFileAtomic } from '../../analytics/atomic-file.js';
import { rustybtHome } from '../../data/bundles/bundle-home.js';
import type { MarketOptions } from '../../engine/algorithm/run-options.js';
import { ConfigError } from '../../errors/index.js';
import { parseGrid } from '../../optimize/grid-spec.js';
import { checkObjective, objectiveValue } from '../../optimize/objective.js';
import { describeSpace } from '../../optimize/parameter-space.js';
import { formatParams, sweepReportHtml } from '../../optimize/sweep-report.js';
import type { SweepBacktest } from '../../optimize/sweep-run.js';
import { sweepDirectory, storeSweep } from '../../optimize/sweep-store.js';
import {
  runSweep,
  serialExecutor,
  threadExecutor,
  type ExecutorFactory,
  type SweepOptions,
  type SweepOutcome,
} from '../../optimize/sweep.js';
import type { OptimizeFlags } from './optimize-command.js';
import { optionsFromFlags } from './run-action.js';
import { SweepProgress } from './sweep-progress.js';

/** A sweep's options from the command line, before the executor runs. */
export async function sweepOptionsFromFlags(
  flags: OptimizeFlags,
): Promise<Omit<SweepOptions, 'onRecord'> & { home: string }> {
  if (flags.bundle === undefined && flags.csvDir === undefined) {
    throw new ConfigError(
      'A sweep needs the bars: give --bundle <name> (see rustybt bundles; rustybt demo makes one) or --csv-dir <dir>.',
    );
  }
  const run = await optionsFromFlags(flags);
  const market: MarketOptions = {
    start: run.start,
    end: run.end,
    bundle: run.bundle,
    frames: run.frames,
    symbols: run.symbols,
    dataFrequency: run.dataFrequency,
    calendar: run.calendar,
    warmupSessions: run.warmupSessions,
  };
  const backtest: SweepBacktest = { capitalBase: String(run.capitalBase) };
  if (run.numeric !== undefined) backtest.numeric = run.numeric;
  if (run.fillPrice !== undefined) backtest.fillPrice = run.fillPrice;
  if (run.benchmark !== undefined) backtest.benchmark = run.benchmark;
  const objective = checkObjective(flags.objective, flags.minimize === true ? 'min' : 'max');
  const random =
    flags.random === undefined
      ? undefined
      : { count: wholeNumber(flags.random, '--random'), seed: wholeNumber(flags.seed, '--seed') };
  return {
    strategy: flags.file!,
    market,
    backtest,
    grid: flags.grid === undefined ? undefined : parseGrid(flags.grid),
    random,
    objective,
    executor: await executorFromFlags(flags),
    home: rustybtHome(),
  };
}

/** The executor the flags ask for. */
export async function executorFromFlags(flags: OptimizeFlags): Promise<ExecutorFactory> {
  const workers = flags.workers === undefined ? undefined : wholeNumber(flags.workers, '--workers');
  const kind = flags.executor ?? (workers !== undefined && workers > 1 ? 'threads' : 'serial');
  if (kind === 'serial') return serialExecutor;
  if (kind === 'threads') return threadExecutor(workers);
  if (kind === 'redis') {
    if (flags.redisUrl === undefined) {
      throw new ConfigError(
        '--executor redis needs --redis-url, e.g. --redis-url redis://127.0.0.1:6379.',
      );
    }
    if (flags.bundle === undefined) {
      throw new ConfigError(
        '--executor redis needs --bundle: workers on other machines load the data by bundle name and check its version.',
      );
    }
    const { redisExecutor } = await import('../../optimize/redis-executor.js');
    const { checkRedisReachable } = await import('../../optimize/redis-reachable.js');
    // Before the data is loaded: a wrong URL is said at once.
    await checkRedisReachable(flags.redisUrl);
    return redisExecutor({ url: flags.redisUrl, queue: flags.queue ?? 'rustybt-sweeps' });
  }
  throw new ConfigError(
    `--executor must be serial, threads or redis, got ${JSON.stringify(kind)}.`,
  );
}

/**
 * Runs `rustybt optimize`: the sweep with a progress bar, then stores it
 * (SQLite and Parquet in RUSTYBT_HOME), writes the report and returns the
 * text to print (the best parameters first).
 */
export async function optimizeFromFlags(flags: OptimizeFlags): Promise<string> {
  const { home, ...options } = await sweepOptionsFromFlags(flags);
  const progress = new SweepProgress(process.stderr, 'optimize');
  let outcome: SweepOutcome;
  try {
    outcome = await runSweep({
      ...options,
      onRecord: (record, done, total) => progress.onRun(record.status === 'failed', done, total),
    });
  } finally {
    progress.stop();
  }
  const stored = await storeSweep(home, outcome);
  const report = flags.report ?? join(sweepDirectory(home, outcome.sweepId), 'report.html');
  const html = sweepReportHtml(outcome, wholeNumber(flags.top, '--top'));
  await writeFileAtomic(report, () => Promise.resolve(html));
  return formatOutcome(outcome, stored, report);
}

/** The summary printed after a sweep. */
export function formatOutcome(
  outcome: SweepOutcome,
  stored: { database: string; parquet: string },
  report: string,
): string {
  const failed = outcome.records.filter((r) => r.status === 'failed');
  const lines = [
    `Sweep ${outcome.sweepId}: ${outcome.records.length} runs of ${outcome.strategyPath} over ${describeSpace(outcome.space)} on ${outcome.dataOrigin} (${outcome.executor} executor), ${failed.length} failed`,
  ];
  if (outcome.best === undefined) {
    lines.push(`No run has a value for ${outcome.objective.statistic}.`);
  } else {
    const value = objectiveValue(outcome.best, outcome.objective)!;
    lines.push(
      `Best parameters (${outcome.objective.direction === 'max' ? 'highest' : 'lowest'} ${outcome.objective.statistic}): ${formatParams(outcome.best.params)}`,
      `  ${outcome.objective.statistic} ${value.toFixed(4)}, total return ${fmt(outcome.best.statistics.totalReturn)}, max drawdown ${fmt(outcome.best.statistics.maxDrawdown)}, trades ${fmt(outcome.best.statistics.tradeCount)}`,
    );
  }
  if (failed.length > 0) {
    lines.push(`First failure (${formatParams(failed[0].params)}): ${failed[0].error?.message}`);
  }
  lines.push(
    `Stored in ${stored.database} (sweep ${outcome.sweepId}) and ${stored.parquet}`,
    `Report: ${report}`,
  );
  return `${lines.join('\n')}\n`;
}

function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

/** A positive whole number from a flag. */
export function wholeNumber(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0) {
    throw new ConfigError(`${flag} must be a positive whole number, got ${JSON.stringify(text)}.`);
  }
  return Number(text);
}

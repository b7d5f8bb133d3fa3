import { createHash } from 'node:crypto';
import { prepareMarket, type PreparedMarket } from '../engine/algorithm/prepared-market.js';
import type { MarketOptions } from '../engine/algorithm/run-options.js';
import type { StrategyParams } from '../engine/algorithm/strategy-params.js';
import { ParameterError } from '../errors/index.js';
import type { RecordListener, SweepExecutor } from './executor.js';
import { marketChecksum } from './market-checksum.js';
import { bestRecord, type Objective } from './objective.js';
import { describeSpace, gridOf, type ParameterSpace } from './parameter-space.js';
import { randomCombinations } from './random-search.js';
import { SerialExecutor } from './serial-executor.js';
import type { RunRecord, SweepBacktest, SweepTask } from './sweep-run.js';
import { loadSweepStrategy, type SweepStrategy } from './sweep-strategy.js';
import { ThreadExecutor } from './thread-executor.js';

/** What an executor is built from: everything a run needs, and the sweep's identity. */
export interface SweepSetup {
  market: PreparedMarket;
  marketOptions: MarketOptions;
  strategy: SweepStrategy;
  backtest: SweepBacktest;
  /** The market's checksum (`marketChecksum`). */
  dataVersion: string;
  /** Derived from strategy, data, backtest and tasks: the same sweep has the same id. */
  sweepId: string;
}

/** Builds the executor of a sweep (serial, threads, redis, or your own). */
export type ExecutorFactory = (setup: SweepSetup) => SweepExecutor | Promise<SweepExecutor>;

/** A parameter sweep: strategy file, data, grid, objective, executor. */
export interface SweepOptions {
  /** Path of the strategy module. */
  strategy: string;
  /** Where the bars come from and the range. */
  market: MarketOptions;
  /** Cash, numeric mode, fills, benchmark: shared by every run. */
  backtest: SweepBacktest;
  /** The values to try; default: the strategy's `export const params`. */
  grid?: ParameterSpace;
  /** Try `count` combinations drawn with `seed` instead of the whole grid. */
  random?: { count: number; seed: number };
  /** What ranks the runs. */
  objective: Objective;
  /** Default: serial. */
  executor?: ExecutorFactory;
  /** Each finished run. */
  onRecord?: RecordListener;
  /** Keep every run's results JSON in its record. */
  keepResults?: boolean;
  /** A market already prepared from `market` (walk-forward passes its windows'). */
  prepared?: PreparedMarket;
}

/** What a sweep produced. */
export interface SweepOutcome {
  sweepId: string;
  strategyPath: string;
  strategyHash: string;
  /** Where the data came from (`bundle demo (version …)`). */
  dataOrigin: string;
  dataVersion: string;
  space: ParameterSpace;
  objective: Objective;
  executor: string;
  /** One per run, in task order. */
  records: RunRecord[];
  /** The best run by the objective, undefined when none has a value. */
  best: RunRecord | undefined;
}

/** Runs on this thread, one after another. */
export const serialExecutor: ExecutorFactory = (setup) =>
  new SerialExecutor(setup.market, setup.strategy, setup.backtest);

/** Runs on `threads` worker threads (piscina) sharing the market's memory. */
export function threadExecutor(threads?: number): ExecutorFactory {
  return (setup) => new ThreadExecutor(setup.market, setup.strategy, setup.backtest, { threads });
}

/**
 * Runs a parameter sweep: loads the strategy and the market once, builds the
 * grid (or a seeded random draw from it) that the strategy's constraint
 * allows, runs every combination on the executor and ranks the runs.
 *
 * @throws ParameterError for a grid naming parameters the strategy does not
 *   declare, or no grid at all; StrategyError, ConfigError, DataError as a
 *   backtest would.
 */
export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  const strategy = await loadSweepStrategy(options.strategy);
  const space = sweepSpace(strategy, options.grid);
  const combos =
    options.random === undefined
      ? gridOf(space, strategy.constraint)
      : randomCombinations(space, options.random.count, options.random.seed, strategy.constraint);
  const tasks: SweepTask[] = combos.map((params, index) => ({ index, params }));
  const market = options.prepared ?? (await prepareMarket(options.market));
  const dataVersion = marketChecksum(market);
  const sweepId = sweepIdOf(strategy.hash, dataVersion, options.backtest, combos);
  const setup: SweepSetup = {
    market,
    marketOptions: options.market,
    strategy,
    backtest: options.backtest,
    dataVersion,
    sweepId,
  };
  const executor = await (options.executor ?? serialExecutor)(setup);
  let records: RunRecord[];
  try {
    records = await executor.run(tasks, options.onRecord);
  } finally {
    await executor.close();
  }
  return {
    sweepId,
    strategyPath: strategy.path,
    strategyHash: strategy.hash,
    dataOrigin: market.origin,
    dataVersion,
    space,
    objective: options.objective,
    executor: executor.kind,
    records,
    best: bestRecord(records, options.objective),
  };
}

/**
 * The grid to sweep: the given one (every name declared by the strategy when
 * it declares a space; its other parameters keep their first value), else the
 * strategy's own.
 */
function sweepSpace(strategy: SweepStrategy, grid: ParameterSpace | undefined): ParameterSpace {
  const declared = strategy.space;
  if (grid === undefined) {
    if (declared === undefined) {
      throw new ParameterError(
        `Strategy ${strategy.path} declares no parameters; give a grid (--grid fast=5:50:5,slow=20:200:10) or export const params = { fast: range(5, 50, 5) } from it.`,
      );
    }
    return declared;
  }
  if (declared === undefined) return grid;
  const unknown = Object.keys(grid).filter((name) => !(name in declared));
  if (unknown.length > 0) {
    throw new ParameterError(
      `Parameter ${unknown[0]} is not declared by ${strategy.path}, which declares ${describeSpace(declared)}; check the spelling.`,
      unknown[0],
    );
  }
  const merged: Record<string, readonly StrategyParams[string][]> = {};
  for (const [name, values] of Object.entries(declared)) merged[name] = grid[name] ?? [values[0]];
  return merged;
}

function sweepIdOf(
  strategyHash: string,
  dataVersion: string,
  backtest: SweepBacktest,
  combos: readonly StrategyParams[],
): string {
  return createHash('sha256')
    .update(JSON.stringify({ strategyHash, dataVersion, backtest, combos }))
    .digest('hex')
    .slice(0, 16);
}

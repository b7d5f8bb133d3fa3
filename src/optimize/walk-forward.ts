import { prepareMarket } from '../engine/algorithm/prepared-market.js';
import { runOnMarket } from '../engine/algorithm/run-algorithm.js';
import type { MarketOptions } from '../engine/algorithm/run-options.js';
import type { StrategyParams } from '../engine/algorithm/strategy-params.js';
import { summarizeRisk } from '../engine/metrics/index.js';
import { objectiveValue } from './objective.js';
import type { RunRecord } from './sweep-run.js';
import { loadSweepStrategy } from './sweep-strategy.js';
import { runSweep, type SweepOptions, type SweepOutcome } from './sweep.js';
import type { WalkForwardWindow } from './walk-forward-windows.js';

/** A walk-forward: a sweep's options, and the windows (`walkForwardWindows`). */
export interface WalkForwardOptions extends Omit<SweepOptions, 'prepared'> {
  windows: readonly WalkForwardWindow[];
  /** Called when a window starts (its position from 0). */
  onWindow?: (window: WalkForwardWindow, position: number) => void;
}

/** One window's outcome: the training sweep and the best parameters' out-of-sample run. */
export interface WindowOutcome {
  window: WalkForwardWindow;
  /** The sweep over the training window. */
  sweep: SweepOutcome;
  /** The best training parameters (undefined when no run had a value for the objective). */
  params: StrategyParams | undefined;
  /** Objective on the training window. */
  trainObjective: number | undefined;
  /** The test window's run with `params`: its statistics and daily returns. */
  test: { statistics: RunRecord['statistics']; sessions: string[]; returns: number[] } | undefined;
}

/** A whole walk-forward: the windows, and the out-of-sample equity stitched across test windows. */
export interface WalkForwardOutcome {
  windows: WindowOutcome[];
  /** Out-of-sample equity from 1: each test session compounds its run's return. */
  equity: { session: string; value: number }[];
  /** Risk statistics of the stitched out-of-sample returns. */
  statistics: Record<string, number | null>;
}

/**
 * Runs a walk-forward: for each window, a sweep over the training window
 * (on the executor given) picks the best parameters by the objective, and one
 * backtest with them runs on the test window, which the sweep never saw (its
 * history and indicators warmed up over the training window, no trading there). The
 * test windows' daily returns are stitched into one out-of-sample equity curve.
 * A window whose sweep has no best run contributes no test run (and no equity).
 */
export async function runWalkForward(options: WalkForwardOptions): Promise<WalkForwardOutcome> {
  const outcomes: WindowOutcome[] = [];
  const strategy = await loadSweepStrategy(options.strategy);
  let annualization = 252;
  for (const [position, window] of options.windows.entries()) {
    options.onWindow?.(window, position);
    const trainMarket: MarketOptions = {
      ...options.market,
      start: window.trainStart,
      end: window.trainEnd,
    };
    const prepared = await prepareMarket(trainMarket);
    const sweep = await runSweep({ ...options, market: trainMarket, prepared });
    // The test run sees the training window as history (no trading in it), as it would have live.
    const trainSessions = prepared.timeline.sessions.length - prepared.warmup;
    const best = sweep.best;
    let test: WindowOutcome['test'];
    if (best !== undefined) {
      const market = await prepareMarket({
        ...options.market,
        start: window.testStart,
        end: window.testEnd,
        warmupSessions: trainSessions + (options.market.warmupSessions ?? 0),
      });
      annualization = market.calendar.annualization;
      const results = await runOnMarket(market, {
        ...options.backtest,
        strategy: strategy.create(),
        params: best.params,
      });
      const statistics: Record<string, number | null> = {};
      for (const [key, value] of Object.entries(results.risk)) {
        if (typeof value === 'number') statistics[key] = Number.isFinite(value) ? value : null;
      }
      const sessions = results.performance.columns.find((c) => c.name === 'session')!
        .values as string[];
      test = { statistics, sessions: [...sessions], returns: Array.from(results.returns) };
    }
    outcomes.push({
      window,
      sweep,
      params: best?.params,
      trainObjective: best === undefined ? undefined : objectiveValue(best, options.objective),
      test,
    });
  }
  const equity: { session: string; value: number }[] = [];
  const returns: number[] = [];
  let value = 1;
  for (const outcome of outcomes) {
    if (outcome.test === undefined) continue;
    outcome.test.returns.forEach((r, k) => {
      const step = Number.isFinite(r) ? r : 0;
      value *= 1 + step;
      returns.push(step);
      equity.push({ session: outcome.test!.sessions[k], value });
    });
  }
  const statistics: Record<string, number | null> = {};
  if (returns.length > 0) {
    const summary = summarizeRisk(Float64Array.from(returns), { annualization });
    for (const [key, v] of Object.entries(summary)) {
      if (typeof v === 'number') statistics[key] = Number.isFinite(v) ? v : null;
    }
  }
  return { windows: outcomes, equity, statistics };
}

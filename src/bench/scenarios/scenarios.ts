import { existsSync } from 'node:fs';
import { profilingBundle, type ProfilingBundle } from '../../data/bundles/profiling-bundles.js';
import { ingestIntoBundle } from '../../data/bundles/ingest-bridge.js';
import { bundleDirectory } from '../../data/bundles/bundle-layout.js';
import { rustybtHome } from '../../data/bundles/bundle-home.js';
import { SyntheticSource } from '../../data/sources/synthetic-source.js';
import { DAY_MS } from '../../calendar/index.js';
import { ConfigError } from '../../errors/index.js';
import type { NumericMode } from '../../numeric/numeric.js';
import { runAlgorithm } from '../../engine/algorithm/run-algorithm.js';
import type { BacktestResults } from '../../engine/algorithm/results.js';
import type { AlgorithmStrategy, DataFrequency } from '../../engine/algorithm/run-options.js';
import { indicatorRotation } from './indicator-rotation.js';
import { smaCrossover } from './sma-crossover.js';

/** The profiling and benchmark scenarios, by name. */
export type ScenarioName = 'daily' | 'hourly' | 'minute';

/** The two strategies every scenario runs. */
export type ScenarioStrategy = 'simple' | 'complex';

/** A scenario: a profiling bundle and the run over it. */
export interface Scenario {
  name: ScenarioName;
  /** The profiling bundle (real source) whose synthetic twin it runs on offline. */
  bundle: ProfilingBundle;
  dataFrequency: DataFrequency;
}

const BUNDLES: Record<ScenarioName, [string, DataFrequency]> = {
  daily: ['yfinance-profiling', 'daily'],
  hourly: ['ccxt-hourly-profiling', 'hourly'],
  minute: ['ccxt-minute-profiling', 'minute'],
};

/** All scenario names, smallest data first. */
export const SCENARIO_NAMES: readonly ScenarioName[] = ['daily', 'hourly', 'minute'];

/**
 * A scenario by name: daily (50 stocks, 2 years), hourly (20 crypto pairs,
 * 6 months), minute (10 crypto pairs, 1 month).
 *
 * @throws ConfigError for an unknown name.
 */
export function scenario(name: string): Scenario {
  const entry = BUNDLES[name as ScenarioName];
  if (entry === undefined) {
    throw new ConfigError(
      `Unknown scenario ${JSON.stringify(name)}; use ${SCENARIO_NAMES.join(', ')}.`,
    );
  }
  const bundle = profilingBundle(entry[0])!;
  return { name: name as ScenarioName, bundle, dataFrequency: entry[1] };
}

/** The strategy of a scenario run: an SMA crossover (simple) or the indicator rotation (complex). */
export function scenarioStrategy(kind: string): AlgorithmStrategy {
  if (kind === 'simple') return smaCrossover();
  if (kind === 'complex') return indicatorRotation();
  throw new ConfigError(
    `Unknown scenario strategy ${JSON.stringify(kind)}; use simple or complex.`,
  );
}

/** Name of the bundle holding a scenario's offline data. */
export function twinBundleName(scenario: Scenario): string {
  return `${scenario.bundle.name}-synthetic`;
}

/**
 * Makes sure the synthetic twin of a scenario's profiling bundle exists in
 * `home` (same symbols, sessions, frequency and scales; seeded, so every
 * machine builds the same bars), ingesting it when missing.
 */
export async function prepareScenario(scenario: Scenario, home = rustybtHome()): Promise<string> {
  const name = twinBundleName(scenario);
  if (existsSync(bundleDirectory(home, name))) return name;
  const spec = scenario.bundle;
  const source = new SyntheticSource({
    calendar: spec.calendar,
    seed: spec.seed,
    priceScale: spec.priceScale,
    volumeScale: spec.volumeScale,
  });
  await ingestIntoBundle(
    source,
    name,
    { symbols: spec.symbols, start: spec.start, end: spec.end, frequency: spec.frequency },
    { home, assetClass: spec.assetClass, exchange: spec.exchange },
  );
  return name;
}

/** What `runScenario` needs. */
export interface ScenarioRun {
  scenario: ScenarioName;
  strategy: ScenarioStrategy;
  numeric?: NumericMode;
  home?: string;
  /** Run only the first `sessions` sessions (for tests); the whole range by default. */
  sessions?: number;
}

/** Runs one scenario on its synthetic twin bundle and returns the results. */
export async function runScenario(run: ScenarioRun): Promise<BacktestResults> {
  const chosen = scenario(run.scenario);
  const home = run.home ?? rustybtHome();
  const bundle = await prepareScenario(chosen, home);
  const spec = chosen.bundle;
  const start = spec.start.toISOString().slice(0, 10);
  const lastDay = Math.floor(spec.end.getTime() / DAY_MS) * DAY_MS;
  const end =
    run.sessions === undefined
      ? new Date(lastDay).toISOString().slice(0, 10)
      : new Date(Math.min(lastDay, spec.start.getTime() + (run.sessions + 6) * DAY_MS))
          .toISOString()
          .slice(0, 10);
  return runAlgorithm({
    strategy: scenarioStrategy(run.strategy),
    bundle,
    home,
    start,
    end,
    capitalBase: 1_000_000,
    dataFrequency: chosen.dataFrequency,
    calendar: spec.calendar,
    numeric: run.numeric ?? 'decimal',
    assetClass: spec.assetClass,
  });
}

import { ConfigError } from '../errors/index.js';
import type { ScenarioName, ScenarioStrategy } from '../bench/scenarios/index.js';
import type { NumericMode } from '../numeric/numeric.js';

/** One profiled configuration: a scenario, its strategy, the numeric mode and the backend asked for. */
export interface ProfileConfig {
  scenario: ScenarioName;
  strategy: ScenarioStrategy;
  numeric: NumericMode;
  /** `ts` or `rust` sets `RUSTYBT_BACKEND` for the child; undefined inherits the environment. */
  backend?: 'ts' | 'rust';
  /** Run only the first N sessions (the whole scenario when undefined). */
  sessions?: number;
}

const SCENARIOS: readonly ScenarioName[] = ['daily', 'hourly', 'minute'];
const STRATEGIES: readonly ScenarioStrategy[] = ['simple', 'complex'];
const NUMERICS: readonly NumericMode[] = ['decimal', 'float'];

function expand<T extends string>(flag: string, value: string, all: readonly T[]): T[] {
  if (value === 'all') return [...all];
  if ((all as readonly string[]).includes(value)) return [value as T];
  throw new ConfigError(
    `--${flag} must be ${all.join(', ')} or all, got ${JSON.stringify(value)}.`,
  );
}

/**
 * The configurations `rustybt profile` runs: the cross product of the chosen
 * scenarios, strategies and numeric modes (`all` selects every value).
 *
 * @throws ConfigError for an unknown value, a bad backend or a bad session count.
 */
export function profileConfigs(flags: {
  scenario: string;
  strategy?: string;
  numeric?: string;
  backend?: string;
  sessions?: string;
}): ProfileConfig[] {
  const scenarios = expand('scenario', flags.scenario, SCENARIOS);
  const strategies = expand('strategy', flags.strategy ?? 'simple', STRATEGIES);
  const numerics = expand('numeric', flags.numeric ?? 'decimal', NUMERICS);
  const backend = flags.backend;
  if (backend !== undefined && backend !== 'ts' && backend !== 'rust') {
    throw new ConfigError(`--backend must be ts or rust, got ${JSON.stringify(backend)}.`);
  }
  let sessions: number | undefined;
  if (flags.sessions !== undefined) {
    if (!/^[1-9]\d*$/.test(flags.sessions)) {
      throw new ConfigError(
        `--sessions must be a positive integer, got ${JSON.stringify(flags.sessions)}.`,
      );
    }
    sessions = Number(flags.sessions);
  }
  const configs: ProfileConfig[] = [];
  for (const scenario of scenarios)
    for (const strategy of strategies)
      for (const numeric of numerics)
        configs.push({ scenario, strategy, numeric, backend, sessions });
  return configs;
}

/**
 * File stem of a configuration's outputs, e.g. `daily-simple-decimal-ts`
 * (`-s120` appended for a run limited to 120 sessions). Runs with the same
 * stem are compared before → after.
 */
export function configStem(config: ProfileConfig, backend: string): string {
  const limit = config.sessions === undefined ? '' : `-s${config.sessions}`;
  return `${config.scenario}-${config.strategy}-${config.numeric}-${backend}${limit}`;
}

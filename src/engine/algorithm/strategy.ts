/**
 * A trading strategy: zipline's hooks in camelCase. `initialize` and
 * `handleData` are required; the others are optional. `Context`, `Data` and
 * `Results` are the types the algorithm passes in. Loaded strategies have
 * their hooks bound, so they can be called detached.
 */
export interface Strategy<Context = unknown, Data = unknown, Results = unknown> {
  /** Called once before the first bar: declare assets, schedules, models, state. */
  initialize: (ctx: Context) => void | Promise<void>;
  /** Called for every bar, after it has completed. */
  handleData: (ctx: Context, data: Data) => void;
  /** Called once per session before the first bar of the session. */
  beforeTradingStart?: (ctx: Context, data: Data) => void;
  /** Called once after the last bar with the results. */
  analyze?: (ctx: Context, results: Results) => void | Promise<void>;
}

/** The hooks a strategy module may define, required ones first. */
export const STRATEGY_HOOKS = [
  'initialize',
  'handleData',
  'beforeTradingStart',
  'analyze',
] as const;

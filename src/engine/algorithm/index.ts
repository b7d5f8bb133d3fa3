export { runAlgorithm, runOnMarket } from './run-algorithm.js';
export { prepareMarket, type PreparedMarket } from './prepared-market.js';
export type {
  RunOptions,
  MarketOptions,
  BacktestOptions,
  DataFrequency,
  AlgorithmStrategy,
} from './run-options.js';
export { AlgorithmContext, type OrderArgs, type ScheduledFunction } from './algorithm-context.js';
export { BarData } from './bar-data.js';
export type { BacktestResults, RunMeta } from './results.js';
export { PERFORMANCE_COLUMNS } from './results.js';
export type { Portfolio, Account, PositionSnapshot } from './portfolio.js';
export {
  dateRules,
  timeRules,
  type DateRule,
  type TimeRule,
  type SessionOffset,
} from './schedule-rules.js';
export type { Strategy } from './strategy.js';
export { loadStrategy, type LoadStrategyOptions } from './strategy-loader.js';

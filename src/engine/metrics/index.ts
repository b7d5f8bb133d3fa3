export { simpleReturns, cumulativeReturns, totalReturn } from './returns.js';
export { annualReturn, annualVolatility } from './annualized.js';
export { maxDrawdown } from './drawdown.js';
export { sharpeRatio, sortinoRatio, downsideRisk, calmarRatio } from './risk-adjusted.js';
export { alphaBeta, type AlphaBeta } from './alpha-beta.js';
export { valueAtRisk, conditionalValueAtRisk } from './tail-risk.js';
export { stabilityOfTimeseries } from './stability.js';
export { winRate, profitFactor, averageTrade } from './trade-statistics.js';
export { exposure, turnover } from './exposure.js';
export type { PerPeriodRate } from './metric-arguments.js';
export {
  summarizeRisk,
  type RiskSummary,
  type RiskSummaryOptions,
  type BookSeries,
} from './risk-summary.js';

export { simpleReturns, cumulativeReturns, totalReturn } from './returns.js';
export { annualReturn, annualVolatility } from './annualized.js';
export { maxDrawdown } from './drawdown.js';
export { sharpeRatio, sortinoRatio, downsideRisk, calmarRatio } from './risk-adjusted.js';
export { alphaBeta, type AlphaBeta } from './alpha-beta.js';
export { valueAtRisk, conditionalValueAtRisk } from './tail-risk.js';
export { stabilityOfTimeseries } from './stability.js';
export {
  winRate,
  profitFactor,
  averageTrade,
  payoffRatio,
  expectancy,
  kellyCriterion,
} from './trade-statistics.js';
export { skewness, kurtosis, tailRatio, omegaRatio } from './distribution.js';
export { informationRatio } from './relative.js';
export {
  underwater,
  drawdownPeriods,
  drawdownDurations,
  type DrawdownPeriod,
  type DrawdownDurations,
} from './drawdown-periods.js';
export { calendarReturns, bestAndWorst, type PeriodReturn } from './calendar-returns.js';
export { rollingSharpe, rollingVolatility, rollingBeta } from './rolling.js';
export { exposure, exposureTime, turnover } from './exposure.js';
export type { PerPeriodRate } from './metric-arguments.js';
export {
  summarizeRisk,
  type RiskSummary,
  type RiskSummaryOptions,
  type BookSeries,
} from './risk-summary.js';

import { alphaBeta } from './alpha-beta.js';
import { annualReturn, annualVolatility } from './annualized.js';
import { maxDrawdown } from './drawdown.js';
import { exposure, turnover } from './exposure.js';
import { checkAnnualization, type PerPeriodRate } from './metric-arguments.js';
import { totalReturn } from './returns.js';
import { calmarRatio, downsideRisk, sharpeRatio, sortinoRatio } from './risk-adjusted.js';
import { stabilityOfTimeseries } from './stability.js';
import { conditionalValueAtRisk, valueAtRisk } from './tail-risk.js';
import {
  averageTrade,
  expectancy,
  kellyCriterion,
  payoffRatio,
  profitFactor,
  winRate,
} from './trade-statistics.js';
import { bestAndWorst, calendarReturns } from './calendar-returns.js';
import { kurtosis, omegaRatio, skewness, tailRatio } from './distribution.js';
import { drawdownDurations } from './drawdown-periods.js';
import { exposureTime } from './exposure.js';
import { informationRatio } from './relative.js';

/** Per-period book values a run records, for exposure and turnover. */
export interface BookSeries {
  /** Sum of |position value| at each period's end. */
  grossPositionValue: Float64Array;
  /** Portfolio value (cash + positions) at each period's end. */
  portfolioValue: Float64Array;
  /** |quantity × price| of all fills in each period. */
  tradedValue: Float64Array;
}

/** What `summarizeRisk` needs besides the returns. */
export interface RiskSummaryOptions {
  /** Periods per year: the calendar's `annualization` (252 for XNYS, 365 for 24/7). */
  annualization: number;
  /** Benchmark returns aligned period by period with the strategy's, for alpha and beta. */
  benchmark?: Float64Array;
  /** Per-period risk-free rate for Sharpe, alpha and beta; 0 by default. */
  riskFree?: PerPeriodRate;
  /** Per-period target return for Sortino and downside risk; 0 by default. */
  requiredReturn?: PerPeriodRate;
  /** Tail fraction for VaR and CVaR; 0.05 by default. */
  cutoff?: number;
  /** Realized P&L of each closed trade, for win rate, profit factor and average trade. */
  tradePnl?: Float64Array;
  /** Book values per period, for exposure, time in the market and turnover. */
  book?: BookSeries;
  /** Each return's session label (UTC ms of the date), for the best and worst month and year. */
  sessions?: ArrayLike<number>;
}

/**
 * Every risk metric of a run in one flat object, for the results table.
 * Statistics that cannot be computed (no benchmark, no trades, too few
 * periods) are NaN; `JSON.stringify` writes NaN and Infinity as `null`.
 */
export interface RiskSummary {
  /** Number of periods, NaN ones included. */
  periods: number;
  /** Compounded return over the run (`totalReturn`). */
  totalReturn: number;
  /** Compound annual growth rate (`annualReturn`). */
  annualReturn: number;
  /** Annualized sample standard deviation (`annualVolatility`). */
  annualVolatility: number;
  /** Annualized Sharpe ratio over `riskFree` (`sharpeRatio`). */
  sharpe: number;
  /** Annualized Sortino ratio over `requiredReturn` (`sortinoRatio`). */
  sortino: number;
  /** Annualized downside deviation below `requiredReturn` (`downsideRisk`). */
  downsideRisk: number;
  /** Worst peak-to-trough fall, in [-1, 0] (`maxDrawdown`). */
  maxDrawdown: number;
  /** Annual return over |max drawdown| (`calmarRatio`). */
  calmar: number;
  /** Annualized alpha against the benchmark (`alphaBeta`); NaN without one. */
  alpha: number;
  /** Beta against the benchmark (`alphaBeta`); NaN without one. */
  beta: number;
  /** Compounded return of the benchmark; NaN without one. */
  benchmarkTotalReturn: number;
  /** Historical VaR at `cutoff` (`valueAtRisk`). */
  valueAtRisk: number;
  /** Historical CVaR at `cutoff` (`conditionalValueAtRisk`). */
  conditionalValueAtRisk: number;
  /** R² of the cumulative log returns' linear fit (`stabilityOfTimeseries`). */
  stability: number;
  /** Number of non-NaN entries in `tradePnl`. */
  tradeCount: number;
  /** Share of winning trades (`winRate`); NaN without trades. */
  winRate: number;
  /** Gross profit over gross loss (`profitFactor`); NaN without trades. */
  profitFactor: number;
  /** Mean P&L per trade (`averageTrade`); NaN without trades. */
  averageTrade: number;
  /** Mean gross exposure (`exposure`); NaN without `book`. */
  exposure: number;
  /** Traded value over average portfolio value (`turnover`); NaN without `book`. */
  turnover: number;
  /** Omega ratio at a zero threshold (`omegaRatio`). */
  omega: number;
  /** Length in periods of the deepest drawdown, peak to recovery (`drawdownDurations`). */
  maxDrawdownDuration: number;
  /** Length in periods of the longest drawdown (`drawdownDurations`). */
  longestDrawdown: number;
  /** |95th percentile| over |5th percentile| of the returns (`tailRatio`). */
  tailRatio: number;
  /** Bias-corrected sample skewness of the returns (`skewness`). */
  skew: number;
  /** Bias-corrected excess kurtosis of the returns (`kurtosis`). */
  kurtosis: number;
  /** Mean over spread of the returns less the benchmark's, per period (`informationRatio`). */
  informationRatio: number;
  /** Average win over average loss (`payoffRatio`); NaN without trades. */
  payoffRatio: number;
  /** Expected P&L per trade (`expectancy`); NaN without trades. */
  expectancy: number;
  /** Kelly fraction (`kellyCriterion`); NaN without wins and losses. */
  kelly: number;
  /** Best single-period return. */
  bestDay: number;
  /** Worst single-period return. */
  worstDay: number;
  /** Best calendar month, compounded (`calendarReturns`); NaN without `sessions`. */
  bestMonth: number;
  /** Worst calendar month, compounded; NaN without `sessions`. */
  worstMonth: number;
  /** Best calendar year, compounded; NaN without `sessions`. */
  bestYear: number;
  /** Worst calendar year, compounded; NaN without `sessions`. */
  worstYear: number;
  /** Share of periods ending with a position held (`exposureTime`); NaN without `book`. */
  exposureTime: number;
}

/**
 * Computes every risk metric of a per-period return series with empyrical's
 * definitions (see the individual functions for each formula and its NaN rule).
 *
 * @throws RustybtError `ERR_INVALID_ARGUMENT` for a bad annualization or cutoff,
 *   or series that do not line up period by period.
 */
export function summarizeRisk(returns: Float64Array, options: RiskSummaryOptions): RiskSummary {
  const { annualization, benchmark, tradePnl, book, sessions } = options;
  checkAnnualization(annualization);
  const riskFree = options.riskFree ?? 0;
  const requiredReturn = options.requiredReturn ?? 0;
  const cutoff = options.cutoff ?? 0.05;
  const { alpha, beta } =
    benchmark === undefined
      ? { alpha: NaN, beta: NaN }
      : alphaBeta(returns, benchmark, annualization, riskFree);
  const trades = tradePnl?.filter((p) => !Number.isNaN(p)) ?? new Float64Array(0);
  const days = bestAndWorst(returns);
  const months = sessions === undefined ? undefined : calendarReturns(returns, sessions, 'month');
  const years = sessions === undefined ? undefined : calendarReturns(returns, sessions, 'year');
  const monthly = bestAndWorst(months?.map((m) => m.return) ?? []);
  const yearly = bestAndWorst(years?.map((y) => y.return) ?? []);
  return {
    periods: returns.length,
    totalReturn: totalReturn(returns),
    annualReturn: annualReturn(returns, annualization),
    annualVolatility: annualVolatility(returns, annualization),
    sharpe: sharpeRatio(returns, annualization, riskFree),
    sortino: sortinoRatio(returns, annualization, requiredReturn),
    downsideRisk: downsideRisk(returns, annualization, requiredReturn),
    maxDrawdown: maxDrawdown(returns),
    calmar: calmarRatio(returns, annualization),
    alpha,
    beta,
    benchmarkTotalReturn: benchmark === undefined ? NaN : totalReturn(benchmark),
    valueAtRisk: valueAtRisk(returns, cutoff),
    conditionalValueAtRisk: conditionalValueAtRisk(returns, cutoff),
    stability: stabilityOfTimeseries(returns),
    tradeCount: trades.length,
    winRate: winRate(trades),
    profitFactor: profitFactor(trades),
    averageTrade: averageTrade(trades),
    exposure: book === undefined ? NaN : exposure(book.grossPositionValue, book.portfolioValue),
    turnover: book === undefined ? NaN : turnover(book.tradedValue, book.portfolioValue),
    omega: omegaRatio(returns, annualization, riskFree),
    ...drawdownDurations(returns),
    tailRatio: tailRatio(returns),
    skew: skewness(returns),
    kurtosis: kurtosis(returns),
    informationRatio: benchmark === undefined ? NaN : informationRatio(returns, benchmark),
    payoffRatio: payoffRatio(trades),
    expectancy: expectancy(trades),
    kelly: kellyCriterion(trades),
    bestDay: days.best,
    worstDay: days.worst,
    bestMonth: monthly.best,
    worstMonth: monthly.worst,
    bestYear: yearly.best,
    worstYear: yearly.worst,
    exposureTime: book === undefined ? NaN : exposureTime(book.grossPositionValue),
  };
}

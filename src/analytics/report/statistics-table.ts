import type { RiskSummary } from '../../engine/metrics/index.js';

/** How a statistic is shown. */
export type StatFormat = 'percent' | 'ratio' | 'sessions' | 'count' | 'money' | 'times';

/** One row of the key statistics table. */
export interface StatRow {
  key: keyof RiskSummary;
  label: string;
  format: StatFormat;
  /** What a missing value means for this statistic. */
  needs?: 'benchmark' | 'trades' | 'losses';
  /** The definition, shown as the row's tooltip. */
  definition: string;
}

/** The key statistics, in groups, as the report lists them. */
export const STAT_GROUPS: { title: string; rows: StatRow[] }[] = [
  {
    title: 'Returns',
    rows: [
      {
        key: 'totalReturn',
        label: 'Cumulative return',
        format: 'percent',
        definition: 'prod(1 + r) − 1 (empyrical cum_returns_final)',
      },
      {
        key: 'annualReturn',
        label: 'CAGR',
        format: 'percent',
        definition: '(1 + cumulative)^(periods per year / periods) − 1 (empyrical annual_return)',
      },
      {
        key: 'bestDay',
        label: 'Best session',
        format: 'percent',
        definition: 'highest session return (quantstats best)',
      },
      {
        key: 'worstDay',
        label: 'Worst session',
        format: 'percent',
        definition: 'lowest session return (quantstats worst)',
      },
      {
        key: 'bestMonth',
        label: 'Best month',
        format: 'percent',
        definition: 'highest compounded calendar-month return',
      },
      {
        key: 'worstMonth',
        label: 'Worst month',
        format: 'percent',
        definition: 'lowest compounded calendar-month return',
      },
      {
        key: 'bestYear',
        label: 'Best year',
        format: 'percent',
        definition: 'highest compounded calendar-year return',
      },
      {
        key: 'worstYear',
        label: 'Worst year',
        format: 'percent',
        definition: 'lowest compounded calendar-year return',
      },
    ],
  },
  {
    title: 'Risk',
    rows: [
      {
        key: 'annualVolatility',
        label: 'Volatility (annual)',
        format: 'percent',
        definition: 'std(r, ddof 1) × sqrt(periods per year) (empyrical annual_volatility)',
      },
      {
        key: 'maxDrawdown',
        label: 'Max drawdown',
        format: 'percent',
        definition: 'worst fall from the high-water mark (empyrical max_drawdown)',
      },
      {
        key: 'maxDrawdownDuration',
        label: 'Max drawdown duration',
        format: 'sessions',
        definition: 'sessions from the deepest drawdown’s peak to its recovery (or the end)',
      },
      {
        key: 'longestDrawdown',
        label: 'Longest drawdown',
        format: 'sessions',
        definition: 'sessions of the longest period under the high-water mark',
      },
      {
        key: 'downsideRisk',
        label: 'Downside risk',
        format: 'percent',
        definition: 'sqrt(mean(min(r, 0)²)) × sqrt(periods per year) (empyrical downside_risk)',
      },
      {
        key: 'valueAtRisk',
        label: 'Daily VaR (95%)',
        format: 'percent',
        definition: '5th percentile of session returns (empyrical value_at_risk)',
      },
      {
        key: 'conditionalValueAtRisk',
        label: 'Daily CVaR (95%)',
        format: 'percent',
        definition: 'mean of the worst 5% of session returns (empyrical conditional_value_at_risk)',
      },
      {
        key: 'tailRatio',
        label: 'Tail ratio',
        format: 'ratio',
        definition: '|95th percentile| / |5th percentile| (empyrical tail_ratio)',
      },
      {
        key: 'skew',
        label: 'Skew',
        format: 'ratio',
        definition: 'bias-corrected sample skewness (quantstats skew)',
      },
      {
        key: 'kurtosis',
        label: 'Kurtosis (excess)',
        format: 'ratio',
        definition: 'bias-corrected excess kurtosis (quantstats kurtosis)',
      },
    ],
  },
  {
    title: 'Risk-adjusted',
    rows: [
      {
        key: 'sharpe',
        label: 'Sharpe',
        format: 'ratio',
        definition: 'mean / std × sqrt(periods per year) (empyrical sharpe_ratio)',
      },
      {
        key: 'sortino',
        label: 'Sortino',
        format: 'ratio',
        definition: 'mean × periods per year / downside risk (empyrical sortino_ratio)',
      },
      {
        key: 'calmar',
        label: 'Calmar',
        format: 'ratio',
        definition: 'CAGR / |max drawdown| (empyrical calmar_ratio)',
      },
      {
        key: 'omega',
        label: 'Omega',
        format: 'ratio',
        definition: 'sum of gains / sum of losses around 0 (empyrical omega_ratio)',
      },
      {
        key: 'stability',
        label: 'Stability',
        format: 'ratio',
        definition:
          'R² of a line through the cumulative log returns (empyrical stability_of_timeseries)',
      },
    ],
  },
  {
    title: 'Against the benchmark',
    rows: [
      {
        key: 'benchmarkTotalReturn',
        label: 'Benchmark return',
        format: 'percent',
        needs: 'benchmark',
        definition: 'cumulative return of the benchmark',
      },
      {
        key: 'alpha',
        label: 'Alpha (annual)',
        format: 'percent',
        needs: 'benchmark',
        definition: 'Jensen’s alpha, annualized (empyrical alpha_beta)',
      },
      {
        key: 'beta',
        label: 'Beta',
        format: 'ratio',
        needs: 'benchmark',
        definition: 'cov(r, b) / var(b) (empyrical alpha_beta)',
      },
      {
        key: 'informationRatio',
        label: 'Information ratio',
        format: 'ratio',
        needs: 'benchmark',
        definition: 'mean(r − b) / std(r − b), per session (empyrical excess_sharpe)',
      },
    ],
  },
  {
    title: 'Trading',
    rows: [
      {
        key: 'tradeCount',
        label: 'Round trips',
        format: 'count',
        definition: 'closed round trips (flat to flat)',
      },
      {
        key: 'winRate',
        label: 'Win rate',
        format: 'percent',
        needs: 'trades',
        definition: 'round trips with P&L > 0 / all round trips',
      },
      {
        key: 'profitFactor',
        label: 'Profit factor',
        format: 'ratio',
        needs: 'losses',
        definition: 'gross profit / gross loss (quantstats profit_factor)',
      },
      {
        key: 'payoffRatio',
        label: 'Payoff ratio',
        format: 'ratio',
        needs: 'losses',
        definition: 'average win / |average loss| (quantstats payoff_ratio)',
      },
      {
        key: 'expectancy',
        label: 'Expectancy',
        format: 'money',
        needs: 'trades',
        definition: 'win rate × average win − loss rate × average loss, per round trip',
      },
      {
        key: 'kelly',
        label: 'Kelly fraction',
        format: 'percent',
        needs: 'losses',
        definition: '(payoff × p − (1 − p)) / payoff (quantstats kelly_criterion)',
      },
      {
        key: 'exposureTime',
        label: 'Time in market',
        format: 'percent',
        definition: 'share of sessions ending with a position held',
      },
      {
        key: 'exposure',
        label: 'Average gross exposure',
        format: 'percent',
        definition: 'mean of gross position value / portfolio value',
      },
      {
        key: 'turnover',
        label: 'Turnover',
        format: 'times',
        definition: 'traded value / average portfolio value over the run',
      },
    ],
  },
];

/** A value as the page shows it; never NaN or Infinity. */
export function formatStat(value: number, format: StatFormat, currency = ''): string {
  if (!Number.isFinite(value)) return '—';
  switch (format) {
    case 'percent':
      return `${(value * 100).toFixed(2)}%`;
    case 'ratio':
      return value.toFixed(2);
    case 'sessions':
      return `${value.toFixed(0)} sessions`;
    case 'count':
      return value.toFixed(0);
    case 'money':
      return `${value.toFixed(2)} ${currency}`.trim();
    case 'times':
      return `${value.toFixed(2)}×`;
  }
}

/** Why a statistic has no value, in words. */
export function missingReason(row: StatRow, risk: RiskSummary, hasBenchmark: boolean): string {
  if (row.needs === 'benchmark' && !hasBenchmark) return 'no benchmark in this run';
  if ((row.needs === 'trades' || row.needs === 'losses') && !(risk.tradeCount > 0))
    return 'no closed round trips';
  if (row.needs === 'losses') return 'needs both winning and losing round trips';
  if (row.key === 'maxDrawdownDuration' || row.key === 'longestDrawdown' || row.key === 'calmar')
    return 'no drawdown in this run';
  return 'not enough sessions to compute';
}

import { columnValues } from '../../engine/metrics/table-columns.js';
import type { BacktestResults } from '../../engine/algorithm/results.js';
import { currencyScale, decimalConfig } from '../../numeric/decimal-config.js';
import { formatDecimal, parseDecimal } from '../../numeric/decimal-text.js';

/** How the summary is printed. */
export interface RunSummaryOptions {
  /** On a terminal the summary adds a one-line sparkline of the equity curve. */
  terminal?: boolean;
  /** Characters of the sparkline (default 48). */
  sparklineWidth?: number;
}

/**
 * The summary `rustybt run` prints: total and annual return, Sharpe,
 * Sortino, max drawdown with its dates, with a benchmark its return, alpha
 * and beta, trades and final value (at the currency's scale), one per line;
 * on a terminal also a sparkline of the equity curve.
 */
export function formatRunSummary(
  results: BacktestResults,
  options: RunSummaryOptions = {},
): string {
  const { meta, risk } = results;
  const values = columnValues(results.performance, 'portfolioValue', 'string');
  const finalValue = values.length === 0 ? '-' : money(values[values.length - 1], meta.currency);
  const fills = results.transactions.columns[0]?.values.length ?? 0;
  const rows: [string, string][] = [
    ['Total return', percent(risk.totalReturn)],
    ['Annual return', percent(risk.annualReturn)],
    ['Sharpe', ratio(risk.sharpe)],
    ['Sortino', ratio(risk.sortino)],
    ['Max drawdown', `${percent(risk.maxDrawdown)}${drawdownDates(results)}`],
  ];
  if (meta.benchmark !== null) {
    const benchmark = results.performance.columns.find((c) => c.name === 'benchmarkReturn')
      ?.values as ArrayLike<number> | undefined;
    rows.push(
      [`Benchmark return`, `${percent(compounded(benchmark))} (${meta.benchmark})`],
      ['Alpha', ratio(risk.alpha)],
      ['Beta', ratio(risk.beta)],
    );
  }
  rows.push(
    ['Trades', `${fills} fills, ${risk.tradeCount} round trips`],
    ['Final value', `${finalValue} ${meta.currency}`],
  );
  if (options.terminal === true && values.length >= 2) {
    rows.push(['Equity', sparkline(values.map(Number), options.sparklineWidth ?? 48)]);
  }
  const header = `Backtest ${meta.start} .. ${meta.end}: ${meta.sessions} sessions, ${meta.dataFrequency}, ${meta.numeric}, ${meta.calendar}, ${meta.data}`;
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${header}\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

/** Decimal text at the currency's scale (USD: 2 places), rounded half-even. */
function money(text: string, currency: string): string {
  const scale = currencyScale(decimalConfig(), currency);
  try {
    return formatDecimal(parseDecimal(text, scale), scale);
  } catch {
    return text;
  }
}

/** The return of holding the benchmark over the run: the product of (1 + r) over its sessions, less 1. */
function compounded(returns: ArrayLike<number> | undefined): number {
  if (returns === undefined) return NaN;
  let growth = 1;
  let seen = false;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i];
    if (!Number.isFinite(r)) continue;
    growth *= 1 + r;
    seen = true;
  }
  return seen ? growth - 1 : NaN;
}

/** ` (2011-07-26 .. 2012-07-12, recovered 2013-01-02, 360 sessions)` for the deepest drawdown. */
function drawdownDates(results: BacktestResults): string {
  const table = results.drawdowns;
  if ((table.columns[0]?.values.length ?? 0) === 0) return '';
  const peak = columnValues(table, 'peak', 'string')[0];
  const valley = columnValues(table, 'valley', 'string')[0];
  const recovery = columnValues(table, 'recovery', 'string')[0];
  const sessions = columnValues(table, 'sessions', 'number')[0];
  const end = recovery === '' ? 'not recovered' : `recovered ${recovery}`;
  return ` (peak ${peak}, low ${valley}, ${end}; ${sessions} sessions)`;
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A one-line chart of a series: each character the mean of its slice, scaled from min to max. */
export function sparkline(values: readonly number[], width: number): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const columns = Math.min(width, finite.length);
  const means: number[] = [];
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * finite.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * finite.length) / columns));
    let sum = 0;
    for (let i = from; i < to; i++) sum += finite[i];
    means.push(sum / (to - from));
  }
  const low = Math.min(...means);
  const high = Math.max(...means);
  return means
    .map(
      (m) =>
        BLOCKS[high === low ? 3 : Math.round(((m - low) / (high - low)) * (BLOCKS.length - 1))],
    )
    .join('');
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(2)} %` : '-';
}

function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '-';
}

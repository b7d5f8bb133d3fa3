import type { BacktestResults } from '../../engine/algorithm/results.js';
import { currencyScale, decimalConfig } from '../../numeric/decimal-config.js';
import { formatDecimal, parseDecimal } from '../../numeric/decimal-text.js';

/**
 * The summary `rustybt run` prints: total and annual return, Sharpe,
 * Sortino, max drawdown, with a benchmark its return, alpha and beta, trades
 * and final value (at the currency's scale), one per line.
 */
export function formatRunSummary(results: BacktestResults): string {
  const { meta, risk } = results;
  const column = (name: string) => results.performance.columns.find((c) => c.name === name);
  const values = column('portfolioValue');
  const last = values?.values[values.values.length - 1];
  const finalValue = last === undefined ? '-' : money(String(last), meta.currency);
  const fills = results.transactions.columns[0]?.values.length ?? 0;
  const rows: [string, string][] = [
    ['Total return', percent(risk.totalReturn)],
    ['Annual return', percent(risk.annualReturn)],
    ['Sharpe', ratio(risk.sharpe)],
    ['Sortino', ratio(risk.sortino)],
    ['Max drawdown', percent(risk.maxDrawdown)],
  ];
  if (meta.benchmark !== null) {
    const benchmark = column('benchmarkReturn')?.values as ArrayLike<number> | undefined;
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

function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(2)} %` : '-';
}

function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '-';
}

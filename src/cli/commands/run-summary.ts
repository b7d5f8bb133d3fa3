import type { BacktestResults } from '../../engine/algorithm/results.js';
import { DEFAULT_CURRENCY_SCALES } from '../../numeric/decimal-config.js';
import { formatDecimal, parseDecimal } from '../../numeric/decimal-text.js';

/**
 * The summary `rustybt run` prints: total and annual return, Sharpe,
 * Sortino, max drawdown, trades and final value (at the currency's money
 * scale), one per line.
 */
export function formatRunSummary(results: BacktestResults): string {
  const { meta, risk } = results;
  const values = results.performance.columns.find((c) => c.name === 'portfolioValue');
  const last = values?.values[values.values.length - 1];
  const finalValue = last === undefined ? '-' : moneyText(String(last), meta.currency);
  const fills = results.transactions.columns[0]?.values.length ?? 0;
  const rows: [string, string][] = [
    ['Total return', percent(risk.totalReturn)],
    ['Annual return', percent(risk.annualReturn)],
    ['Sharpe', ratio(risk.sharpe)],
    ['Sortino', ratio(risk.sortino)],
    ['Max drawdown', percent(risk.maxDrawdown)],
    ['Trades', `${fills} fills, ${risk.tradeCount} round trips`],
    ['Final value', `${finalValue} ${meta.currency}`],
  ];
  const header = `Backtest ${meta.start} .. ${meta.end}: ${meta.sessions} sessions, ${meta.dataFrequency}, ${meta.numeric}, ${meta.calendar}, ${meta.data}`;
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${header}\n${rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

/**
 * An amount shown at its currency's money scale (USD 2 decimals, JPY 0, USDT
 * 8), rounded half-even; the results files keep every digit.
 */
export function moneyText(text: string, currency: string): string {
  const scale = DEFAULT_CURRENCY_SCALES[currency] ?? 2;
  try {
    return formatDecimal(parseDecimal(text, scale, 'HALF_EVEN'), scale);
  } catch {
    return text;
  }
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(2)} %` : '-';
}

function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '-';
}

import { absolute, add, exact, multiply, toNumber, ZERO } from '../../numeric/exact-decimal.js';
import type { JsonRow } from '../results-json.js';

/** A row column as numbers: `null`, missing and unparsable cells are NaN. */
export function numberColumn(rows: readonly JsonRow[], name: string): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const value = rows[i][name];
    out[i] = value === null || value === undefined || value === '' ? NaN : Number(value);
  }
  return out;
}

/**
 * Traded value per session: the sum of |amount × price| of the fills whose
 * timestamp falls on each session's date (a fill before the first session
 * counts for it), exact until the final conversion.
 */
export function tradedValueBySession(
  transactions: readonly JsonRow[],
  sessions: readonly string[],
): Float64Array {
  const out = new Float64Array(sessions.length);
  let s = 0;
  let sum = ZERO;
  for (const fill of transactions) {
    const day = String(fill.timestamp).slice(0, 10);
    while (s < sessions.length - 1 && sessions[s] < day) {
      out[s] = toNumber(sum);
      sum = ZERO;
      s++;
    }
    sum = add(sum, absolute(multiply(exact(String(fill.amount)), exact(String(fill.price)))));
  }
  if (sessions.length > 0) out[s] += toNumber(sum);
  return out;
}

/**
 * Reduces a series to at most `limit` points for a chart by keeping, in each
 * bucket of consecutive points, its first, lowest and highest point: peaks and
 * troughs survive, the order is kept. Returns the kept indices.
 */
export function downsampleIndices(values: ArrayLike<number>, limit: number): number[] {
  const n = values.length;
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor(limit / 3));
  const size = n / buckets;
  const kept: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let low = from;
    let high = from;
    for (let i = from; i < to; i++) {
      if (values[i] < values[low]) low = i;
      if (values[i] > values[high]) high = i;
    }
    for (const i of [...new Set([from, low, high])].sort((x, y) => x - y)) kept.push(i);
  }
  if (kept[kept.length - 1] !== n - 1) kept.push(n - 1);
  return kept;
}

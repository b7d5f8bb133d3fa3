import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simpleReturns, summarizeRisk } from '../../../src/engine/metrics/index.js';
import { assertCloseTo } from '../../helpers/close-to.js';

const fixture = (name: string) => new URL(`../../fixtures/metrics/${name}`, import.meta.url);

function closesByDate(file: string, column: string): Map<string, number> {
  const [header, ...rows] = readFileSync(fixture(file), 'utf8').trim().split('\n');
  const index = header.split(',').indexOf(column);
  return new Map(
    rows.map((row) => row.split(',')).map((cells) => [cells[0], Number(cells[index])]),
  );
}

const oracle = JSON.parse(readFileSync(fixture('metrics-oracle.json'), 'utf8')) as Record<
  string,
  number
>;
const goog = closesByDate('goog-2004-2013.csv', 'Close');
const orcl = closesByDate('orcl-2004-2013.csv', 'Adj Close');
const dates = [...goog.keys()].filter((date) => orcl.has(date)).sort();
// The first session has no previous close: its return is NaN, as in a results table.
const withLeadingNaN = (values: Float64Array) => Float64Array.of(NaN, ...simpleReturns(values));
const returns = withLeadingNaN(Float64Array.from(dates, (d) => goog.get(d) ?? NaN));
const benchmark = withLeadingNaN(Float64Array.from(dates, (d) => orcl.get(d) ?? NaN));

describe('risk metrics of GOOG against ORCL, 2004-2013, checked against an independent Python oracle', () => {
  const summary = summarizeRisk(returns, { annualization: 252, benchmark });

  it('covers the same 2148 sessions', () => {
    assert.equal(summary.periods, oracle.periods);
  });

  for (const key of [
    'totalReturn',
    'annualReturn',
    'annualVolatility',
    'sharpe',
    'sortino',
    'downsideRisk',
    'maxDrawdown',
    'calmar',
    'alpha',
    'beta',
    'valueAtRisk',
    'conditionalValueAtRisk',
    'stability',
  ] as const) {
    it(`matches the oracle's ${key}`, () => {
      assertCloseTo(summary[key], oracle[key], 1e-9, key);
    });
  }
});

// Every statistic against empyrical-reloaded 0.7.1 and quantstats 0.0.86, computed once by
// test/fixtures/metrics/reference_stats.py on GOOG's daily returns against ORCL's (2004-2013).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sessionLabel } from '../../../src/calendar/index.js';
import {
  drawdownPeriods,
  rollingBeta,
  rollingSharpe,
  rollingVolatility,
  summarizeRisk,
  type RiskSummary,
} from '../../../src/engine/metrics/index.js';
import { assertCloseTo } from '../../helpers/close-to.js';

const fixture = (name: string) => new URL(`../../fixtures/metrics/${name}`, import.meta.url);

interface Reference {
  periods: number;
  annualization: number;
  tradePnl: number[];
  stats: Record<string, { reference: string; value: number }>;
  rolling: Record<string, { last: number[]; count: number }>;
  drawdownPeriods: {
    periods: { start: number; valley: number; end: number; depth: number }[];
  };
}

function closesByDate(file: string, column: string): Map<string, number> {
  const [header, ...rows] = readFileSync(fixture(file), 'utf8').trim().split('\n');
  const index = header.split(',').indexOf(column);
  return new Map(rows.map((row) => row.split(',')).map((c) => [c[0], Number(c[index])]));
}

const reference = JSON.parse(readFileSync(fixture('reference-stats.json'), 'utf8')) as Reference;
const goog = closesByDate('goog-2004-2013.csv', 'Close');
const orcl = closesByDate('orcl-2004-2013.csv', 'Adj Close');
const dates = [...goog.keys()].filter((date) => orcl.has(date)).sort();
const returnsOf = (prices: Map<string, number>) =>
  Float64Array.from(dates.slice(1), (d, i) => prices.get(d)! / prices.get(dates[i])! - 1);
const returns = returnsOf(goog);
const benchmark = returnsOf(orcl);
const sessions = Float64Array.from(dates.slice(1), sessionLabel);

describe('statistics against empyrical and quantstats on GOOG vs ORCL, 2004-2013', () => {
  const summary = summarizeRisk(returns, {
    annualization: reference.annualization,
    benchmark,
    sessions,
    tradePnl: Float64Array.from(reference.tradePnl),
  });

  it('covers the same sessions', () => {
    assert.equal(summary.periods, reference.periods);
  });

  for (const [key, { reference: source, value }] of Object.entries(reference.stats)) {
    const ours = (
      key === 'informationRatioQuantstats' ? 'informationRatio' : key
    ) as keyof RiskSummary;
    it(`${ours} equals ${source} to 1e-9`, () => {
      assert.ok(ours in summary, `summarizeRisk has no ${ours}`);
      assertCloseTo(summary[ours], value, 1e-9, key);
    });
  }

  it('rolling 126-session Sharpe, volatility and beta equal empyrical roll_* to 1e-9', () => {
    const window = 126;
    const series = {
      sharpe126: rollingSharpe(returns, window, reference.annualization),
      volatility126: rollingVolatility(returns, window, reference.annualization),
      beta126: rollingBeta(returns, benchmark, window),
    };
    for (const [key, values] of Object.entries(series)) {
      const expected = reference.rolling[key];
      assert.equal(values.filter(Number.isFinite).length, expected.count, key);
      const tail = values.subarray(values.length - expected.last.length);
      expected.last.forEach((v, i) => assertCloseTo(tail[i], v, 1e-9, `${key}[${i}]`));
    }
  });

  it('the ten deepest drawdown periods equal quantstats drawdown_details', () => {
    const ours = drawdownPeriods(returns, 10);
    const theirs = reference.drawdownPeriods.periods;
    assert.equal(ours.length, theirs.length);
    ours.forEach((period, i) => {
      // quantstats dates a period from its first session under water to its last one.
      assert.equal(period.peak + 1, theirs[i].start, `start of #${i + 1}`);
      assert.equal(period.valley, theirs[i].valley, `valley of #${i + 1}`);
      const lastUnderwater = period.recovery === -1 ? returns.length - 1 : period.recovery - 1;
      assert.equal(lastUnderwater, theirs[i].end, `end of #${i + 1}`);
      assertCloseTo(period.depth, theirs[i].depth, 1e-9, `depth of #${i + 1}`);
    });
  });
});

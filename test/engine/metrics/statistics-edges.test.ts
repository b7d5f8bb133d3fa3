import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sessionLabel } from '../../../src/calendar/index.js';
import {
  calendarReturns,
  drawdownDurations,
  drawdownPeriods,
  expectancy,
  exposureTime,
  informationRatio,
  kellyCriterion,
  kurtosis,
  omegaRatio,
  payoffRatio,
  skewness,
  summarizeRisk,
  tailRatio,
} from '../../../src/engine/metrics/index.js';
import { assertCloseTo, pct } from '../../helpers/close-to.js';

describe('statistics at their edges', () => {
  it('gives NaN for skew below three returns and kurtosis below four, 0 for a flat series', () => {
    assert.ok(Number.isNaN(skewness(pct(1, 2))));
    assert.ok(Number.isNaN(kurtosis(pct(1, 2, 3))));
    assert.equal(skewness(pct(1, 1, 1)), 0);
    assert.equal(kurtosis(pct(1, 1, 1, 1)), 0);
  });

  it('drops NaN returns from skew, kurtosis and the tail ratio', () => {
    const clean = pct(1, -2, 3, 5, -1, 0.5);
    const gappy = pct(NaN, 1, -2, NaN, 3, 5, -1, 0.5);
    assert.equal(skewness(gappy), skewness(clean));
    assert.equal(kurtosis(gappy), kurtosis(clean));
    assert.equal(tailRatio(gappy), tailRatio(clean));
  });

  it('gives NaN for an omega ratio with nothing below the threshold', () => {
    assert.ok(Number.isNaN(omegaRatio(pct(1, 2, 3), 252)));
    assertCloseTo(omegaRatio(pct(2, -1, 1, -1), 252), 1.5);
  });

  it('gives NaN for an information ratio against an identical benchmark', () => {
    const r = pct(1, -2, 3);
    assert.ok(Number.isNaN(informationRatio(r, r)));
  });

  it('computes payoff, expectancy and Kelly from wins and losses, NaN without them', () => {
    const pnl = Float64Array.of(30, -10, 20, -20, 0);
    assertCloseTo(payoffRatio(pnl), 25 / 15);
    assertCloseTo(expectancy(pnl), 20 / 5);
    const p = 0.5;
    const b = 25 / 15;
    assertCloseTo(kellyCriterion(pnl), (b * p - (1 - p)) / b);
    assert.equal(payoffRatio(Float64Array.of(5, 6)), Infinity);
    assert.ok(Number.isNaN(kellyCriterion(Float64Array.of(5, 6))));
    assert.ok(Number.isNaN(expectancy(new Float64Array(0))));
    assert.ok(Number.isNaN(payoffRatio(Float64Array.of(-5))));
  });

  it('finds drawdown periods from the starting value, deepest first, the last one open', () => {
    // value: 0.9, 1.0 (recovered), 1.1, 0.99, 1.045, 0.836
    const periods = drawdownPeriods(Float64Array.of(-0.1, 1 / 0.9 - 1, 0.1, -0.1, 0.05, -0.2));
    assert.equal(periods.length, 2);
    assert.deepEqual(
      periods.map(({ peak, valley, recovery, length }) => ({ peak, valley, recovery, length })),
      [
        { peak: 2, valley: 5, recovery: -1, length: 3 },
        { peak: -1, valley: 0, recovery: 1, length: 2 },
      ],
    );
    assertCloseTo(periods[1].depth, -0.1);
    assert.deepEqual(drawdownDurations(Float64Array.of(-0.1, 1 / 0.9 - 1, 0.1, -0.1, 0.05, -0.2)), {
      maxDrawdownDuration: 3,
      longestDrawdown: 3,
    });
    assert.deepEqual(drawdownPeriods(pct(1, 2)), []);
    assert.ok(Number.isNaN(drawdownDurations(pct(1, 2)).longestDrawdown));
  });

  it('compounds returns by calendar month and year', () => {
    const sessions = ['2024-01-30', '2024-01-31', '2024-02-01', '2025-03-03'].map(sessionLabel);
    const r = pct(10, 10, NaN, -50);
    const months = calendarReturns(r, sessions, 'month');
    assert.deepEqual(
      months.map((m) => m.period),
      ['2024-01', '2024-02', '2025-03'],
    );
    assertCloseTo(months[0].return, 0.21);
    assert.equal(months[1].return, 0);
    assert.deepEqual(
      calendarReturns(r, sessions, 'year').map((y) => y.period),
      ['2024', '2025'],
    );
    assert.throws(() => calendarReturns(r, sessions.slice(1), 'year'), {
      code: 'ERR_INVALID_ARGUMENT',
    });
  });

  it('counts the sessions ending with a position as time in the market', () => {
    assert.equal(exposureTime(Float64Array.of(0, 5, -3, 0)), 0.5);
    assert.ok(Number.isNaN(exposureTime(new Float64Array(0))));
  });

  it('leaves calendar and trade statistics NaN in the summary when their inputs are missing', () => {
    const summary = summarizeRisk(pct(1, -1, 2), { annualization: 252 });
    for (const key of [
      'bestMonth',
      'bestYear',
      'payoffRatio',
      'kelly',
      'informationRatio',
      'exposureTime',
    ] as const) {
      assert.ok(Number.isNaN(summary[key]), key);
    }
    assertCloseTo(summary.bestDay, 0.02);
    assertCloseTo(summary.worstDay, -0.01);
  });
});

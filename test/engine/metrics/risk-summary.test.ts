import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  annualReturn,
  conditionalValueAtRisk,
  sharpeRatio,
  summarizeRisk,
  valueAtRisk,
} from '../../../src/engine/metrics/index.js';
import { RustybtError } from '../../../src/errors/index.js';
import { assertCloseTo, pct } from '../../helpers/close-to.js';

const mixed = pct(NaN, 1, 10, -4, 2, 3, 2, 1, -10);

describe('summarizeRisk', () => {
  it('reports the empyrical reference values for the mixed daily series', () => {
    const summary = summarizeRisk(mixed, { annualization: 252 });
    assertCloseTo(summary.sharpe, 1.7238613961706866);
    assertCloseTo(summary.sortino, 2.605531251673693);
    assertCloseTo(summary.annualReturn, 1.9135925373194231);
    assertCloseTo(summary.annualVolatility, 0.9136465399704637);
    assertCloseTo(summary.calmar, 19.135925373194233);
    assertCloseTo(summary.maxDrawdown, -0.1);
    assertCloseTo(summary.downsideRisk, 0.60448325038829653);
    assertCloseTo(summary.stability, 0.1529973665111273);
    assert.equal(summary.periods, 9);
  });

  it('gives NaN for what it was not given: benchmark, trades, book', () => {
    const summary = summarizeRisk(mixed, { annualization: 252 });
    for (const key of [
      'alpha',
      'beta',
      'benchmarkTotalReturn',
      'winRate',
      'profitFactor',
      'averageTrade',
      'exposure',
      'turnover',
    ] as const) {
      assertCloseTo(summary[key], NaN, 0, key);
    }
    assert.equal(summary.tradeCount, 0);
    const json = JSON.parse(JSON.stringify(summary)) as Record<string, unknown>;
    assert.equal(json.alpha, null);
  });

  it('fills benchmark, trade and book metrics when given, with the options passed through', () => {
    const summary = summarizeRisk(mixed, {
      annualization: 365,
      benchmark: mixed,
      riskFree: 0.0001,
      cutoff: 0.25,
      tradePnl: Float64Array.of(10, -5, NaN),
      book: {
        grossPositionValue: Float64Array.of(50, 100),
        portfolioValue: Float64Array.of(100, 100),
        tradedValue: Float64Array.of(50, 50),
      },
    });
    assertCloseTo(summary.alpha, 0, 1e-9);
    assertCloseTo(summary.beta, 1);
    assertCloseTo(summary.benchmarkTotalReturn, summary.totalReturn);
    assertCloseTo(summary.annualReturn, annualReturn(mixed, 365));
    assertCloseTo(summary.sharpe, sharpeRatio(mixed, 365, 0.0001));
    assertCloseTo(summary.valueAtRisk, valueAtRisk(mixed, 0.25));
    assertCloseTo(summary.conditionalValueAtRisk, conditionalValueAtRisk(mixed, 0.25));
    assert.equal(summary.tradeCount, 2);
    assert.equal(summary.winRate, 0.5);
    assert.equal(summary.profitFactor, 2);
    assert.equal(summary.averageTrade, 2.5);
    assert.equal(summary.exposure, 0.75);
    assert.equal(summary.turnover, 1);
  });

  it('annualizes 24/7 returns with 365 periods: Sharpe scales by sqrt(365 / 252)', () => {
    const daily = summarizeRisk(mixed, { annualization: 252 });
    const crypto = summarizeRisk(mixed, { annualization: 365 });
    assertCloseTo(crypto.sharpe / daily.sharpe, Math.sqrt(365 / 252));
  });

  it('refuses a bad annualization, cutoff or misaligned benchmark with ERR_INVALID_ARGUMENT', () => {
    const invalid = (error: unknown) =>
      error instanceof RustybtError && error.code === 'ERR_INVALID_ARGUMENT';
    assert.throws(() => summarizeRisk(mixed, { annualization: 0 }), invalid);
    assert.throws(() => summarizeRisk(mixed, { annualization: NaN }), invalid);
    assert.throws(() => summarizeRisk(mixed, { annualization: 252, cutoff: 1.5 }), invalid);
    assert.throws(
      () => summarizeRisk(mixed, { annualization: 252, benchmark: pct(1, 2) }),
      invalid,
    );
    assert.throws(() => sharpeRatio(mixed, 252, pct(1)), invalid);
  });
});

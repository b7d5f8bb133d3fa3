import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  alphaBeta,
  conditionalValueAtRisk,
  cumulativeReturns,
  maxDrawdown,
  sharpeRatio,
  simpleReturns,
  sortinoRatio,
  stabilityOfTimeseries,
  totalReturn,
  valueAtRisk,
} from '../../../src/engine/metrics/index.js';
import { assertCloseTo } from '../../helpers/close-to.js';

// Returns in basis points: real-world magnitudes, no subnormal values whose squares vanish.
const dailyReturn = fc.integer({ min: -5000, max: 5000 }).map((bp) => bp / 10_000);
const returnSeries = (minLength: number) =>
  fc.array(dailyReturn, { minLength, maxLength: 300 }).map((a) => Float64Array.from(a));
const withGaps = fc
  .array(fc.option(dailyReturn, { freq: 5, nil: NaN }), { minLength: 1, maxLength: 300 })
  .map((a) => Float64Array.from(a));

describe('metric invariants (property tests)', () => {
  it('max drawdown lies in [-1, 0]', () => {
    fc.assert(
      fc.property(withGaps, (returns) => {
        const drawdown = maxDrawdown(returns);
        assert.ok(drawdown >= -1 && drawdown <= 0, String(drawdown));
      }),
    );
  });

  it('max drawdown equals the worst fall of the compounded value below its running peak', () => {
    fc.assert(
      fc.property(returnSeries(1), (returns) => {
        const values = cumulativeReturns(returns, 1);
        let peak = 1;
        let worst = 0;
        for (const v of values) {
          peak = Math.max(peak, v);
          worst = Math.min(worst, v / peak - 1);
        }
        assertCloseTo(maxDrawdown(returns), worst, 1e-9);
      }),
    );
  });

  it('cumulative returns compound, end at the total return, and invert simpleReturns', () => {
    fc.assert(
      fc.property(returnSeries(1), (returns) => {
        const cumulative = cumulativeReturns(returns);
        let growth = 1;
        returns.forEach((r, i) => {
          growth *= 1 + r;
          assertCloseTo(cumulative[i], growth - 1, 1e-9);
        });
        assertCloseTo(totalReturn(returns), cumulative[cumulative.length - 1], 1e-12);
        const values = Float64Array.of(100, ...cumulativeReturns(returns, 100));
        simpleReturns(values).forEach((r, i) => assertCloseTo(r, returns[i], 1e-6));
      }),
    );
  });

  it('Sharpe and Sortino do not change when returns and the target shift together', () => {
    fc.assert(
      fc.property(
        returnSeries(3),
        fc.double({ min: -0.01, max: 0.01, noNaN: true }),
        (returns, shift) => {
          fc.pre(new Set(returns).size > 1 && returns.some((r) => r < 0));
          const shifted = returns.map((r) => r + shift);
          assertCloseTo(sharpeRatio(shifted, 252, shift), sharpeRatio(returns, 252), 1e-6);
          assertCloseTo(sortinoRatio(shifted, 252, shift), sortinoRatio(returns, 252), 1e-6);
        },
      ),
    );
  });

  it('conditional value at risk never exceeds value at risk', () => {
    fc.assert(
      fc.property(withGaps, fc.double({ min: 0, max: 1, noNaN: true }), (returns, cutoff) => {
        fc.pre(returns.some((r) => !Number.isNaN(r)));
        assert.ok(conditionalValueAtRisk(returns, cutoff) <= valueAtRisk(returns, cutoff) + 1e-15);
      }),
    );
  });

  it('CVaR is the mean of the returns at or below VaR when returns are distinct', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(dailyReturn, { minLength: 1, maxLength: 50 }),
        fc.constantFrom(0, 0.0499, 0.05, 0.2, 0.999, 1),
        (list, cutoff) => {
          const returns = Float64Array.from(list);
          const threshold = valueAtRisk(returns, cutoff);
          const tail = list.filter((r) => r <= threshold);
          const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
          assertCloseTo(conditionalValueAtRisk(returns, cutoff), mean, 1e-9);
        },
      ),
    );
  });

  it('a strategy of k times the benchmark plus c per day has beta k and alpha (1 + c)^252 - 1', () => {
    fc.assert(
      fc.property(
        returnSeries(5),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -0.001, max: 0.001, noNaN: true }),
        (benchmark, k, c) => {
          fc.pre(new Set(benchmark).size > 2);
          const returns = benchmark.map((b) => k * b + c);
          const { alpha, beta } = alphaBeta(returns, benchmark, 252);
          assertCloseTo(beta, k, 1e-6);
          assertCloseTo(alpha, (1 + c) ** 252 - 1, 1e-5);
        },
      ),
    );
  });

  it('stability lies in [0, 1]', () => {
    fc.assert(
      fc.property(withGaps, (returns) => {
        const stability = stabilityOfTimeseries(returns);
        if (!Number.isNaN(stability)) assert.ok(stability >= 0 && stability <= 1 + 1e-12);
      }),
    );
  });
});

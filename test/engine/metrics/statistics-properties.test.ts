import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  averageTrade,
  calendarReturns,
  drawdownPeriods,
  expectancy,
  kurtosis,
  maxDrawdown,
  skewness,
  totalReturn,
  underwater,
} from '../../../src/engine/metrics/index.js';
import { assertCloseTo } from '../../helpers/close-to.js';

const dailyReturn = fc.integer({ min: -3000, max: 3000 }).map((bp) => bp / 10_000);
const returnSeries = (minLength: number) =>
  fc.array(dailyReturn, { minLength, maxLength: 400 }).map((a) => Float64Array.from(a));
const DAY = 86_400_000;

describe('statistics invariants (property tests)', () => {
  it('the deepest drawdown period is the maximum drawdown, and periods never overlap', () => {
    fc.assert(
      fc.property(returnSeries(1), (returns) => {
        const periods = drawdownPeriods(returns);
        const worst = maxDrawdown(returns);
        if (periods.length === 0) assert.equal(worst, 0);
        else assert.equal(periods[0].depth, worst);
        const spans = periods
          .map((p) => [p.peak, p.recovery < 0 ? returns.length : p.recovery])
          .sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < spans.length; i++) assert.ok(spans[i][0] >= spans[i - 1][1]);
        const water = underwater(returns);
        for (const p of periods) assert.equal(water[p.valley], p.depth);
      }),
    );
  });

  it('compounding the months or the years gives the total return', () => {
    fc.assert(
      fc.property(returnSeries(1), fc.integer({ min: 0, max: 20_000 }), (returns, startDay) => {
        const sessions = Float64Array.from(returns, (_, i) => (startDay + i * 3) * DAY);
        for (const by of ['month', 'year'] as const) {
          const growth = calendarReturns(returns, sessions, by).reduce(
            (g, p) => g * (1 + p.return),
            1,
          );
          assertCloseTo(growth - 1, totalReturn(returns), 1e-9, by);
        }
      }),
    );
  });

  it('expectancy equals the mean trade', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000, max: 10_000 }), { minLength: 1 }), (pnl) => {
        const trades = Float64Array.from(pnl);
        assertCloseTo(expectancy(trades), averageTrade(trades), 1e-9);
      }),
    );
  });

  it('skew flips sign and kurtosis stays when the returns are mirrored', () => {
    fc.assert(
      fc.property(returnSeries(4), (returns) => {
        const mirrored = returns.map((r) => -r);
        assertCloseTo(skewness(mirrored), -skewness(returns), 1e-9);
        assertCloseTo(kurtosis(mirrored), kurtosis(returns), 1e-9);
      }),
    );
  });
});

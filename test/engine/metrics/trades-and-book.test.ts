import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  averageTrade,
  exposure,
  profitFactor,
  turnover,
  winRate,
} from '../../../src/engine/metrics/index.js';
import { RustybtError } from '../../../src/errors/index.js';
import { assertCloseTo } from '../../helpers/close-to.js';

describe('trade statistics', () => {
  // Five round trips: +120, -40, +80, 0, -60 (a flat trade is not a win).
  const pnl = Float64Array.of(120, -40, 80, 0, -60);

  it('win rate counts trades with positive P&L: 2 of 5', () => {
    assert.equal(winRate(pnl), 0.4);
  });

  it('profit factor is gross profit over gross loss: 200 / 100', () => {
    assert.equal(profitFactor(pnl), 2);
  });

  it('average trade is the mean P&L: 100 / 5', () => {
    assert.equal(averageTrade(pnl), 20);
  });

  it('ignores NaN entries', () => {
    const gappy = Float64Array.of(120, NaN, -40);
    assert.equal(winRate(gappy), 0.5);
    assert.equal(averageTrade(gappy), 40);
    assert.equal(profitFactor(gappy), 3);
  });

  it('gives NaN without trades and Infinity for profits without losses', () => {
    const none = new Float64Array(0);
    assertCloseTo(winRate(none), NaN);
    assertCloseTo(averageTrade(none), NaN);
    assertCloseTo(profitFactor(none), NaN);
    assertCloseTo(profitFactor(Float64Array.of(0, 0)), NaN);
    assertCloseTo(profitFactor(Float64Array.of(5, 10)), Infinity);
    assert.equal(profitFactor(Float64Array.of(-5)), 0);
  });
});

describe('exposure and turnover', () => {
  // Four days: all cash, fully long 1000 of 1000, 1500 gross (long + short) of 1000, half invested.
  const gross = Float64Array.of(0, 1000, 1500, 550);
  const value = Float64Array.of(1000, 1000, 1000, 1100);

  it('exposure is the mean of gross position value over portfolio value: (0 + 1 + 1.5 + 0.5) / 4', () => {
    assert.equal(exposure(gross, value), 0.75);
  });

  it('exposure treats short positions by their absolute value', () => {
    assert.equal(exposure(Float64Array.of(-500), Float64Array.of(1000)), 0.5);
  });

  it('turnover is total traded value over average portfolio value: buying 1000 and selling 1000 on 1025 average', () => {
    const traded = Float64Array.of(0, 1000, 0, 1000);
    assertCloseTo(turnover(traded, value), 2000 / 1025);
  });

  it('skips periods without a positive portfolio value and gives NaN when none is left', () => {
    assert.equal(exposure(Float64Array.of(500, 100), Float64Array.of(1000, 0)), 0.5);
    assertCloseTo(exposure(Float64Array.of(1), Float64Array.of(NaN)), NaN);
    assertCloseTo(turnover(Float64Array.of(1), Float64Array.of(0)), NaN);
  });

  it('refuses series of different lengths with ERR_INVALID_ARGUMENT', () => {
    assert.throws(
      () => exposure(Float64Array.of(1, 2), Float64Array.of(1)),
      (error: unknown) =>
        error instanceof RustybtError &&
        error.code === 'ERR_INVALID_ARGUMENT' &&
        /2 periods/.test(error.message),
    );
    assert.throws(() => turnover(Float64Array.of(1), Float64Array.of(1, 2)), RustybtError);
  });
});

// Expected values are those published in empyrical's test suite
// (stefan-jansen/empyrical-reloaded tests/test_stats.py; the same values appear in
// quantopian/empyrical's suite since it dropped NaN returns instead of zero-filling them).
import { describe, it } from 'node:test';
import {
  alphaBeta,
  annualReturn,
  annualVolatility,
  calmarRatio,
  conditionalValueAtRisk,
  cumulativeReturns,
  downsideRisk,
  maxDrawdown,
  sharpeRatio,
  sortinoRatio,
  stabilityOfTimeseries,
  totalReturn,
  valueAtRisk,
} from '../../../src/engine/metrics/index.js';
import { assertCloseTo, pct } from '../../helpers/close-to.js';

const DAILY = 252;
const WEEKLY = 52;
const MONTHLY = 12;

const mixed = pct(NaN, 1, 10, -4, 2, 3, 2, 1, -10);
const periodic = pct(0, 1, 10, -4, 2, 3, 2, 1, -10);
const positive = pct(1, 2, 1, 1, 1, 1, 1, 1, 1);
const negative = pct(0, -6, -7, -1, -9, -2, -6, -8, -5);
const simpleBenchmark = pct(0, 1, 0, 1, 0, 1, 0, 1, 0);
const oneReturn = pct(1);
const empty = new Float64Array(0);
const one = Float64Array.of(
  -0.00171614,
  0.01322056,
  0.03063862,
  -0.01422057,
  -0.00489779,
  0.01268925,
  -0.03357711,
  0.01797036,
);
const two = Float64Array.of(
  0.01846232,
  0.00793951,
  -0.01448395,
  0.00422537,
  -0.00339611,
  0.03756813,
  0.0151531,
  0.03549769,
);
const flatLine = new Float64Array(1000).fill(0.01);

describe('empyrical reference values: daily returns [NaN, 1, 10, -4, 2, 3, 2, 1, -10] %', () => {
  it('Sharpe 1.7238613961706866', () =>
    assertCloseTo(sharpeRatio(mixed, DAILY), 1.7238613961706866));
  it('Sortino 2.605531251673693', () =>
    assertCloseTo(sortinoRatio(mixed, DAILY), 2.605531251673693));
  it('annual return 1.9135925373194231', () =>
    assertCloseTo(annualReturn(mixed, DAILY), 1.9135925373194231));
  it('annual volatility 0.9136465399704637', () =>
    assertCloseTo(annualVolatility(mixed, DAILY), 0.9136465399704637));
  it('Calmar 19.135925373194233', () =>
    assertCloseTo(calmarRatio(mixed, DAILY), 19.135925373194233));
  it('max drawdown -0.1', () => assertCloseTo(maxDrawdown(mixed), -0.1));
  it('downside risk 0.60448325038829653, and 1.7161730681956295 above a 10% target', () => {
    assertCloseTo(downsideRisk(mixed, DAILY), 0.60448325038829653);
    assertCloseTo(downsideRisk(mixed, DAILY, 0.1), 1.7161730681956295);
  });
  it('stability 0.1529973665111273', () =>
    assertCloseTo(stabilityOfTimeseries(mixed), 0.1529973665111273));
  it('Sharpe 0.34111411441060574 against the simple benchmark as risk-free rate', () =>
    assertCloseTo(sharpeRatio(mixed, DAILY, simpleBenchmark), 0.34111411441060574));
  it('Sortino -1.3934779588919977 above a 1% per-day target', () => {
    assertCloseTo(sortinoRatio(mixed, DAILY, 0.01), -1.3934779588919977);
    assertCloseTo(sortinoRatio(mixed, DAILY, new Float64Array(9).fill(0.01)), -1.3934779588919977);
  });
  it('Sharpe and Sortino NaN against itself, downside risk 0', () => {
    assertCloseTo(sharpeRatio(mixed, DAILY, mixed), NaN);
    assertCloseTo(sortinoRatio(mixed, DAILY, mixed), NaN);
    assertCloseTo(downsideRisk(mixed, DAILY, mixed), 0);
  });
  it('cumulative returns compound with NaN as no change', () => {
    const expected = [0.0, 0.01, 0.111, 0.066559, 0.08789, 0.12052, 0.14293, 0.15436, 0.03893];
    const withCapital = [
      100.0, 101.0, 111.1, 106.65599, 108.78912, 112.05279, 114.29384, 115.43678, 103.8931,
    ];
    const cumulative = cumulativeReturns(mixed);
    const invested = cumulativeReturns(mixed, 100);
    expected.forEach((v, i) => assertCloseTo(cumulative[i], v, 1e-4, `cum[${i}]`));
    withCapital.forEach((v, i) => assertCloseTo(invested[i], v, 1e-6, `value[${i}]`));
    assertCloseTo(totalReturn(mixed), 0.03893, 1e-3);
    assertCloseTo(totalReturn(mixed, 100), 103.8931, 1e-6);
  });
  it('alpha and beta against the negative series: -0.9997853834885004, -0.71296296296296313', () => {
    const benchmark = Float64Array.of(NaN, ...negative.subarray(1));
    const { alpha, beta } = alphaBeta(mixed, benchmark, DAILY);
    assertCloseTo(alpha, -0.9997853834885004);
    assertCloseTo(beta, -0.71296296296296313);
  });
  it('alpha 0 and beta ±1 against itself and its negation', () => {
    const self = alphaBeta(mixed, mixed, DAILY);
    assertCloseTo(self.alpha, 0);
    assertCloseTo(self.beta, 1);
    const inverse = alphaBeta(
      mixed,
      mixed.map((r) => -r),
      DAILY,
    );
    assertCloseTo(inverse.alpha, 0);
    assertCloseTo(inverse.beta, -1);
  });
});

describe('empyrical reference values: other series', () => {
  it('Sharpe 52.915026221291804 for small positive returns, -24.406808633910085 for negative ones', () => {
    assertCloseTo(sharpeRatio(positive, DAILY), 52.915026221291804);
    assertCloseTo(sharpeRatio(negative, DAILY), -24.406808633910085);
  });
  it('Sortino -13.532743075043401 for negative returns, Infinity without downside', () => {
    assertCloseTo(sortinoRatio(negative, DAILY), -13.532743075043401);
    assertCloseTo(sortinoRatio(positive, DAILY), Infinity);
    assertCloseTo(sortinoRatio(simpleBenchmark, DAILY), Infinity);
  });
  it('max drawdown -0.36590730349873601 for negative returns, -0.10 for [10, -10, 10] %, 0 without a loss', () => {
    assertCloseTo(maxDrawdown(negative), -0.36590730349873601);
    assertCloseTo(maxDrawdown(pct(10, -10, 10)), -0.1);
    assertCloseTo(maxDrawdown(positive), 0);
    assertCloseTo(maxDrawdown(simpleBenchmark), 0);
    assertCloseTo(maxDrawdown(oneReturn), 0);
    assertCloseTo(maxDrawdown(empty), NaN);
  });
  it('weekly (52) annual return, volatility, Calmar, downside risk and Sortino', () => {
    assertCloseTo(annualReturn(periodic, WEEKLY), 0.24690830513998208);
    assertCloseTo(annualVolatility(periodic, WEEKLY), 0.38851569394870583);
    assertCloseTo(calmarRatio(periodic, WEEKLY), 2.4690830513998208);
    assertCloseTo(downsideRisk(periodic, WEEKLY), 0.25888650451930134);
    assertCloseTo(downsideRisk(periodic, WEEKLY, 0.1), 0.7733045971672482);
    assertCloseTo(sortinoRatio(periodic, WEEKLY), 1.1158901056866439);
  });
  it('monthly (12) annual return, volatility, Calmar, downside risk and Sortino', () => {
    assertCloseTo(annualReturn(periodic, MONTHLY), 0.052242061386048144);
    assertCloseTo(annualVolatility(periodic, MONTHLY), 0.18663690238892558);
    assertCloseTo(calmarRatio(periodic, MONTHLY), 0.52242061386048144);
    assertCloseTo(downsideRisk(periodic, MONTHLY), 0.1243650540411842);
    assertCloseTo(downsideRisk(periodic, MONTHLY, 0.1), 0.37148351242013422);
    assertCloseTo(sortinoRatio(periodic, MONTHLY), 0.53605626741889756);
  });
  it('downside risk and Sortino of two eight-day series at 252, 52 and 12 periods a year', () => {
    assertCloseTo(downsideRisk(one, DAILY), 0.20671788246185202);
    assertCloseTo(downsideRisk(two, DAILY), 0.083495680595704475);
    assertCloseTo(sortinoRatio(one, DAILY), 3.0639640966566306);
    assertCloseTo(sortinoRatio(two, DAILY), 38.090963117002495);
    assertCloseTo(downsideRisk(one, WEEKLY), 0.093902996054410062);
    assertCloseTo(sortinoRatio(two, WEEKLY), 17.303077589064618);
    assertCloseTo(downsideRisk(two, MONTHLY), 0.018220251263412916);
    assertCloseTo(sortinoRatio(one, MONTHLY), 0.6686117809312383);
  });
  it('CAGR of one 1% day is 11.274002099240244; a flat 1% line has volatility 0 and stability 1', () => {
    assertCloseTo(annualReturn(oneReturn, DAILY), 11.274002099240244);
    assertCloseTo(annualReturn(flatLine, DAILY), 11.274002099240256, 1e-11);
    assertCloseTo(annualVolatility(flatLine, DAILY), 0, 1e-10);
    assertCloseTo(stabilityOfTimeseries(flatLine), 1);
  });
  it('NaN for empty or one-period series where empyrical gives NaN', () => {
    assertCloseTo(annualReturn(empty, DAILY), NaN);
    assertCloseTo(sharpeRatio(empty, DAILY), NaN);
    assertCloseTo(sharpeRatio(oneReturn, DAILY), NaN);
    assertCloseTo(sortinoRatio(oneReturn, DAILY), NaN);
    assertCloseTo(downsideRisk(empty, DAILY), NaN);
    assertCloseTo(downsideRisk(oneReturn, DAILY), 0);
    assertCloseTo(calmarRatio(empty, DAILY), NaN);
    assertCloseTo(calmarRatio(oneReturn, DAILY), NaN);
    assertCloseTo(stabilityOfTimeseries(empty), NaN);
    assertCloseTo(stabilityOfTimeseries(oneReturn), NaN);
    assertCloseTo(totalReturn(empty), NaN);
    const ab = alphaBeta(oneReturn, oneReturn, DAILY);
    assertCloseTo(ab.alpha, NaN);
    assertCloseTo(ab.beta, NaN);
  });
  it('value at risk interpolates percentiles like numpy: [1, 2] and [1, 81, 82, 83, 84, 85]', () => {
    const pair = Float64Array.of(1, 2);
    assertCloseTo(valueAtRisk(pair, 0), 1);
    assertCloseTo(valueAtRisk(pair, 0.3), 1.3);
    assertCloseTo(valueAtRisk(pair, 1), 2);
    const gap = Float64Array.of(1, 81, 82, 83, 84, 85);
    assertCloseTo(valueAtRisk(gap, 0.1), 41);
    assertCloseTo(valueAtRisk(gap, 0.2), 81);
    assertCloseTo(valueAtRisk(gap, 0.3), 81.5);
  });
  it('conditional value at risk of a single return is that return at any cutoff', () => {
    const single = Float64Array.of(-0.0123);
    assertCloseTo(conditionalValueAtRisk(single, 0), -0.0123);
    assertCloseTo(conditionalValueAtRisk(single, 1), -0.0123);
  });
});

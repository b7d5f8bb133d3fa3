import { alphaBeta } from './alpha-beta.js';
import { annualVolatility } from './annualized.js';
import { checkAnnualization } from './metric-arguments.js';
import { sharpeRatio } from './risk-adjusted.js';

/**
 * A statistic over a trailing window of `window` periods, at each period from
 * the window's end on (empyrical's `roll_*`); NaN before the first full window.
 */
function rolling(
  returns: Float64Array,
  window: number,
  statistic: (start: number, end: number) => number,
): Float64Array {
  if (!(Number.isInteger(window) && window >= 2)) {
    throw new RangeError(`window must be an integer of at least 2 periods, got ${window}.`);
  }
  const out = new Float64Array(returns.length).fill(NaN);
  for (let end = window; end <= returns.length; end++) out[end - 1] = statistic(end - window, end);
  return out;
}

/** Annualized Sharpe ratio over each trailing window (`sharpeRatio`). */
export function rollingSharpe(
  returns: Float64Array,
  window: number,
  annualization: number,
): Float64Array {
  checkAnnualization(annualization);
  return rolling(returns, window, (s, e) => sharpeRatio(returns.subarray(s, e), annualization));
}

/** Annualized volatility over each trailing window (`annualVolatility`). */
export function rollingVolatility(
  returns: Float64Array,
  window: number,
  annualization: number,
): Float64Array {
  checkAnnualization(annualization);
  return rolling(returns, window, (s, e) =>
    annualVolatility(returns.subarray(s, e), annualization),
  );
}

/** Beta against the benchmark over each trailing window (`alphaBeta`). */
export function rollingBeta(
  returns: Float64Array,
  benchmark: Float64Array,
  window: number,
): Float64Array {
  return rolling(
    returns,
    window,
    (s, e) => alphaBeta(returns.subarray(s, e), benchmark.subarray(s, e), 252).beta,
  );
}

import { kernelOf } from './kernel.js';
import { checkPeriod } from './params.js';
import type { IndicatorSpec, ValueOutput } from './spec.js';
import { extremeSize, extremeStep } from './steps.js';

const VALUE: readonly ValueOutput[] = ['value'];

/**
 * Highest close of the last `period` bars (TA-Lib MAX), exact; use
 * `on('high', highest(20))` for the highest high. First valid index: `period - 1`.
 */
export function highest(period = 30): IndicatorSpec<ValueOutput> {
  checkPeriod('highest', 'period', period);
  return {
    name: `highest(${period})`,
    inputs: ['close'],
    outputs: VALUE,
    firstValid: [period - 1],
    stateSize: extremeSize(period),
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = extremeStep(s, L, a, 0, period, 1, x) / u;
    },
    kernel: kernelOf('highest', period),
  };
}

/** Lowest close of the last `period` bars (TA-Lib MIN), exact. First valid index: `period - 1`. */
export function lowest(period = 30): IndicatorSpec<ValueOutput> {
  checkPeriod('lowest', 'period', period);
  return {
    name: `lowest(${period})`,
    inputs: ['close'],
    outputs: VALUE,
    firstValid: [period - 1],
    stateSize: extremeSize(period),
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      r[0] = extremeStep(s, L, a, 0, period, -1, x) / u;
    },
    kernel: kernelOf('lowest', period),
  };
}

/** Output names of {@link donchian}. */
export type ChannelOutput = 'upper' | 'lower' | 'middle';

/**
 * Donchian channel: upper = highest high, lower = lowest low of the last
 * `period` bars (current bar included), middle = (upper + lower) / 2; all
 * three exact on integer units. First valid index: `period - 1`.
 */
export function donchian(period = 20): IndicatorSpec<ChannelOutput> {
  checkPeriod('donchian', 'period', period);
  const lowBase = extremeSize(period);
  return {
    name: `donchian(${period})`,
    inputs: ['high', 'low'],
    outputs: ['upper', 'lower', 'middle'],
    firstValid: [period - 1, period - 1, period - 1],
    stateSize: 2 * lowBase,
    units: true,
    step: (s, L, a, high, low, _2, _3, r, u) => {
      donchianStep(s, L, a, period, lowBase, high, low, u, r);
    },
    kernel: kernelOf('donchian', period),
  };
}

/** One bar of {@link donchian} on units of `u` into `r` (shared with the declared kernel's twin). */
export function donchianStep(
  s: Float64Array,
  L: number,
  a: number,
  period: number,
  lowBase: number,
  high: number,
  low: number,
  u: number,
  r: Float64Array,
): void {
  const upper = extremeStep(s, L, a, 0, period, 1, high);
  const lower = extremeStep(s, L, a, lowBase, period, -1, low);
  r[0] = upper / u;
  r[1] = lower / u;
  r[2] = (upper + lower) / 2 / u;
}

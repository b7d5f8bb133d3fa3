import { ConfigError } from '../errors/index.js';
import { kernelOf } from './kernel.js';
import { checkPeriod } from './params.js';
import type { IndicatorSpec } from './spec.js';
import { EMA_FIELDS, emaStep } from './steps.js';

/** Output names of {@link macd}. */
export type MacdOutput = 'macd' | 'signal' | 'hist';

/**
 * Moving average convergence/divergence (TA-Lib MACD): line = EMA(fast) - EMA(slow),
 * signal = EMA(line, `signal`), hist = line - signal. As in TA-Lib both EMAs
 * start at bar `slow - 1`: the fast EMA is seeded with the SMA of the `fast`
 * closes ending there, not of the first `fast` closes.
 * First valid index: macd `slow - 1`; signal and hist `slow + signal - 2`.
 *
 * @throws ConfigError when a period is invalid or `fast > slow`
 */
export function macd(fast = 12, slow = 26, signal = 9): IndicatorSpec<MacdOutput> {
  checkPeriod('macd', 'fast', fast);
  checkPeriod('macd', 'slow', slow);
  checkPeriod('macd', 'signal', signal);
  if (fast > slow) {
    throw new ConfigError(
      `macd: fast (${fast}) must not exceed slow (${slow}); pass e.g. macd(12, 26, 9)`,
    );
  }
  const kFast = 2 / (fast + 1);
  const kSlow = 2 / (slow + 1);
  const kSignal = 2 / (signal + 1);
  // fields: 0 t (saturating), then the fast, slow and signal EMAs
  return {
    name: `macd(${fast}, ${slow}, ${signal})`,
    inputs: ['close'],
    outputs: ['macd', 'signal', 'hist'],
    firstValid: [slow - 1, slow + signal - 2, slow + signal - 2],
    stateSize: SIGNAL_BASE + EMA_FIELDS,
    units: true,
    step: (s, L, a, x, _1, _2, _3, r, u) => {
      macdStep(s, L, a, fast, slow, signal, kFast, kSlow, kSignal, x / u, r);
    },
    kernel: kernelOf('macd', fast, slow, signal, kFast, kSlow, kSignal),
  };
}

const FAST_BASE = 1;
const SLOW_BASE = FAST_BASE + EMA_FIELDS;
const SIGNAL_BASE = SLOW_BASE + EMA_FIELDS;

/** One bar of {@link macd} on the value `x` into `r` (shared with the declared kernel's twin). */
export function macdStep(
  s: Float64Array,
  L: number,
  a: number,
  fast: number,
  slow: number,
  signal: number,
  kFast: number,
  kSlow: number,
  kSignal: number,
  x: number,
  r: Float64Array,
): void {
  const t = s[a];
  if (t < slow) s[a] = t + 1;
  const slowValue = emaStep(s, L, a, SLOW_BASE, slow, kSlow, x);
  const fastValue = t >= slow - fast ? emaStep(s, L, a, FAST_BASE, fast, kFast, x) : NaN;
  if (slowValue !== slowValue) {
    r[0] = NaN;
    r[1] = NaN;
    r[2] = NaN;
    return;
  }
  const line = fastValue - slowValue;
  const sig = emaStep(s, L, a, SIGNAL_BASE, signal, kSignal, line);
  r[0] = line;
  r[1] = sig;
  r[2] = line - sig;
}

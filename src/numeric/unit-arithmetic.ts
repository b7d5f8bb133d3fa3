import { NumericOverflowError } from '../errors/index.js';
import { ROUNDING_MODES, divideRounded, type RoundingMode } from './rounding.js';
import { pow10 } from './decimal-text.js';
import type { MarkKernel } from './mark-kernels.js';

/**
 * A rounding mode as a small integer (its index in `ROUNDING_MODES`), so hot
 * loops branch on a number instead of comparing strings.
 */
export type RoundingCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The code of a rounding mode: `roundingCode('HALF_EVEN')` is 6. */
export function roundingCode(mode: RoundingMode): RoundingCode {
  return ROUNDING_MODES.indexOf(mode) as RoundingCode;
}

const UP = 0;
const DOWN = 1;
const CEILING = 2;
const FLOOR = 3;
const HALF_UP = 4;
const HALF_DOWN = 5;
const HALF_EVEN = 6;

/** Below this magnitude a product of two integer-valued doubles is exact. */
const EXACT_LIMIT = 2 ** 52;

/**
 * 2^52 + 2^51: `y + ROUND_MAGIC - ROUND_MAGIC` is y rounded to the nearest
 * integer (ties to even) by the FPU itself, for |y| < 2^51. Measured several
 * times faster than Math.round/Math.trunc on the machines we benchmark on.
 */
const ROUND_MAGIC = 6755399441055744;

/** 10^k as doubles, exact for k <= 22. */
/** 10^k as doubles, exact for k <= 22 (a table for hot loops). */
const POW10_NUMBER: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** 10^k as a double (exact for 0 <= k <= 22). */
export function pow10Number(k: number): number {
  return POW10_NUMBER[k] ?? 10 ** k;
}

/**
 * `q` (the quotient truncated toward zero) adjusted by `mode` given the
 * remainder `r` (same sign as the dividend, |r| < d) and the divisor `d > 0`.
 */
function adjust(q: number, r: number, d: number, mode: RoundingCode): number {
  if (r === 0) return q;
  const negative = r < 0;
  const away = negative ? q - 1 : q + 1;
  const twice = negative ? -2 * r : 2 * r;
  switch (mode) {
    case UP:
      return away;
    case DOWN:
      return q;
    case CEILING:
      return negative ? q : away;
    case FLOOR:
      return negative ? away : q;
    case HALF_UP:
      return twice >= d ? away : q;
    case HALF_DOWN:
      return twice > d ? away : q;
    case HALF_EVEN:
      if (twice !== d) return twice > d ? away : q;
      // Parity without `%`: on doubles `%` is a call to fmod, ten times slower.
      return Math.trunc(q * 0.5) * 2 === q ? q : away;
    default: {
      const magnitude = q < 0 ? -q : q;
      const last = magnitude - Math.trunc(magnitude / 10) * 10;
      return last === 0 || last === 5 ? away : q;
    }
  }
}

/**
 * `x / d` rounded to an integer with `mode`, exactly, for integer-valued
 * doubles with |x| <= 2^52 and 0 < d <= 2^52.
 */
export function divideUnits(x: number, d: number, mode: RoundingCode): number {
  // The nearest integer to x / d (never -0), then the remainder is brought to the sign of x.
  let q = x / d + ROUND_MAGIC - ROUND_MAGIC;
  let r = x - q * d;
  if (r === 0) return q;
  if (x > 0) {
    if (r < 0) {
      q -= 1;
      r += d;
    } else if (r >= d) {
      q += 1;
      r -= d;
    }
  } else if (r > 0) {
    q += 1;
    r -= d;
  } else if (r <= -d) {
    q -= 1;
    r += d;
  }
  return adjust(q, r, d, mode);
}

/** 10^-k as doubles (inexact, used only where the result is corrected exactly). */
const INVERSE_POW10: readonly number[] = POW10_NUMBER.map((p) => 1 / p);

/** Below this magnitude `x × 10^-k` is within 1/8 of a unit of `x / 10^k`, so rounding it is safe to correct. */
const RECIPROCAL_LIMIT = 2 ** 48;

/**
 * `x / 10^k` rounded to an integer with a HALF_* mode (4 HALF_UP, 5
 * HALF_DOWN, 6 HALF_EVEN), exactly, for |x| <= 2^48 and 1 <= k <= 15: a
 * multiplication by the reciprocal and one exact remainder, instead of a
 * division and a chain of corrections. Other modes and larger `x` take
 * `divideUnits`.
 */
export function roundPow10Half(x: number, k: number, mode: RoundingCode): number {
  const d = POW10_NUMBER[k];
  if (x > RECIPROCAL_LIMIT || x < -RECIPROCAL_LIMIT || mode < HALF_UP || mode > HALF_EVEN) {
    return divideUnits(x, d, mode);
  }
  // Off by less than 1/8 from x / d: Math.round lands on the nearest integer unless x / d is a tie.
  const q = x * INVERSE_POW10[k] + ROUND_MAGIC - ROUND_MAGIC;
  const e = x - q * d;
  const twice = e + e;
  if (twice !== d && twice !== -d) return q;
  return roundHalfTie(q, e, x, mode);
}

/**
 * The HALF_* result when `x / d` is exactly halfway: `q` is the nearest
 * integer found, `e = x − q·d` (±d/2).
 */
export function roundHalfTie(q: number, e: number, x: number, mode: RoundingCode): number {
  const a = e > 0 ? q : q - 1;
  if (mode === HALF_EVEN) return Math.trunc(a * 0.5) * 2 === a ? a : a + 1;
  const negative = x < 0;
  if (mode === HALF_UP) return negative ? a : a + 1;
  return negative ? a + 1 : a;
}

/** Largest shift the split product below handles: its partial products then stay below 10^15. */
const WIDE_MAX_SHIFT = 10;

/**
 * `a × b / 10^s` rounded with `mode`, exactly, for safe integers whose
 * product exceeds 2^52 but whose result fits: the schoolbook product in base
 * 10^s (and 10^⌈s/2⌉ below it), every partial product an exact double. This is
 * what keeps crypto (price 8 + quantity 8 decimals) off the BigInt path.
 * Returns NaN when a partial sum leaves the safe range (the caller then takes BigInt).
 */
export function mulShiftWide(a: number, b: number, s: number, mode: RoundingCode): number {
  const negative = a < 0 !== b < 0;
  const A = a < 0 ? -a : a;
  const B = b < 0 ? -b : b;
  const d = POW10_NUMBER[s];
  // A = ah·d + al and B = bh·d + bl with 0 <= al, bl < d.
  const inverse = INVERSE_POW10[s];
  // Quotients by multiplying with 10^-s and rounding to nearest: off by at most one, corrected exactly below.
  let ah = A * inverse + ROUND_MAGIC - ROUND_MAGIC;
  let al = A - ah * d;
  if (al < 0) {
    ah -= 1;
    al += d;
  } else if (al >= d) {
    ah += 1;
    al -= d;
  }
  let bh = B * inverse + ROUND_MAGIC - ROUND_MAGIC;
  let bl = B - bh * d;
  if (bl < 0) {
    bh -= 1;
    bl += d;
  } else if (bl >= d) {
    bh += 1;
    bl -= d;
  }
  // A·B / d = ah·bh·d + ah·bl + al·bh + al·bl / d.
  let q: number;
  let r: number;
  if (s <= 7) {
    const low = al * bl; // < 10^14
    q = low * inverse + ROUND_MAGIC - ROUND_MAGIC;
    r = low - q * d;
  } else {
    // al·bl can reach 10^20: split al = alh·e + all with e = 10^k, f = 10^(s-k), d = e·f.
    const k = (s + 1) >> 1;
    const e = POW10_NUMBER[k];
    const f = POW10_NUMBER[s - k];
    let alh = al * INVERSE_POW10[k] + ROUND_MAGIC - ROUND_MAGIC;
    let all = al - alh * e;
    if (all < 0) {
      alh -= 1;
      all += e;
    } else if (all >= e) {
      alh += 1;
      all -= e;
    }
    const upper = alh * bl; // < 10^(2s-k) <= 10^15
    let q1 = upper * INVERSE_POW10[s - k] + ROUND_MAGIC - ROUND_MAGIC;
    let r1 = upper - q1 * f;
    if (r1 < 0) {
      q1 -= 1;
      r1 += f;
    } else if (r1 >= f) {
      q1 += 1;
      r1 -= f;
    }
    const rest = r1 * e + all * bl; // < 10^s + 10^(k+s) <= 10^15 + 10^10
    let q2 = rest * inverse + ROUND_MAGIC - ROUND_MAGIC;
    r = rest - q2 * d;
    if (r < 0) {
      q2 -= 1;
      r += d;
    } else if (r >= d) {
      q2 += 1;
      r -= d;
    }
    q = q1 + q2;
  }
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  // Every term is a non-negative integer, so while the sum stays safe each partial sum is exact.
  const high = ah * bh;
  if (high > Number.MAX_SAFE_INTEGER / d) return Number.NaN;
  const total = high * d + ah * bl + al * bh + q;
  if (!(total <= Number.MAX_SAFE_INTEGER)) return Number.NaN;
  const result = negative ? adjust(-total, -r, d, mode) + 0 : adjust(total, r, d, mode) + 0;
  return Number.isSafeInteger(result) ? result : Number.NaN;
}

/**
 * `a × b / 10^shift` rounded to an integer with `mode`, exactly, for
 * integer-valued doubles `a` and `b` (units). A negative `shift` multiplies.
 * Products up to 2^52 stay in doubles; larger ones take an exact BigInt path.
 *
 * @throws NumericOverflowError when the result is not a safe integer.
 */
export function mulShiftUnits(a: number, b: number, shift: number, mode: RoundingCode): number {
  const x = a * b;
  if (shift === 0) {
    if (x <= EXACT_LIMIT && x >= -EXACT_LIMIT) return x + 0;
  } else if (shift > 0) {
    if (x <= EXACT_LIMIT && x >= -EXACT_LIMIT && shift <= 15) {
      return roundPow10Half(x, shift, mode);
    }
    if (shift <= WIDE_MAX_SHIFT) {
      const wide = mulShiftWide(a, b, shift, mode);
      if (wide === wide) return wide;
    }
  } else {
    const y = x * POW10_NUMBER[-shift];
    if (y <= EXACT_LIMIT && y >= -EXACT_LIMIT) return y + 0;
  }
  return mulDivBig(a, b, 1, shift, mode);
}

/**
 * `a × b / (c × 10^shift)` rounded to an integer with `mode`, exactly, for
 * integer-valued doubles; `c` must be positive.
 *
 * @throws NumericOverflowError when the result is not a safe integer.
 */
export function mulDivUnits(
  a: number,
  b: number,
  c: number,
  shift: number,
  mode: RoundingCode,
): number {
  // Exact in doubles when the product, the rescaled product or the rescaled divisor stays within 2^52.
  const x = a * b;
  if (x <= EXACT_LIMIT && x >= -EXACT_LIMIT && c <= EXACT_LIMIT) {
    if (shift === 0) return divideUnits(x, c, mode);
    if (shift > 0) {
      const d = c * (POW10_NUMBER[shift] ?? Infinity);
      if (d <= EXACT_LIMIT) return divideUnits(x, d, mode);
    } else {
      const y = x * (POW10_NUMBER[-shift] ?? Infinity);
      if (y <= EXACT_LIMIT && y >= -EXACT_LIMIT) return divideUnits(y, c, mode);
    }
  }
  return mulDivBig(a, b, c, shift, mode);
}

function mulDivBig(a: number, b: number, c: number, shift: number, mode: RoundingCode): number {
  let numerator = BigInt(a) * BigInt(b);
  let denominator = BigInt(c);
  if (shift > 0) denominator *= pow10(shift);
  else if (shift < 0) numerator *= pow10(-shift);
  const result = Number(divideRounded(numerator, denominator, ROUNDING_MODES[mode])) + 0;
  if (!Number.isSafeInteger(result)) {
    throw new NumericOverflowError(
      `${a} × ${b} / (${c} × 10^${shift}) does not fit in ±2^53 units; lower the scale in DecimalConfig.`,
    );
  }
  return result;
}

/**
 * `x` rounded to a multiple of `step` (both integer units, `step > 0`) with `mode`.
 */
export function roundToStepUnits(x: number, step: number, mode: RoundingCode): number {
  if (step === 1) return x;
  return divideUnits(x, step, mode) * step;
}

/**
 * Throws unless `x` is an integer number of units within ±2^53: the guard
 * every accumulator in decimal mode passes through.
 *
 * @throws NumericOverflowError naming `what`.
 */
export function checkUnits(x: number, what: string): number {
  if (!Number.isSafeInteger(x)) {
    throw new NumericOverflowError(
      `${what} = ${x} units is outside ±2^53; lower the scale in DecimalConfig or the amounts.`,
    );
  }
  return x;
}

/**
 * `a × Π factors / (Π divisors × 10^shift)` rounded once with `mode`, exactly
 * (BigInt throughout: for multi-factor formulas off the hot path).
 *
 * @throws NumericOverflowError when the result is not a safe integer.
 */
export function scaleUnits(
  a: number,
  factors: readonly number[],
  divisors: readonly number[],
  shift: number,
  mode: RoundingCode,
): number {
  let numerator = BigInt(a);
  for (const f of factors) numerator *= BigInt(f);
  let denominator = 1n;
  for (const d of divisors) denominator *= BigInt(d);
  if (shift > 0) denominator *= pow10(shift);
  else if (shift < 0) numerator *= pow10(-shift);
  const result = Number(divideRounded(numerator, denominator, ROUNDING_MODES[mode])) + 0;
  if (!Number.isSafeInteger(result)) {
    throw new NumericOverflowError(
      `A scaled amount (${a} × ${factors.join(' × ')}) does not fit in ±2^53 units; lower the scale in DecimalConfig.`,
    );
  }
  return result;
}

/**
 * Exact mark-to-market over scaled integers: the product stays in doubles
 * below 2^52; at a shift of 0 (the ledger's accounting scale holds price ×
 * quantity exactly) it is stored as is, otherwise rescaled (rounded with
 * `mode` when the shift is positive); larger products take the BigInt path.
 */
export const markDecimal: MarkKernel = (
  prices,
  quantity,
  lastPrice,
  marketValue,
  shift,
  count,
  mode,
) => markDecimalRange(prices, quantity, lastPrice, marketValue, shift, 0, count, mode);

/**
 * {@link markDecimal} over sids `from..to` only: the TypeScript path of the
 * native kernel's hand-backs, and its TypeScript twin.
 *
 * @throws NumericOverflowError when a value leaves ±2^53 units (sids before it are marked).
 */
export function markDecimalRange(
  prices: Float64Array,
  quantity: Float64Array,
  lastPrice: Float64Array,
  marketValue: Float64Array,
  shift: Int32Array,
  from: number,
  to: number,
  mode: RoundingCode,
): void {
  const half = mode >= 4 && mode <= 6;
  for (let sid = from; sid < to; sid++) {
    const price = prices[sid];
    if (price !== price) continue;
    const q = quantity[sid];
    if (q === 0) {
      lastPrice[sid] = price;
      continue;
    }
    const s = shift[sid];
    const x = price * q;
    if (s === 0 && x <= EXACT_LIMIT && x >= -EXACT_LIMIT) {
      marketValue[sid] = x + 0;
    } else if (half && s > 0 && s <= 15 && x <= RECIPROCAL_LIMIT && x >= -RECIPROCAL_LIMIT) {
      // roundPow10Half inlined: no call, so no boxed double per update.
      const d = POW10_NUMBER[s];
      const n = x * INVERSE_POW10[s] + ROUND_MAGIC - ROUND_MAGIC;
      const e = x - n * d;
      const twice = e + e;
      marketValue[sid] = twice !== d && twice !== -d ? n : roundHalfTie(n, e, x, mode);
    } else if (s > 0 && s <= 15 && x <= EXACT_LIMIT && x >= -EXACT_LIMIT) {
      marketValue[sid] = roundPow10Half(x, s, mode);
    } else {
      let value = s > 0 && s <= WIDE_MAX_SHIFT ? mulShiftWide(price, q, s, mode) : Number.NaN;
      // May throw NumericOverflowError: this position then keeps its previous price and value.
      if (value !== value) value = mulShiftUnits(price, q, s, mode);
      marketValue[sid] = value;
    }
    lastPrice[sid] = price;
  }
}

/**
 * The mean of a window of `period` values in integer units whose exact sum
 * is `sum`, each value being units / `unit` (10^scale): one division by
 * `period × unit`, the correctly rounded mean, so equal means compare equal
 * whatever their periods. When `period × unit` is beyond 2^53 (not exact as
 * a double) it divides twice: `sum / period / unit`. The Rust kernels use
 * the same rule (`rustybt_core::declared_sma::window_mean`).
 */
export function windowMean(sum: number, period: number, unit: number): number {
  const divisor = period * unit;
  return divisor <= 9_007_199_254_740_992 ? sum / divisor : sum / period / unit;
}

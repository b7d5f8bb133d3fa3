import { formatUnits } from './decimal-text.js';
import {
  exact as exactBig,
  toNumber as bigToNumber,
  toText as bigToText,
  type ExactDecimal,
} from './exact-decimal.js';

/**
 * An exact decimal whose units stay a number while they are a safe integer
 * and become a bigint only beyond: the same values as {@link ExactDecimal},
 * without a BigInt per operation for the amounts, prices and cash sums a
 * backtest's fills carry. Results equal the BigInt forms digit for digit.
 */
export interface FastDecimal {
  readonly units: number | bigint;
  readonly scale: number;
}

/** Zero at scale 0. */
export const FAST_ZERO: FastDecimal = { units: 0, scale: 0 };

const PLAIN_SHORT = /^-?\d{1,15}(?:\.\d{1,15})?$/;

/** Exact powers of ten as numbers (10^22 is the last a double holds exactly). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

function big(units: number | bigint): bigint {
  return typeof units === 'bigint' ? units : BigInt(units);
}

function settle(units: bigint, scale: number): FastDecimal {
  const n = Number(units);
  return Number.isSafeInteger(n) ? { units: n, scale } : { units, scale };
}

/**
 * Parses decimal text (`"-12.50"`, or float-mode text like `"1.5e-7"`)
 * exactly, keeping its fraction digits.
 *
 * @throws DataError when the text is not a plain decimal number.
 */
export function fastExact(text: string): FastDecimal {
  if (PLAIN_SHORT.test(text)) {
    const point = text.indexOf('.');
    const scale = point < 0 ? 0 : text.length - point - 1;
    const digits = point < 0 ? text : text.slice(0, point) + text.slice(point + 1);
    // At most 30 digits: the number is exact only up to 15 of them.
    if (digits.length - (text[0] === '-' ? 1 : 0) <= 15)
      return { units: Number(digits) || 0, scale };
  }
  const parsed = exactBig(text);
  return settle(parsed.units, parsed.scale);
}

function align(a: FastDecimal, b: FastDecimal): [number | bigint, number | bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  const [low, high] = a.scale < b.scale ? [a, b] : [b, a];
  const k = high.scale - low.scale;
  let raised: number | bigint;
  if (typeof low.units === 'number' && k < POW10.length) {
    const r = low.units * POW10[k];
    raised = Number.isSafeInteger(r) ? r : big(low.units) * 10n ** BigInt(k);
  } else {
    raised = big(low.units) * 10n ** BigInt(k);
  }
  return a.scale < b.scale ? [raised, b.units, b.scale] : [a.units, raised, a.scale];
}

/** `a + b`, exact. */
export function fastAdd(a: FastDecimal, b: FastDecimal): FastDecimal {
  const [x, y, scale] = align(a, b);
  if (typeof x === 'number' && typeof y === 'number') {
    const r = x + y;
    if (Number.isSafeInteger(r)) return { units: r, scale };
  }
  return settle(big(x) + big(y), scale);
}

/** `-a`. */
export function fastNegate(a: FastDecimal): FastDecimal {
  // 0 - 0 is 0, not the -0 that would print and divide differently.
  const u = a.units;
  return { units: typeof u === 'number' ? 0 - u : -u, scale: a.scale };
}

/** `a - b`, exact. */
export function fastSubtract(a: FastDecimal, b: FastDecimal): FastDecimal {
  return fastAdd(a, fastNegate(b));
}

/** `a × b`, exact. */
export function fastMultiply(a: FastDecimal, b: FastDecimal): FastDecimal {
  const scale = a.scale + b.scale;
  if (typeof a.units === 'number' && typeof b.units === 'number') {
    const r = a.units * b.units;
    // A rounded product within the safe range means the exact one was too.
    if (Number.isSafeInteger(r)) return { units: r, scale };
  }
  return settle(big(a.units) * big(b.units), scale);
}

/** -1, 0 or 1. */
export function fastSign(a: FastDecimal): number {
  const u = a.units;
  return u > 0 ? 1 : u < 0 ? -1 : 0;
}

/** `|a|`. */
export function fastAbsolute(a: FastDecimal): FastDecimal {
  return a.units < 0 ? fastNegate(a) : a;
}

/** Whether `a` and `b` are the same number (whatever their scales). */
export function fastSame(a: FastDecimal, b: FastDecimal): boolean {
  const [x, y] = align(a, b);
  return typeof x === typeof y ? x === y : big(x) === big(y);
}

/** The nearest JS number (for ratios and charts, never for accounting). */
export function fastToNumber(a: FastDecimal): number {
  // Two exact doubles divide to the correctly rounded quotient: the value the text parses to.
  if (typeof a.units === 'number' && a.scale < POW10.length) return a.units / POW10[a.scale];
  return bigToNumber(toExactDecimal(a));
}

/**
 * Plain decimal text without trailing zeros beyond `minScale` fraction
 * digits: `{ units: 1250, scale: 3 }` with `minScale` 2 is `"1.25"`.
 */
export function fastToText(a: FastDecimal, minScale = 0): string {
  let { units, scale } = a;
  if (typeof units !== 'number') return bigToText(toExactDecimal(a), minScale);
  while (scale > minScale && units % 10 === 0) {
    units /= 10;
    scale--;
  }
  if (scale < minScale) {
    const r = units * (POW10[minScale - scale] ?? Infinity);
    if (!Number.isSafeInteger(r)) return bigToText(toExactDecimal(a), minScale);
    units = r;
    scale = minScale;
  }
  return formatUnits(units, scale);
}

/** The same value as an {@link ExactDecimal}. */
export function toExactDecimal(a: FastDecimal): ExactDecimal {
  return { units: big(a.units), scale: a.scale };
}

import { DataError } from '../errors/index.js';
import { formatDecimal, pow10 } from './index.js';
import { plainDecimalText } from './plain-decimal.js';

/** An exact decimal: integer `units` at `scale` fraction digits. */
export interface ExactDecimal {
  units: bigint;
  scale: number;
}

/** Zero at scale 0. */
export const ZERO: ExactDecimal = { units: 0n, scale: 0 };

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses decimal text (`"-12.50"`, or float-mode text like `"1.5e-7"`)
 * exactly, keeping its fraction digits.
 *
 * @throws DataError when the text is not a plain decimal number.
 */
export function exact(text: string): ExactDecimal {
  const match = PLAIN.exec(plainDecimalText(text) ?? '');
  if (match === null) throw new DataError(`Not a decimal number: ${JSON.stringify(text)}.`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

function aligned(a: ExactDecimal, b: ExactDecimal): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  if (a.scale > b.scale) return [a.units, b.units * pow10(a.scale - b.scale), a.scale];
  return [a.units * pow10(b.scale - a.scale), b.units, b.scale];
}

/** `a + b`, exact. */
export function add(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const [x, y, scale] = aligned(a, b);
  return { units: x + y, scale };
}

/** `a - b`, exact. */
export function subtract(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const [x, y, scale] = aligned(a, b);
  return { units: x - y, scale };
}

/** `a × b`, exact. */
export function multiply(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** `-a`. */
export function negate(a: ExactDecimal): ExactDecimal {
  return { units: -a.units, scale: a.scale };
}

/** -1, 0 or 1. */
export function sign(a: ExactDecimal): number {
  return a.units > 0n ? 1 : a.units < 0n ? -1 : 0;
}

/** `|a|`. */
export function absolute(a: ExactDecimal): ExactDecimal {
  return a.units < 0n ? negate(a) : a;
}

/** Whether `a` and `b` are the same number (whatever their scales). */
export function same(a: ExactDecimal, b: ExactDecimal): boolean {
  const [x, y] = aligned(a, b);
  return x === y;
}

/** The nearest JS number (for ratios and charts, never for accounting). */
export function toNumber(a: ExactDecimal): number {
  return Number(formatDecimal(a.units, a.scale));
}

/**
 * Plain decimal text without trailing zeros beyond `minScale` fraction
 * digits: `{ units: 1250n, scale: 3 }` with `minScale` 2 is `"1.25"`.
 */
export function toText(a: ExactDecimal, minScale = 0): string {
  let { units, scale } = a;
  while (scale > minScale && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  if (scale < minScale) {
    units *= pow10(minScale - scale);
    scale = minScale;
  }
  return formatDecimal(units, scale);
}

import { parseDecimal, unitsFromNumber } from '../../numeric/index.js';

const POWERS = Array.from({ length: 19 }, (_, k) => 10 ** k);

/**
 * Decimal text to integer units at `scale`, exactly, as a JS number: the fast
 * path for plain text like `-123.4500` with at most 15 digits and no more
 * fraction digits than `scale`; anything else goes through `parseDecimal`
 * (exact, HALF_EVEN). Returns NaN for text that is not a decimal number.
 */
export function decimalTextToUnits(text: string, scale: number): number {
  let i = 0;
  const n = text.length;
  let negative = false;
  if (n > 0 && (text.charCodeAt(0) === 45 || text.charCodeAt(0) === 43)) {
    negative = text.charCodeAt(0) === 45;
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (code === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return slowPath(text, scale);
    }
  }
  if (digits === 0) return NaN;
  const fractionDigits = Math.max(0, fraction);
  if (digits > 15 || fractionDigits > scale) return slowPath(text, scale);
  const units = mantissa * POWERS[scale - fractionDigits];
  if (units > Number.MAX_SAFE_INTEGER) return slowPath(text, scale);
  return negative && units !== 0 ? -units : units;
}

function slowPath(text: string, scale: number): number {
  try {
    return Number(parseDecimal(text, scale));
  } catch {
    return NaN;
  }
}

/**
 * Number of fraction digits written in decimal text (`"1.0700"` has 4), or 0
 * for text without a point. Used to detect a file's price scale.
 */
export function fractionDigits(text: string): number {
  const point = text.indexOf('.');
  if (point < 0) return 0;
  let end = text.length;
  const exponent = text.search(/[eE]/);
  if (exponent > point) end = exponent;
  return end - point - 1;
}

/**
 * A JSON number to units at `scale` through its shortest round-trip text (see
 * `unitsFromNumber`); NaN for null, NaN or infinite values.
 */
export function jsonNumberToUnits(value: unknown, scale: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return NaN;
  return Number(unitsFromNumber(value, scale));
}

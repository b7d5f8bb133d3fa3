import { parseDecimal, unitsFromNumber } from '../../numeric/index.js';
import { plainDecimalUnits } from './csv-fields.js';

/**
 * Decimal text to integer units at `scale`, exactly, as a JS number: the fast
 * path for plain text like `-123.4500` with at most 15 digits and no more
 * fraction digits than `scale`; anything else goes through `parseDecimal`
 * (exact, HALF_EVEN). Returns NaN for text that is not a decimal number.
 */
export function decimalTextToUnits(text: string, scale: number): number {
  return plainDecimalUnits(text, 0, text.length, scale) ?? slowPath(text, scale);
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

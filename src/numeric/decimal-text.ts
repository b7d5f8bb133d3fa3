import { DataError } from '../errors/index.js';
import { DEFAULT_ROUNDING, divideRounded, type RoundingMode } from './rounding.js';

const DECIMAL_PATTERN = /^([+-])?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Powers of ten as bigints, cached: `pow10(s)` is `10n ** BigInt(s)`. */
export function pow10(scale: number): bigint {
  let value = POW10[scale];
  if (value === undefined) {
    value = 10n ** BigInt(scale);
    POW10[scale] = value;
  }
  return value;
}
const POW10: bigint[] = [];

/**
 * Parses decimal text (`"123.45"`, `"-0.5"`, `"1e-3"`) into integer units at
 * `scale` decimal places: `parseDecimal("1.005", 2)` is `100n` (HALF_EVEN).
 * Digits beyond `scale` are rounded with `mode`. Never goes through a binary float.
 *
 * @throws DataError when the text is not a finite decimal number.
 */
export function parseDecimal(
  text: string,
  scale: number,
  mode: RoundingMode = DEFAULT_ROUNDING,
): bigint {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (match === null || (match[2] === undefined && !match[3])) {
    throw new DataError(`Not a decimal number: ${JSON.stringify(text)}.`);
  }
  const [, sign, whole = '', fraction = '', exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  // value = digits * 10^(exponent - fraction.length); we want value * 10^scale.
  let digits = BigInt(`${whole}${fraction}` || '0');
  if (sign === '-') digits = -digits;
  const shift = scale + exponent - fraction.length;
  return shift >= 0 ? digits * pow10(shift) : divideRounded(digits, pow10(-shift), mode);
}

/**
 * Integer units at `scale` decimal places as plain decimal text, with exactly
 * `scale` fraction digits: `formatDecimal(-5n, 2)` is `"-0.05"`.
 */
export function formatDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/**
 * {@link formatDecimal} of integer units held in a number: without a BigInt
 * while they are a safe integer (every unit count the engine keeps), through
 * one beyond that. Same text as `formatDecimal(BigInt(units), scale)`.
 */
export function formatUnits(units: number, scale: number): string {
  if (!Number.isSafeInteger(units)) return formatDecimal(BigInt(units), scale);
  const negative = units < 0;
  const digits = String(negative ? -units : units).padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/**
 * Converts a JS number that carries a decimal value (as sources like Yahoo
 * deliver them) to units at `scale`, through its shortest round-trip decimal
 * text, so `0.1` becomes exactly `0.1` and not 0.1000000000000000055...
 *
 * @throws DataError when `value` is NaN or infinite.
 */
export function unitsFromNumber(
  value: number,
  scale: number,
  mode: RoundingMode = DEFAULT_ROUNDING,
): bigint {
  if (!Number.isFinite(value)) throw new DataError(`Not a finite number: ${value}.`);
  return parseDecimal(String(value), scale, mode);
}

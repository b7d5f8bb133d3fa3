import { ConfigError } from '../errors/index.js';
import { formatUnits, parseDecimal } from './decimal-text.js';
import { markDecimalOnBackend } from './mark-backend.js';
import type { Numeric, Rate } from './numeric.js';
import { ROUNDING_MODES } from './rounding.js';
import {
  checkUnits,
  mulDivUnits,
  mulShiftUnits,
  pow10Number,
  roundToStepUnits,
  scaleUnits,
  type RoundingCode,
} from './unit-arithmetic.js';

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Decimal places needed to write `text` exactly ("0.0015" → 4, "5" → 0, "1e-3" → 3). */
export function decimalPlaces(text: string): number {
  const match = /^[+-]?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (match === null) return 0;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return Math.max(0, fraction.length - Number(match[3] ?? 0));
}

function toUnits(value: number | string, scale: number, mode: RoundingCode): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.NaN;
    const factor = pow10Number(scale);
    const units = Math.round(value * factor);
    // Exact when the number has at most `scale` digits: then units / 10^scale
    // is the same nearest double as `value` itself.
    if (units / factor === value && Number.isSafeInteger(units)) return units;
    value = String(value);
  }
  const plain = plainTextUnits(value, scale);
  if (plain === plain) return plain;
  if (!DECIMAL_TEXT.test(value.trim())) return Number.NaN;
  return Number(parseDecimal(value, scale, ROUNDING_MODES[mode]));
}

/**
 * Units at `scale` of plain decimal text (`"0.01"`, `"-12.5"`, `"7"`) that
 * needs no rounding and stays a safe integer, read digit by digit without a
 * BigInt; NaN for any other text, which the exact parser then reads.
 */
export function plainTextUnits(text: string, scale: number): number {
  const n = text.length;
  let i = 0;
  let negative = false;
  if (n > 0) {
    const first = text.charCodeAt(0);
    if (first === 0x2b || first === 0x2d) {
      negative = first === 0x2d;
      i = 1;
    }
  }
  let digits = 0;
  let units = 0;
  let places = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      units = units * 10 + (c - 0x30);
      digits++;
      if (places >= 0) places++;
    } else if (c === 0x2e && places < 0) {
      places = 0;
    } else {
      return Number.NaN;
    }
  }
  // 15 digits are exact in a double; the rescale then is exact while the result is a safe integer.
  const shift = scale - (places < 0 ? 0 : places);
  if (digits === 0 || digits > 15 || shift < 0 || shift > 22) return Number.NaN;
  const result = units * pow10Number(shift);
  if (result > Number.MAX_SAFE_INTEGER) return Number.NaN;
  return negative ? 0 - result : result;
}

/**
 * Exact decimal arithmetic over scaled integers held in doubles: every value
 * is an integer number of units at a scale fixed by its kind (price scale,
 * quantity scale, money scale), exact within ±2^53; products beyond 2^52 are
 * computed with BigInt, and anything that would not fit raises
 * `NumericOverflowError` instead of losing a unit.
 */
export const decimalNumeric: Numeric = {
  mode: 'decimal',
  fromUnits(units: number): number {
    return units;
  },
  fromInput(value: number | string, scale: number, mode: RoundingCode): number {
    return toUnits(value, scale, mode);
  },
  fitsScale(value: number | string, scale: number): boolean {
    // What the fast paths of toUnits read needs no rounding: it fits without two more parses.
    if (typeof value === 'number') {
      const factor = pow10Number(scale);
      const units = Math.round(value * factor);
      if (units / factor === value && Number.isSafeInteger(units)) return true;
    } else {
      const plain = plainTextUnits(value, scale);
      if (plain === plain) return true;
    }
    const down = toUnits(value, scale, 1);
    const up = toUnits(value, scale, 0);
    return Number.isFinite(down) && down === up;
  },
  mulShift: mulShiftUnits,
  mulDiv: mulDivUnits,
  scale: scaleUnits,
  roundToStep: roundToStepUnits,
  markToMarket: markDecimalOnBackend,
  check: checkUnits,
  rate(text: string | number): Rate {
    const written = typeof text === 'number' ? decimalTextOfNumber(text) : text.trim();
    if (!DECIMAL_TEXT.test(written)) {
      throw new ConfigError(
        `Not a decimal constant: ${JSON.stringify(text)}; write it like "0.0015".`,
      );
    }
    const scale = decimalPlaces(written);
    if (scale > 15) {
      throw new ConfigError(`Constant ${written} has more than 15 decimal places; shorten it.`);
    }
    return { value: toUnits(written, scale, 1), scale, text: written };
  },
  toNumber(x: number, scale: number): number {
    return x / pow10Number(scale);
  },
  toText(x: number, scale: number): string {
    return formatUnits(x, scale);
  },
};

/**
 * Decimal text of a computed number, such as a weight `0.9 / 50`
 * (0.018000000000000002 as a double): rounded to 15 significant digits (the
 * precision a double carries) and at most 15 decimal places, trailing zeros
 * dropped (`0.018`). Non-finite numbers and magnitudes of 1e15 or more are
 * returned as `String(x)`, for the caller's own check to refuse or keep.
 */
export function decimalTextOfNumber(x: number): string {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e15) return String(x);
  return Number(x.toPrecision(15))
    .toFixed(15)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

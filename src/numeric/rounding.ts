import { ConfigError } from '../errors/index.js';

/** The eight rounding modes of Python's `decimal` module, by the same names. */
export const ROUNDING_MODES = [
  'UP',
  'DOWN',
  'CEILING',
  'FLOOR',
  'HALF_UP',
  'HALF_DOWN',
  'HALF_EVEN',
  '05UP',
] as const;

/** One of Python's decimal rounding modes; `HALF_EVEN` (banker's rounding) is the default. */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** Default rounding mode everywhere a mode is not given. */
export const DEFAULT_ROUNDING: RoundingMode = 'HALF_EVEN';

/**
 * Checks a rounding mode read from outside (a file, an option).
 *
 * @throws ConfigError naming the valid modes.
 */
export function parseRoundingMode(value: unknown): RoundingMode {
  if (typeof value === 'string' && (ROUNDING_MODES as readonly string[]).includes(value)) {
    return value as RoundingMode;
  }
  throw new ConfigError(
    `Unknown rounding mode ${JSON.stringify(value)}; use one of ${ROUNDING_MODES.join(', ')}.`,
  );
}

/**
 * `numerator / denominator` rounded to an integer with `mode`, exactly.
 * `denominator` must be positive.
 */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) throw new RangeError('divideRounded: denominator must be positive');
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator - quotient * denominator;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n;
  const away = negative ? quotient - 1n : quotient + 1n;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  switch (mode) {
    case 'DOWN':
      return quotient;
    case 'UP':
      return away;
    case 'CEILING':
      return negative ? quotient : away;
    case 'FLOOR':
      return negative ? away : quotient;
    case 'HALF_UP':
      return twice >= denominator ? away : quotient;
    case 'HALF_DOWN':
      return twice > denominator ? away : quotient;
    case 'HALF_EVEN':
      if (twice !== denominator) return twice > denominator ? away : quotient;
      return quotient % 2n === 0n ? quotient : away;
    case '05UP': {
      // Round toward zero, unless that leaves a last digit of 0 or 5: then away from zero.
      const last = (quotient < 0n ? -quotient : quotient) % 10n;
      return last === 0n || last === 5n ? away : quotient;
    }
  }
}

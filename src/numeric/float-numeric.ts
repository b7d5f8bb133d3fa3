import { ConfigError, NumericOverflowError } from '../errors/index.js';
import { markFloat } from './mark-kernels.js';
import type { Numeric, Rate } from './numeric.js';
import { pow10Number, type RoundingCode } from './unit-arithmetic.js';

/** Rounds `x` to an integer with `mode`, in float arithmetic. */
function roundFloat(x: number, mode: RoundingCode): number {
  switch (mode) {
    case 0:
      return x < 0 ? Math.floor(x) : Math.ceil(x);
    case 1:
      return Math.trunc(x);
    case 2:
      return Math.ceil(x);
    case 3:
      return Math.floor(x);
    case 4:
      return x < 0 ? -Math.round(-x) : Math.round(x);
    case 5:
      return x < 0 ? -Math.ceil(-x - 0.5) : Math.ceil(x - 0.5);
    case 6: {
      const r = Math.round(x);
      return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }
    default: {
      const t = Math.trunc(x);
      if (t === x) return t;
      const last = Math.abs(t) % 10;
      return last === 0 || last === 5 ? t + Math.sign(x) : t;
    }
  }
}

/**
 * Plain JS-number arithmetic: the baseline the decimal mode is measured
 * against. Same operations and rounding points as `decimalNumeric`, but
 * scales are ignored and money is never rounded to a currency's units.
 */
export const floatNumeric: Numeric = {
  mode: 'float',
  fromUnits(units: number, scale: number): number {
    return units / pow10Number(scale);
  },
  fromInput(value: number | string): number {
    const x = typeof value === 'number' ? value : Number(value.trim() === '' ? Number.NaN : value);
    return Number.isFinite(x) ? x : Number.NaN;
  },
  fitsScale(value: number | string): boolean {
    return Number.isFinite(typeof value === 'number' ? value : Number(value));
  },
  mulShift(a: number, b: number): number {
    return a * b;
  },
  mulDiv(a: number, b: number, c: number): number {
    return (a * b) / c;
  },
  scale(a: number, factors: readonly number[], divisors: readonly number[]): number {
    let x = a;
    for (const f of factors) x *= f;
    for (const d of divisors) x /= d;
    return x;
  },
  roundToStep(x: number, step: number, mode: RoundingCode): number {
    // Snap quotients within 1e-9 of an integer first, as float engines must:
    // 100.1 / 0.01 is 10009.999999999998, which is 10010 steps.
    // Steps like 0.01 are applied as "÷ 100", which is correctly rounded: 9849 × 0.01 is
    // 98.49000000000001 but 9849 / 100 is 98.49.
    const inverse = 1 / step;
    const exactInverse = Number.isInteger(inverse);
    const steps = exactInverse ? x * inverse : x / step;
    const nearest = Math.round(steps);
    const snapped =
      Math.abs(steps - nearest) <= 1e-9 * Math.max(1, Math.abs(nearest)) ? nearest : steps;
    const rounded = roundFloat(snapped, mode);
    return exactInverse ? rounded / inverse : rounded * step;
  },
  markToMarket: markFloat,
  check(x: number, what: string): number {
    if (!Number.isFinite(x))
      throw new NumericOverflowError(
        `${what} is not a finite number (${x}); check the inputs that produced it.`,
      );
    return x;
  },
  rate(text: string | number): Rate {
    const value = Number(text);
    if (!Number.isFinite(value)) {
      throw new ConfigError(
        `Not a decimal constant: ${JSON.stringify(text)}; write it like "0.0015".`,
      );
    }
    return { value, scale: 0, text: String(text) };
  },
  toNumber(x: number): number {
    return x;
  },
  toText(x: number): string {
    return String(x);
  },
};

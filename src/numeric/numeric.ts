import type { MarkKernel } from './mark-kernels.js';
import type { RoundingCode } from './unit-arithmetic.js';

declare const kind: unique symbol;

/**
 * A price in engine representation. In `decimal` mode: integer units at the
 * asset's price scale (`12345` at scale 2 is 123.45); in `float` mode: the
 * price as a plain JS number.
 */
export type Price = number & { readonly [kind]: 'Price' };

/** A quantity (shares, coins, base-currency units): units at the asset's quantity scale in `decimal` mode, a JS number in `float` mode. */
export type Quantity = number & { readonly [kind]: 'Quantity' };

/** An amount of money in the account currency: units at the currency's scale in `decimal` mode, a JS number in `float` mode. */
export type Money = number & { readonly [kind]: 'Money' };

/** The two arithmetic modes of the engine: exact scaled integers, or plain JS numbers. */
export type NumericMode = 'decimal' | 'float';

/** The numeric modes, `decimal` first (the default). */
export const NUMERIC_MODES: readonly NumericMode[] = ['decimal', 'float'];

/**
 * An exact decimal constant of a model (a commission rate, a basis-point
 * slippage): `value` is units at `scale` in `decimal` mode and the plain
 * number in `float` mode, so `mulShift(x, rate.value, rate.scale + ...)`
 * multiplies by the constant in either mode.
 */
export interface Rate {
  readonly value: number;
  readonly scale: number;
  /** The constant as decimal text, as it was given. */
  readonly text: string;
}

/**
 * The arithmetic the engine is written against. Values are JS numbers in
 * both modes: in `decimal` mode integer units at a known scale (exact while
 * within ±2^53, with exact BigInt paths for larger intermediate products),
 * in `float` mode plain numbers where every scale argument is ignored.
 * Addition and subtraction are written as `+` and `-` in the engine; the
 * operations here are the ones whose result needs a scale or a rounding.
 */
export interface Numeric {
  readonly mode: NumericMode;
  /** A value held as integer `units` at `scale` (a bar price, a lot size) in engine representation. */
  fromUnits(units: number, scale: number): number;
  /**
   * User input (a JS number or decimal text) at `scale`, rounded with `mode`
   * when it has more digits than the scale holds (`decimal` mode).
   * Returns NaN for text that is not a decimal number.
   */
  fromInput(value: number | string, scale: number, mode: RoundingCode): number;
  /** True when `value` is exactly representable at `scale` (always true in `float` mode for finite values). */
  fitsScale(value: number | string, scale: number): boolean;
  /** `a × b / 10^shift`, rounded with `mode` (`decimal`); `a × b` (`float`). */
  readonly mulShift: (a: number, b: number, shift: number, mode: RoundingCode) => number;
  /** `a × b / (c × 10^shift)`, rounded with `mode` (`decimal`); `a × b / c` (`float`). `c > 0`. */
  readonly mulDiv: (a: number, b: number, c: number, shift: number, mode: RoundingCode) => number;
  /**
   * `a × Π factors / (Π divisors × 10^shift)` rounded once with `mode`
   * (`decimal`, through BigInt: for rare multi-factor formulas); plain in
   * `float`. Divisors must be positive.
   */
  scale(
    a: number,
    factors: readonly number[],
    divisors: readonly number[],
    shift: number,
    mode: RoundingCode,
  ): number;
  /** `x` rounded to a multiple of `step` with `mode`. */
  roundToStep(x: number, step: number, mode: RoundingCode): number;
  /** The mark-to-market kernel of this mode (one call per bar for all assets; see `MarkKernel`). */
  readonly markToMarket: MarkKernel;
  /** Returns `x` after checking it is representable (safe integer units; finite float). */
  check(x: number, what: string): number;
  /** A decimal constant as a `Rate` (see there). */
  rate(text: string | number): Rate;
  /** The value as a JS number (correctly rounded in `decimal` mode). */
  toNumber(x: number, scale: number): number;
  /** The value as decimal text: exact with `scale` fraction digits in `decimal` mode. */
  toText(x: number, scale: number): string;
}

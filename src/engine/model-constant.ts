import { ConfigError } from '../errors/index.js';
import { decimalPlaces, decimalTextOfNumber } from '../numeric/decimal-numeric.js';
import { formatDecimal, parseDecimal } from '../numeric/decimal-text.js';
import type { Numeric, Rate } from '../numeric/numeric.js';

/**
 * A decimal constant of a model (a rate, a basis-point count), kept as text
 * and turned into a `Rate` once per numeric mode, so one model instance
 * serves both modes without a float ever touching the decimal path.
 */
export class ModelConstant {
  /** The constant as decimal text. */
  readonly text: string;
  private decimal: Rate | undefined;
  private float: Rate | undefined;

  /**
   * @param value - decimal text (read exactly) or a number (read at 15 significant digits)
   * @param what - the parameter's name, for error messages
   * @param min - smallest allowed value (inclusive)
   * @throws ConfigError when the value is not a finite decimal ≥ `min`
   */
  constructor(value: string | number, what: string, min = 0) {
    const text = typeof value === 'number' ? decimalTextOfNumber(value) : value.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) || !(Number(text) >= min)) {
      throw new ConfigError(
        `${what} must be a decimal number >= ${min}, got ${JSON.stringify(value)}.`,
      );
    }
    this.text = text;
  }

  /** The constant shifted by `exponent` decimal places (`0.1` shifted −2 is `0.001`), exactly. */
  shifted(exponent: number, what: string): ModelConstant {
    const scale = decimalPlaces(this.text);
    const units = parseDecimal(this.text, scale);
    const text =
      exponent >= 0
        ? formatDecimal(units * 10n ** BigInt(exponent), scale)
        : formatDecimal(units, scale - exponent);
    return new ModelConstant(text, what, Number.NEGATIVE_INFINITY);
  }

  /** 1 + constant (`up`) or 1 − constant, exactly. */
  onePlus(sign: 1 | -1, what: string): ModelConstant {
    const scale = decimalPlaces(this.text);
    const units = parseDecimal(this.text, scale);
    return new ModelConstant(
      formatDecimal(10n ** BigInt(scale) + BigInt(sign) * units, scale),
      what,
      Number.NEGATIVE_INFINITY,
    );
  }

  /** The constant as a `Rate` in `numeric`'s representation. */
  rate(numeric: Numeric): Rate {
    if (numeric.mode === 'decimal') return (this.decimal ??= numeric.rate(this.text));
    return (this.float ??= numeric.rate(this.text));
  }

  /** JSON form: the decimal text. */
  toJSON(): string {
    return this.text;
  }
}

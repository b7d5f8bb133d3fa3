import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import type * as Yaml from 'yaml';
import type * as Zod from 'zod';
import { ConfigError } from '../errors/index.js';
import { DEFAULT_ROUNDING, ROUNDING_MODES, type RoundingMode } from './rounding.js';

/** Asset classes the engine trades; each has its own price and quantity scales. */
export type AssetClass = 'equity' | 'crypto' | 'forex';

/** All asset classes. */
export const ASSET_CLASSES: readonly AssetClass[] = ['equity', 'crypto', 'forex'];

/**
 * The places where the engine rounds an exact result to a scale, each with
 * its own rounding mode (see docs/engine/accounting.md):
 * - `notional`: price × quantity to the currency's money scale, on every fill and valuation;
 * - `costBasis`: the share of cost basis removed when part of a position is closed;
 * - `commission`: a commission to the money scale;
 * - `slippagePrice`: a slippage-adjusted price to the asset's price scale;
 * - `orderQuantity`: the quantity from `orderValue`/`orderPercent`/`orderTarget*` to the lot size;
 * - `lot`: a quantity off the lot size, when `offLotQuantity` is `round`;
 * - `dividend`: a dividend (quantity × amount per share) to the money scale;
 * - `splitRemainder`: the quantity kept after a split to the lot size (the rest is paid in cash).
 */
export const ROUNDING_POINTS = [
  'notional',
  'costBasis',
  'commission',
  'slippagePrice',
  'orderQuantity',
  'lot',
  'dividend',
  'splitRemainder',
] as const;

/** One of the named rounding points. */
export type RoundingPoint = (typeof ROUNDING_POINTS)[number];

/** Points whose mode is not inherited from `rounding` by default: quantities round toward zero. */
const POINT_DEFAULTS: Partial<Record<RoundingPoint, RoundingMode>> = {
  orderQuantity: 'DOWN',
  lot: 'DOWN',
  splitRemainder: 'DOWN',
};

// zod and yaml are loaded on first use: a run with the default config never needs them.
const requireLazily = createRequire(import.meta.url);

function buildSchema(z: typeof Zod) {
  const scaleSchema = z.int().min(0).max(12);
  const modeSchema = z.enum(ROUNDING_MODES);
  const classScalesSchema = z.strictObject({ price: scaleSchema, quantity: scaleSchema });
  return z.strictObject({
    rounding: modeSchema.optional(),
    roundingPoints: z.partialRecord(z.enum(ROUNDING_POINTS), modeSchema).optional(),
    assetClasses: z.partialRecord(z.enum(ASSET_CLASSES), classScalesSchema).optional(),
    currencies: z.record(z.string().regex(/^[A-Z0-9]{2,10}$/), scaleSchema).optional(),
    defaultCurrencyScale: scaleSchema.optional(),
    offLotQuantity: z.enum(['round', 'reject']).optional(),
  });
}

/** The zod schema type of a DecimalConfig as written in a file or in code. */
export type DecimalConfigSchema = ReturnType<typeof buildSchema>;

let schema: DecimalConfigSchema | undefined;

/**
 * The zod schema of a DecimalConfig as written in a file or in code (every
 * field optional), built on first call.
 */
export function decimalConfigSchema(): DecimalConfigSchema {
  schema ??= buildSchema(requireLazily('zod') as typeof Zod);
  return schema;
}

/** DecimalConfig input: what a file or a caller writes; missing fields take defaults. */
export type DecimalConfigInput = Zod.input<DecimalConfigSchema>;

/** Price and quantity scales (decimal places) of one asset class. */
export interface ClassScales {
  readonly price: number;
  readonly quantity: number;
}

/**
 * The resolved numeric configuration: every field explicit, a plain frozen
 * object that `JSON.stringify` serializes as is (the Rust side receives the
 * same JSON).
 */
export interface DecimalConfig {
  /** Default rounding mode (HALF_EVEN unless set). */
  readonly rounding: RoundingMode;
  /** The rounding mode at each rounding point. */
  readonly roundingPoints: Readonly<Record<RoundingPoint, RoundingMode>>;
  /** Scales per asset class. */
  readonly assetClasses: Readonly<Record<AssetClass, ClassScales>>;
  /** Money scale (decimal places) per currency code. */
  readonly currencies: Readonly<Record<string, number>>;
  /** Money scale of a currency not listed in `currencies`. */
  readonly defaultCurrencyScale: number;
  /** What to do with an order quantity off the asset's lot size: round it (`lot` mode) or reject the order. */
  readonly offLotQuantity: 'round' | 'reject';
}

/** Default scales per asset class: sub-penny equities, 8-decimal crypto, 5-decimal forex quotes. */
export const DEFAULT_CLASS_SCALES: Readonly<Record<AssetClass, ClassScales>> = {
  equity: { price: 4, quantity: 0 },
  crypto: { price: 8, quantity: 8 },
  forex: { price: 5, quantity: 0 },
};

/** Default money scales of common currencies. */
export const DEFAULT_CURRENCY_SCALES: Readonly<Record<string, number>> = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  CHF: 2,
  CAD: 2,
  AUD: 2,
  JPY: 0,
  USDT: 8,
  USDC: 8,
  BTC: 8,
  ETH: 8,
};

function describeIssues(error: Zod.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
      if (
        issue.path.length > 0 &&
        (issue.path.at(-1) === 'rounding' || issue.path[0] === 'roundingPoints')
      ) {
        return `${where}: unknown rounding mode; use one of ${ROUNDING_MODES.join(', ')}`;
      }
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Validates and resolves a DecimalConfig written in code (or parsed from a
 * file): unknown keys, unknown rounding modes and out-of-range scales are
 * rejected; missing fields take the documented defaults.
 *
 * @throws ConfigError listing every invalid field.
 */
export function decimalConfig(input: unknown = {}): DecimalConfig {
  if (isEmpty(input)) {
    defaults ??= resolve({});
    return defaults;
  }
  const parsed = decimalConfigSchema().safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`Invalid DecimalConfig: ${describeIssues(parsed.error)}.`);
  }
  return resolve(parsed.data);
}

let defaults: DecimalConfig | undefined;

function isEmpty(input: unknown): boolean {
  if (input === undefined || input === null) return true;
  if (typeof input !== 'object' || Object.getPrototypeOf(input) !== Object.prototype) return false;
  return Object.keys(input).length === 0;
}

function resolve(value: Zod.output<DecimalConfigSchema>): DecimalConfig {
  const rounding = value.rounding ?? DEFAULT_ROUNDING;
  const roundingPoints = Object.fromEntries(
    ROUNDING_POINTS.map((point) => [
      point,
      value.roundingPoints?.[point] ?? POINT_DEFAULTS[point] ?? rounding,
    ]),
  ) as Record<RoundingPoint, RoundingMode>;
  const assetClasses = Object.fromEntries(
    ASSET_CLASSES.map((cls) => [
      cls,
      Object.freeze({ ...(value.assetClasses?.[cls] ?? DEFAULT_CLASS_SCALES[cls]) }),
    ]),
  ) as Record<AssetClass, ClassScales>;
  return Object.freeze({
    rounding,
    roundingPoints: Object.freeze(roundingPoints),
    assetClasses: Object.freeze(assetClasses),
    currencies: Object.freeze({ ...DEFAULT_CURRENCY_SCALES, ...(value.currencies ?? {}) }),
    defaultCurrencyScale: value.defaultCurrencyScale ?? 2,
    offLotQuantity: value.offLotQuantity ?? 'round',
  });
}

/** Money scale of `currency` under `config`. */
export function currencyScale(config: DecimalConfig, currency: string): number {
  return config.currencies[currency] ?? config.defaultCurrencyScale;
}

/**
 * Reads a DecimalConfig from a `.json`, `.yaml` or `.yml` file.
 *
 * @throws ConfigError when the file cannot be read or parsed, or is invalid.
 */
export function loadDecimalConfig(path: string): DecimalConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read DecimalConfig file ${path}: ${(error as Error).message}.`, {
      cause: error,
    });
  }
  const extension = extname(path).toLowerCase();
  let data: unknown;
  try {
    if (extension === '.json') data = JSON.parse(text);
    else if (extension === '.yaml' || extension === '.yml')
      data = (requireLazily('yaml') as typeof Yaml).parse(text);
    else throw new Error(`unsupported extension "${extension}"; use .json, .yaml or .yml`);
  } catch (error) {
    throw new ConfigError(`Cannot parse DecimalConfig file ${path}: ${(error as Error).message}.`, {
      cause: error,
    });
  }
  try {
    return decimalConfig(data);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(`${path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

import { ConfigError } from '../errors/index.js';
import type { BarField } from './spec.js';

/** Largest decimal scale an indicator input may have (10^18 is still an exact float64). */
export const MAX_INPUT_SCALE = 18;

/** Powers of ten 10^0 .. 10^MAX_INPUT_SCALE, each exact in float64. */
const POW10 = Float64Array.from({ length: MAX_INPUT_SCALE + 1 }, (_, k) => 10 ** k);

/**
 * Decimal scales of integer-unit inputs: a price of 30.94 at price scale 2
 * arrives as 3094. `volume` applies to the volume field, `price` to the others.
 * Omitted scales are 0 (the inputs are whole numbers as given).
 */
export interface InputScales {
  /** Decimal places of open, high, low and close units. */
  price?: number;
  /** Decimal places of volume units. */
  volume?: number;
}

/**
 * 10^scale, the divisor that turns integer units into the value they stand for.
 *
 * @throws ConfigError when `scale` is not an integer from 0 to {@link MAX_INPUT_SCALE}
 */
export function unitOf(scale: number, what: string): number {
  if (!(Number.isInteger(scale) && scale >= 0 && scale <= MAX_INPUT_SCALE)) {
    throw new ConfigError(
      `${what} must be an integer from 0 to ${MAX_INPUT_SCALE} (decimal places of the units), got ${String(scale)}`,
    );
  }
  return POW10[scale];
}

/**
 * The divisor of each input of an indicator (in `inputs` order, padded to 4
 * with 1): 10^volume for the volume field, 10^price for the others.
 *
 * @throws ConfigError for a scale outside 0..{@link MAX_INPUT_SCALE}
 */
export function inputUnits(inputs: readonly BarField[], scales: InputScales): Float64Array {
  const price = unitOf(scales.price ?? 0, 'price scale');
  const volume = unitOf(scales.volume ?? 0, 'volume scale');
  const units = new Float64Array(4).fill(1);
  for (let k = 0; k < inputs.length; k++) units[k] = inputs[k] === 'volume' ? volume : price;
  return units;
}

/**
 * 10^scale per asset id, from per-asset decimal scales.
 *
 * @throws ConfigError for a scale outside 0..{@link MAX_INPUT_SCALE} or fewer scales than assets
 */
export function unitsPerAsset(
  scales: ArrayLike<number>,
  assetCount: number,
  what: string,
): Float64Array {
  if (scales.length < assetCount) {
    throw new ConfigError(
      `${what}: ${scales.length} scales for ${assetCount} assets; pass one scale per asset id`,
    );
  }
  const units = new Float64Array(assetCount);
  for (let sid = 0; sid < assetCount; sid++)
    units[sid] = unitOf(scales[sid], `${what} of asset ${sid}`);
  return units;
}

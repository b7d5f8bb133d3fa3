import type { Asset } from '../../assets/asset.js';
import type { Numeric } from '../../numeric/numeric.js';
import type { RoundingCode } from '../../numeric/unit-arithmetic.js';

/** What a slippage model sees of one prospective fill, in engine representation. */
export interface SlippageInput {
  readonly numeric: Numeric;
  readonly asset: Asset;
  /** Execution price before slippage (the reference, limit or stop price). */
  readonly price: number;
  /** Signed quantity of the fill (positive buys). */
  readonly quantity: number;
  /** The bar's volume for the asset, at its quantity scale. */
  readonly volume: number;
  /** Rounding mode of the `slippagePrice` point. */
  readonly mode: RoundingCode;
}

/**
 * Decides the execution price of a fill and how much of a bar's volume the
 * orders of one asset may take. Write your own against this interface.
 * The blotter then clamps the price into the bar's low..high range and never
 * beyond a limit price.
 */
export interface SlippageModel {
  /** Model name, for reports. */
  readonly name: string;
  /**
   * Largest share of a bar's volume (decimal text, e.g. `"0.1"`) that the
   * orders of one asset may fill on that bar; undefined for no cap (then
   * zero-volume bars fill too).
   */
  readonly volumeLimit: string | undefined;
  /** Execution price after slippage, at the asset's price scale (decimal mode, rounded with `mode`). */
  price(input: SlippageInput): number;
}

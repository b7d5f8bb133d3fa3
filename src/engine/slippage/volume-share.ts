import { ModelConstant } from '../model-constant.js';
import type { SlippageInput, SlippageModel } from './slippage-model.js';

/** Options of VolumeShareSlippage. */
export interface VolumeShareOptions {
  /** Largest share of a bar's volume filled (default 0.025). */
  volumeLimit?: string | number;
  /** Price impact coefficient (default 0.1). */
  priceImpact?: string | number;
}

/**
 * zipline's VolumeShareSlippage: the price moves against the order by
 * `priceImpact × (quantity / volume)² × price`, with fills capped at
 * `volumeLimit` of the bar's volume (so the share is at most the limit).
 */
export class VolumeShareSlippage implements SlippageModel {
  readonly name = 'VolumeShare';
  readonly volumeLimit: string;
  private readonly impact: ModelConstant;

  /** @param options - volume limit and price impact */
  constructor(options: VolumeShareOptions = {}) {
    this.volumeLimit = new ModelConstant(options.volumeLimit ?? '0.025', 'volumeLimit').text;
    this.impact = new ModelConstant(options.priceImpact ?? '0.1', 'priceImpact');
  }

  /** Price impact coefficient as decimal text. */
  get priceImpact(): string {
    return this.impact.text;
  }

  /** `price × (1 ± impact × (q/V)²)`, computed exactly then rounded once. */
  price(input: SlippageInput): number {
    const { numeric, volume } = input;
    if (!(volume > 0)) return input.price;
    const q = input.quantity < 0 ? -input.quantity : input.quantity;
    const k = this.impact.rate(numeric);
    // impact = price × k × q² / (V² × 10^scale(k)), exact up to the one rounding.
    // Signed move, so the one rounding applies to the final price in every mode.
    const move = numeric.scale(
      input.price,
      [k.value, input.quantity, q],
      [volume, volume],
      k.scale,
      input.mode,
    );
    return input.price + move;
  }
}

import { ModelConstant } from '../model-constant.js';
import type { SlippageInput, SlippageModel } from './slippage-model.js';

/** Options of FixedBasisPointsSlippage. */
export interface FixedBasisPointsOptions {
  /** Price moved against the order, in basis points (default 5). */
  basisPoints?: string | number;
  /** Largest share of a bar's volume filled (default 0.1); `null` for no cap. */
  volumeLimit?: string | number | null;
}

/**
 * Buys pay `price × (1 + bps/10000)`, sells get `price × (1 − bps/10000)`;
 * fills capped at `volumeLimit` of the bar's volume. zipline's equity
 * default: 5 bps, 10%.
 */
export class FixedBasisPointsSlippage implements SlippageModel {
  readonly name = 'FixedBasisPoints';
  readonly volumeLimit: string | undefined;
  readonly basisPoints: string;
  private readonly up: ModelConstant;
  private readonly down: ModelConstant;

  /** @param options - basis points and volume limit */
  constructor(options: FixedBasisPointsOptions = {}) {
    const bps = new ModelConstant(options.basisPoints ?? '5', 'basisPoints');
    this.basisPoints = bps.text;
    this.volumeLimit =
      options.volumeLimit === null
        ? undefined
        : new ModelConstant(options.volumeLimit ?? '0.1', 'volumeLimit').text;
    const fraction = bps.shifted(-4, 'basisPoints');
    this.up = fraction.onePlus(1, 'basisPoints');
    this.down = fraction.onePlus(-1, 'basisPoints');
  }

  /** The price moved `basisPoints` against the order. */
  price(input: SlippageInput): number {
    const factor = (input.quantity > 0 ? this.up : this.down).rate(input.numeric);
    return input.numeric.mulShift(input.price, factor.value, factor.scale, input.mode);
  }
}

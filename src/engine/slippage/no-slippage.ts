import type { SlippageInput, SlippageModel } from './slippage-model.js';

/** Fills at the execution price itself, with no volume cap. */
export class NoSlippage implements SlippageModel {
  readonly name = 'NoSlippage';
  readonly volumeLimit = undefined;

  /** The price unchanged. */
  price(input: SlippageInput): number {
    return input.price;
  }
}

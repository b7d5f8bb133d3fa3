import { ModelConstant } from '../model-constant.js';
import type { SlippageInput, SlippageModel } from './slippage-model.js';

/**
 * Buys pay half the spread above the price, sells get half below; no volume
 * cap. `spread` is an absolute price difference in the quote currency.
 */
export class FixedSpreadSlippage implements SlippageModel {
  readonly name = 'FixedSpread';
  readonly volumeLimit = undefined;
  private readonly spread: ModelConstant;

  /** @param spread - full bid-ask spread in price (e.g. `"0.02"`); default 0.01 */
  constructor(spread: string | number = '0.01') {
    this.spread = new ModelConstant(spread, 'spread');
  }

  /** The spread as decimal text. */
  get spreadText(): string {
    return this.spread.text;
  }

  /** The price moved half a spread against the order (rounded to the price scale in decimal mode). */
  price(input: SlippageInput): number {
    const { numeric, asset } = input;
    const s = this.spread.rate(numeric);
    const signed = input.quantity > 0 ? s.value : -s.value;
    return input.price + numeric.mulDiv(signed, 1, 2, s.scale - asset.priceScale, input.mode);
  }
}

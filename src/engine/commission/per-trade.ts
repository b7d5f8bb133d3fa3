import { ModelConstant } from '../model-constant.js';
import type { CommissionInput, CommissionModel } from './commission-model.js';

/** A flat cost per order, charged on its first fill. */
export class PerTradeCommission implements CommissionModel {
  readonly name = 'PerTrade';
  private readonly cost: ModelConstant;

  /** @param cost - cost per order (default 0) */
  constructor(cost: string | number = '0') {
    this.cost = new ModelConstant(cost, 'cost');
  }

  /** Cost per order, as decimal text. */
  get costPerTrade(): string {
    return this.cost.text;
  }

  /** The flat cost on an order's first fill, 0 afterwards. */
  commission(input: CommissionInput): number {
    if (input.filledBefore !== 0) return 0;
    const rate = this.cost.rate(input.numeric);
    return input.numeric.mulShift(rate.value, 1, rate.scale - input.moneyScale, input.mode);
  }
}

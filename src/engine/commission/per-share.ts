import { ModelConstant } from '../model-constant.js';
import type { CommissionInput, CommissionModel } from './commission-model.js';

/**
 * A cost per share (unit of quantity), with a minimum per order: zipline's
 * equity default is 0.001 per share, minimum 0. The minimum applies to the
 * order's total, so partial fills are charged the difference.
 */
export class PerShareCommission implements CommissionModel {
  readonly name = 'PerShare';
  private readonly cost: ModelConstant;
  private readonly minimum: ModelConstant;

  /**
   * @param costPerShare - cost per unit of quantity (default 0.001)
   * @param minTradeCost - minimum per order (default 0)
   */
  constructor(costPerShare: string | number = '0.001', minTradeCost: string | number = '0') {
    this.cost = new ModelConstant(costPerShare, 'costPerShare');
    this.minimum = new ModelConstant(minTradeCost, 'minTradeCost');
  }

  /** Cost per unit of quantity, as decimal text. */
  get costPerShare(): string {
    return this.cost.text;
  }

  /** Minimum per order, as decimal text. */
  get minTradeCost(): string {
    return this.minimum.text;
  }

  /** max(filled × cost, minimum) for the order so far, minus what it was already charged. */
  commission(input: CommissionInput): number {
    const { numeric, asset } = input;
    const rate = this.cost.rate(numeric);
    const filled = input.filledBefore + (input.quantity < 0 ? -input.quantity : input.quantity);
    const byShare = numeric.mulShift(
      filled,
      rate.value,
      asset.quantityScale + rate.scale - input.moneyScale,
      input.mode,
    );
    const min = this.minimum.rate(numeric);
    const minimum = numeric.mulShift(min.value, 1, min.scale - input.moneyScale, input.mode);
    const total = byShare > minimum ? byShare : minimum;
    const due = total - input.chargedBefore;
    return due > 0 ? due : 0;
  }
}

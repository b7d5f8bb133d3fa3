import { ModelConstant } from '../model-constant.js';
import type { CommissionInput, CommissionModel } from './commission-model.js';

/**
 * Exchange fees by liquidity role: a resting limit order (filled at its
 * limit price, not on arrival) pays the maker rate, everything else the
 * taker rate; both per unit of traded value.
 */
export class MakerTakerCommission implements CommissionModel {
  readonly name = 'MakerTaker';
  private readonly maker: ModelConstant;
  private readonly taker: ModelConstant;

  /**
   * @param makerRate - fee per unit of value for makers (default 0.001)
   * @param takerRate - fee per unit of value for takers (default 0.001)
   */
  constructor(makerRate: string | number = '0.001', takerRate: string | number = '0.001') {
    this.maker = new ModelConstant(makerRate, 'makerRate');
    this.taker = new ModelConstant(takerRate, 'takerRate');
  }

  /** Maker fee per unit of value, as decimal text. */
  get makerRate(): string {
    return this.maker.text;
  }

  /** Taker fee per unit of value, as decimal text. */
  get takerRate(): string {
    return this.taker.text;
  }

  /** |notional| × (maker or taker rate). */
  commission(input: CommissionInput): number {
    const rate = (input.maker ? this.maker : this.taker).rate(input.numeric);
    return input.numeric.mulShift(input.notional, rate.value, rate.scale, input.mode);
  }
}

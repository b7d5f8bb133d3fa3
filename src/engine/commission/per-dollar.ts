import { ModelConstant } from '../model-constant.js';
import type { CommissionInput, CommissionModel } from './commission-model.js';

/** A cost per unit of traded value: zipline's PerDollar, default 0.0015. */
export class PerDollarCommission implements CommissionModel {
  readonly name: string = 'PerDollar';
  protected readonly rate: ModelConstant;

  /** @param costPerDollar - cost per unit of currency traded (default 0.0015) */
  constructor(costPerDollar: string | number = '0.0015') {
    this.rate = new ModelConstant(costPerDollar, 'costPerDollar');
  }

  /** Cost per unit of traded value, as decimal text (a percentage already divided by 100). */
  get costPerDollar(): string {
    return this.rate.text;
  }

  /** |notional| × rate. */
  commission(input: CommissionInput): number {
    const rate = this.rate.rate(input.numeric);
    return input.numeric.mulShift(input.notional, rate.value, rate.scale, input.mode);
  }
}

/** A percentage of traded value: `new PercentageCommission(0.1)` charges 0.1%. */
export class PercentageCommission extends PerDollarCommission {
  override readonly name = 'Percentage';

  /** @param percent - percent of traded value (e.g. `0.1` for 0.1%) */
  constructor(percent: string | number) {
    super(new ModelConstant(percent, 'percent').shifted(-2, 'percent').text);
  }
}

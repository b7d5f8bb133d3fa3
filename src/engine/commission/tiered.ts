import { ConfigError } from '../../errors/index.js';
import { ModelConstant } from '../model-constant.js';
import type { CommissionInput, CommissionModel } from './commission-model.js';

/** One fee tier: applies once trailing traded value reaches `minVolume`. */
export interface CommissionTier {
  /** Trailing traded value (in the account currency) from which the tier applies. */
  minVolume: string | number;
  /** Fee per unit of traded value. */
  rate: string | number;
}

const DAY_MS = 86_400_000;

/**
 * Fee per unit of traded value chosen by the account's traded value over a
 * trailing window (30 days by default), as exchanges tier their fees. The
 * rate is picked from the volume before the fill; the fill then counts.
 */
export class TieredCommission implements CommissionModel {
  readonly name = 'Tiered';
  readonly windowDays: number;
  private readonly tiers: { min: ModelConstant; rate: ModelConstant }[];
  private readonly history: { timestamp: number; notional: number }[] = [];
  private trailing = 0;

  /**
   * @param tiers - tiers by increasing `minVolume`; the first must start at 0
   * @param windowDays - length of the trailing window in days (default 30)
   * @throws ConfigError when the tiers are empty, unordered or do not start at 0
   */
  constructor(tiers: readonly CommissionTier[], windowDays = 30) {
    if (tiers.length === 0) throw new ConfigError('TieredCommission needs at least one tier.');
    this.tiers = tiers.map((tier, i) => ({
      min: new ModelConstant(tier.minVolume, `tiers[${i}].minVolume`),
      rate: new ModelConstant(tier.rate, `tiers[${i}].rate`),
    }));
    if (Number(this.tiers[0].min.text) !== 0) {
      throw new ConfigError('TieredCommission: the first tier must have minVolume 0.');
    }
    for (let i = 1; i < this.tiers.length; i++) {
      if (!(Number(this.tiers[i].min.text) > Number(this.tiers[i - 1].min.text))) {
        throw new ConfigError('TieredCommission: tiers must be sorted by increasing minVolume.');
      }
    }
    if (!(windowDays > 0)) throw new ConfigError('TieredCommission: windowDays must be positive.');
    this.windowDays = windowDays;
  }

  /** The tiers as decimal text, by increasing `minVolume`. */
  get tierTexts(): { minVolume: string; rate: string }[] {
    return this.tiers.map((tier) => ({ minVolume: tier.min.text, rate: tier.rate.text }));
  }

  /** |notional| × the rate of the tier reached by the trailing traded value. */
  commission(input: CommissionInput): number {
    const { numeric } = input;
    const start = input.timestamp - this.windowDays * DAY_MS;
    while (this.history.length > 0 && this.history[0].timestamp <= start) {
      this.trailing -= (this.history.shift() as { notional: number }).notional;
    }
    let tier = this.tiers[0];
    for (const candidate of this.tiers) {
      const min = candidate.min.rate(numeric);
      const threshold = numeric.mulShift(min.value, 1, min.scale - input.moneyScale, 1);
      if (this.trailing >= threshold) tier = candidate;
    }
    this.history.push({ timestamp: input.timestamp, notional: input.notional });
    this.trailing += input.notional;
    const rate = tier.rate.rate(numeric);
    return numeric.mulShift(input.notional, rate.value, rate.scale, input.mode);
  }
}

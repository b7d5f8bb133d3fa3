export type { CommissionModel, CommissionInput } from './commission-model.js';
export { PerShareCommission } from './per-share.js';
export { PerTradeCommission } from './per-trade.js';
export { PerDollarCommission, PercentageCommission } from './per-dollar.js';
export { MakerTakerCommission } from './maker-taker.js';
export { TieredCommission, type CommissionTier } from './tiered.js';

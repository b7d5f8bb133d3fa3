import type { AssetClass } from '../numeric/decimal-config.js';
import type { CommissionModel } from './commission/commission-model.js';
import { MakerTakerCommission } from './commission/maker-taker.js';
import { PerDollarCommission } from './commission/per-dollar.js';
import { PerShareCommission } from './commission/per-share.js';
import { FixedBasisPointsSlippage } from './slippage/fixed-basis-points.js';
import type { SlippageModel } from './slippage/slippage-model.js';

/**
 * Default slippage per asset class: equities and crypto FixedBasisPoints
 * (5 bps, 10% of bar volume: zipline's equity default); forex
 * FixedBasisPoints (1 bp, no volume cap, since FX bars often carry no volume).
 */
export function defaultSlippage(assetClass: AssetClass): SlippageModel {
  if (assetClass === 'forex')
    return new FixedBasisPointsSlippage({ basisPoints: '1', volumeLimit: null });
  return new FixedBasisPointsSlippage({ basisPoints: '5', volumeLimit: '0.1' });
}

/**
 * Default commission per asset class: equities PerShare 0.001 (minimum 0,
 * zipline's default); crypto MakerTaker 0.1% / 0.1%; forex PerDollar 0.00002
 * (20 per million traded).
 */
export function defaultCommission(assetClass: AssetClass): CommissionModel {
  if (assetClass === 'crypto') return new MakerTakerCommission('0.001', '0.001');
  if (assetClass === 'forex') return new PerDollarCommission('0.00002');
  return new PerShareCommission('0.001', '0');
}

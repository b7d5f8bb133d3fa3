import type { AssetFinder } from '../assets/index.js';
import type { FillReference } from './blotter/fill-rules.js';
import type { CommissionModel } from './commission/commission-model.js';
import { defaultCommission, defaultSlippage } from './default-models.js';
import type { SlippageModel } from './slippage/slippage-model.js';
import type { ModelChoice } from './simulated-account.js';

/** The model an asset gets from a choice: the one model, its asset class's, or the class default. */
function chosen<M extends { name: string }>(
  choice: ModelChoice<M> | undefined,
  assetClass: Parameters<typeof defaultSlippage>[0],
  fallback: () => M,
): M {
  if (choice === undefined) return fallback();
  if (typeof (choice as { name?: unknown }).name === 'string') return choice as M;
  return (choice as Partial<Record<string, M>>)[assetClass] ?? fallback();
}

/**
 * The cost and fill models of a run in words, for its results and report:
 * `commission PerShare; slippage FixedBasisPoints; fills at the next bar's open`
 * (model names per asset where the assets differ).
 */
export function describeModels(
  assets: AssetFinder,
  commission: ModelChoice<CommissionModel> | undefined,
  slippage: ModelChoice<SlippageModel> | undefined,
  fillPrice: FillReference | undefined,
): string {
  const named = (nameOf: (assetClass: Parameters<typeof defaultSlippage>[0]) => string) => {
    const bySymbol = new Map<string, string[]>();
    for (let sid = 0; sid < assets.count; sid++) {
      const asset = assets.retrieve(sid)!;
      const name = nameOf(asset.assetClass);
      bySymbol.set(name, [...(bySymbol.get(name) ?? []), asset.symbol]);
    }
    return bySymbol.size <= 1
      ? [...bySymbol.keys()].join('')
      : [...bySymbol].map(([name, symbols]) => `${name} (${symbols.join(', ')})`).join(', ');
  };
  const commissionNames = named(
    (cls) => chosen(commission, cls, () => defaultCommission(cls)).name,
  );
  const slippageNames = named((cls) => chosen(slippage, cls, () => defaultSlippage(cls)).name);
  return `commission ${commissionNames}; slippage ${slippageNames}; fills at the next bar's ${fillPrice ?? 'open'}`;
}

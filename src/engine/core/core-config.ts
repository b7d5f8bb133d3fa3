import type { Asset } from '../../assets/asset.js';
import type { AssetFinder } from '../../assets/asset-finder.js';
import { ConfigError } from '../../errors/index.js';
import type { Numeric } from '../../numeric/numeric.js';
import { roundingCode } from '../../numeric/unit-arithmetic.js';
import type { ModelChoice } from '../simulated-account.js';
import { MakerTakerCommission } from '../commission/maker-taker.js';
import type { CommissionModel } from '../commission/commission-model.js';
import { PercentageCommission, PerDollarCommission } from '../commission/per-dollar.js';
import { PerShareCommission } from '../commission/per-share.js';
import { PerTradeCommission } from '../commission/per-trade.js';
import { TieredCommission } from '../commission/tiered.js';
import { defaultCommission, defaultSlippage } from '../default-models.js';
import type { Ledger } from '../ledger/ledger.js';
import { ModelConstant } from '../model-constant.js';
import { FixedBasisPointsSlippage } from '../slippage/fixed-basis-points.js';
import { FixedSpreadSlippage } from '../slippage/fixed-spread.js';
import { NoSlippage } from '../slippage/no-slippage.js';
import type { SlippageModel } from '../slippage/slippage-model.js';
import { VolumeShareSlippage } from '../slippage/volume-share.js';
import type { EngineCoreConfig, ModelInput, RateInput } from './native-core.js';

/** The models of every asset: distinct instances, and each sid's index among them. */
export interface ResolvedModels<M> {
  models: M[];
  bySid: number[];
}

/**
 * Resolves a model per asset as `SimulatedAccount` does: one model for all, one per
 * asset class, else the class default (one shared instance per class).
 */
export function resolveModels<M extends object>(
  assets: readonly Asset[],
  choice: ModelChoice<M> | undefined,
  method: string,
  fallback: (asset: Asset) => M,
): ResolvedModels<M> {
  const models: M[] = [];
  const defaults = new Map<string, M>();
  const bySid = assets.map((asset) => {
    let model: M | undefined;
    if (choice !== undefined) {
      if (typeof (choice as Record<string, unknown>)[method] === 'function') model = choice as M;
      else model = (choice as Partial<Record<string, M>>)[asset.assetClass];
    }
    if (model === undefined) {
      model = defaults.get(asset.assetClass);
      if (model === undefined) {
        model = fallback(asset);
        defaults.set(asset.assetClass, model);
      }
    }
    let index = models.indexOf(model);
    if (index < 0) index = models.push(model) - 1;
    return index;
  });
  return { models, bySid };
}

function rateOf(numeric: Numeric, constant: ModelConstant): RateInput {
  const rate = constant.rate(numeric);
  return { value: rate.value, scale: rate.scale };
}

function text(numeric: Numeric, value: string, what: string): RateInput {
  return rateOf(numeric, new ModelConstant(value, what));
}

function custom(kind: string, name: string): ConfigError {
  return new ConfigError(
    `${kind} model ${JSON.stringify(name)} is not one of the built-in models the Rust core runs; ` +
      'run this backtest on the TypeScript core (RUSTYBT_BACKEND=ts).',
  );
}

const BUILT_IN_SLIPPAGE: readonly unknown[] = [
  NoSlippage,
  FixedBasisPointsSlippage,
  VolumeShareSlippage,
  FixedSpreadSlippage,
];
const BUILT_IN_COMMISSION: readonly unknown[] = [
  PerShareCommission,
  PerTradeCommission,
  PerDollarCommission,
  PercentageCommission,
  MakerTakerCommission,
  TieredCommission,
];

/**
 * True when every asset's slippage and commission model (as `SimulatedAccount`
 * resolves them) is a built-in one the native core runs; false when any is a
 * user-written model, which only the TypeScript core can call.
 */
export function modelsRunNatively(
  assets: AssetFinder,
  slippage: ModelChoice<SlippageModel> | undefined,
  commission: ModelChoice<CommissionModel> | undefined,
): boolean {
  const all = assets.all();
  const s = resolveModels(all, slippage, 'price', (a) => defaultSlippage(a.assetClass));
  const c = resolveModels(all, commission, 'commission', (a) => defaultCommission(a.assetClass));
  return (
    s.models.every((m) => BUILT_IN_SLIPPAGE.includes(m.constructor)) &&
    c.models.every((m) => BUILT_IN_COMMISSION.includes(m.constructor))
  );
}

/** A built-in slippage model as data for the native core. */
export function describeSlippage(numeric: Numeric, model: SlippageModel): ModelInput {
  const kind = model.constructor;
  if (kind === NoSlippage) return { kind: 'none', rates: [] };
  if (kind === FixedBasisPointsSlippage) {
    const m = model as FixedBasisPointsSlippage;
    const fraction = new ModelConstant(m.basisPoints, 'basisPoints').shifted(-4, 'basisPoints');
    const rates = [
      rateOf(numeric, fraction.onePlus(1, 'basisPoints')),
      rateOf(numeric, fraction.onePlus(-1, 'basisPoints')),
    ];
    if (m.volumeLimit !== undefined) rates.push(text(numeric, m.volumeLimit, 'volumeLimit'));
    return { kind: 'fixedBasisPoints', rates };
  }
  if (kind === VolumeShareSlippage) {
    const m = model as VolumeShareSlippage;
    return {
      kind: 'volumeShare',
      rates: [
        text(numeric, m.volumeLimit, 'volumeLimit'),
        text(numeric, m.priceImpact, 'priceImpact'),
      ],
    };
  }
  if (kind === FixedSpreadSlippage) {
    return {
      kind: 'fixedSpread',
      rates: [text(numeric, (model as FixedSpreadSlippage).spreadText, 'spread')],
    };
  }
  throw custom('Slippage', model.name);
}

/** A built-in commission model as data for the native core (a tiered model starts with no history). */
export function describeCommission(numeric: Numeric, model: CommissionModel): ModelInput {
  const kind = model.constructor;
  if (kind === PerShareCommission) {
    const m = model as PerShareCommission;
    return {
      kind: 'perShare',
      rates: [
        text(numeric, m.costPerShare, 'costPerShare'),
        text(numeric, m.minTradeCost, 'minTradeCost'),
      ],
    };
  }
  if (kind === PerTradeCommission) {
    return {
      kind: 'perTrade',
      rates: [text(numeric, (model as PerTradeCommission).costPerTrade, 'cost')],
    };
  }
  if (kind === PerDollarCommission || kind === PercentageCommission) {
    const rate = text(numeric, (model as PerDollarCommission).costPerDollar, 'costPerDollar');
    return { kind: kind === PercentageCommission ? 'percentage' : 'perDollar', rates: [rate] };
  }
  if (kind === MakerTakerCommission) {
    const m = model as MakerTakerCommission;
    return {
      kind: 'makerTaker',
      rates: [text(numeric, m.makerRate, 'makerRate'), text(numeric, m.takerRate, 'takerRate')],
    };
  }
  if (kind === TieredCommission) {
    const m = model as TieredCommission;
    return {
      kind: 'tiered',
      rates: m.tierTexts.flatMap((tier, i) => [
        text(numeric, tier.minVolume, `tiers[${i}].minVolume`),
        text(numeric, tier.rate, `tiers[${i}].rate`),
      ]),
      windowDays: m.windowDays,
    };
  }
  throw custom('Commission', model.name);
}

/** What `coreConfig` needs: the account's assets, arithmetic, ledger scales and models. */
export interface CoreConfigInput {
  assets: AssetFinder;
  numeric: Numeric;
  /** A TypeScript ledger built from the same options: its scales and starting cash (validated). */
  ledger: Ledger;
  fillReference: 'open' | 'close';
  slippage?: ModelChoice<SlippageModel>;
  commission?: ModelChoice<CommissionModel>;
}

/**
 * The native core's configuration from the same options a `SimulatedAccount` takes.
 *
 * @throws ConfigError for a custom (non built-in) model
 */
export function coreConfig(input: CoreConfigInput): EngineCoreConfig {
  const { numeric, ledger } = input;
  const config = input.assets.config;
  const assets = input.assets.all();
  const slippage = resolveModels(assets, input.slippage, 'price', (a) =>
    defaultSlippage(a.assetClass),
  );
  const commission = resolveModels(assets, input.commission, 'commission', (a) =>
    defaultCommission(a.assetClass),
  );
  const points = config.roundingPoints;
  return {
    numericMode: numeric.mode,
    fillReference: input.fillReference,
    currencyScale: ledger.currencyScale,
    moneyScale: ledger.moneyScale,
    moneyFactor: ledger.moneyFactor,
    startingCash: ledger.startingCash,
    rounding: {
      price: roundingCode(config.rounding),
      notional: roundingCode(points.notional),
      costBasis: roundingCode(points.costBasis),
      commission: roundingCode(points.commission),
      slippagePrice: roundingCode(points.slippagePrice),
      dividend: roundingCode(points.dividend),
      splitRemainder: roundingCode(points.splitRemainder),
    },
    assets: assets.map((a) => ({
      symbol: a.symbol,
      priceScale: a.priceScale,
      quantityScale: a.quantityScale,
      lotUnits: a.lotUnits,
      startDate: a.startDate,
      endDate: a.endDate,
      autoCloseDate: a.autoCloseDate,
    })),
    slippageModels: slippage.models.map((m) => describeSlippage(numeric, m)),
    slippageBySid: slippage.bySid,
    commissionModels: commission.models.map((m) => describeCommission(numeric, m)),
    commissionBySid: commission.bySid,
  };
}

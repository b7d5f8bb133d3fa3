// Commission and slippage models from their text form, `name[:value][,key=value...]`,
// as `--commission` / `--slippage` and a run config file give them.
import type { AssetClass } from '../../numeric/decimal-config.js';
import type { ModelChoice } from '../../engine/simulated-account.js';
import {
  MakerTakerCommission,
  PerDollarCommission,
  PercentageCommission,
  PerShareCommission,
  PerTradeCommission,
  type CommissionModel,
} from '../../engine/commission/index.js';
import {
  FixedBasisPointsSlippage,
  FixedSpreadSlippage,
  NoSlippage,
  VolumeShareSlippage,
  type SlippageModel,
} from '../../engine/slippage/index.js';
import { ConfigError } from '../../errors/index.js';

type Params = Readonly<Record<string, string>>;

interface ModelKind<M> {
  /** The parameter a bare value after `name:` sets. */
  primary?: string;
  /** Accepted parameters and what they mean (for messages). */
  params: Readonly<Record<string, string>>;
  example: string;
  build: (params: Params) => M;
}

const COMMISSIONS: Readonly<Record<string, ModelKind<CommissionModel>>> = {
  none: { params: {}, example: 'none', build: () => new PerTradeCommission('0') },
  'per-share': {
    primary: 'cost',
    params: { cost: 'cost per share', min: 'minimum per order' },
    example: 'per-share:0.005,min=1',
    build: (p) => new PerShareCommission(p.cost ?? '0.001', p.min ?? '0'),
  },
  'per-trade': {
    primary: 'cost',
    params: { cost: 'cost per order' },
    example: 'per-trade:1',
    build: (p) => new PerTradeCommission(p.cost ?? '0'),
  },
  'per-dollar': {
    primary: 'rate',
    params: { rate: 'cost per dollar traded' },
    example: 'per-dollar:0.0015',
    build: (p) => new PerDollarCommission(p.rate ?? '0.0015'),
  },
  percent: {
    primary: 'percent',
    params: { percent: 'percent of the value traded' },
    example: 'percent:0.1',
    build: (p) => new PercentageCommission(required(p, 'percent')),
  },
  'maker-taker': {
    params: { maker: 'rate for limit orders', taker: 'rate for market orders' },
    example: 'maker-taker:maker=0.001,taker=0.002',
    build: (p) => new MakerTakerCommission(p.maker ?? '0.001', p.taker ?? '0.001'),
  },
};

const SLIPPAGES: Readonly<Record<string, ModelKind<SlippageModel>>> = {
  none: { params: {}, example: 'none', build: () => new NoSlippage() },
  'fixed-bps': {
    primary: 'bps',
    params: { bps: 'basis points off the price', 'volume-limit': "share of the bar's volume" },
    example: 'fixed-bps:5,volume-limit=0.1',
    build: (p) =>
      new FixedBasisPointsSlippage({ basisPoints: p.bps, volumeLimit: p['volume-limit'] }),
  },
  'volume-share': {
    params: { 'volume-limit': "share of the bar's volume", impact: 'price impact constant' },
    example: 'volume-share:volume-limit=0.025,impact=0.1',
    build: (p) =>
      new VolumeShareSlippage({ volumeLimit: p['volume-limit'], priceImpact: p.impact }),
  },
  'fixed-spread': {
    primary: 'spread',
    params: { spread: 'full bid-ask spread in price units' },
    example: 'fixed-spread:0.02',
    build: (p) => new FixedSpreadSlippage(p.spread ?? '0.01'),
  },
};

const ASSET_CLASSES: readonly AssetClass[] = ['equity', 'crypto', 'forex'];
const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * A commission model from `name[:value][,key=value...]`, e.g.
 * `per-share:0.005,min=1`, or one per asset class from an object.
 *
 * @throws ConfigError naming `flag`, the model names and parameters accepted.
 */
export function commissionOf(
  spec: string | Readonly<Record<string, string>>,
  flag = '--commission',
): ModelChoice<CommissionModel> {
  return modelOf(spec, COMMISSIONS, flag);
}

/**
 * A slippage model from `name[:value][,key=value...]`, e.g. `fixed-bps:5`, or
 * one per asset class from an object.
 *
 * @throws ConfigError naming `flag`, the model names and parameters accepted.
 */
export function slippageOf(
  spec: string | Readonly<Record<string, string>>,
  flag = '--slippage',
): ModelChoice<SlippageModel> {
  return modelOf(spec, SLIPPAGES, flag);
}

function modelOf<M>(
  spec: string | Readonly<Record<string, string>>,
  kinds: Readonly<Record<string, ModelKind<M>>>,
  flag: string,
): ModelChoice<M> {
  if (typeof spec === 'string') return oneModel(spec, kinds, flag);
  const byClass: Partial<Record<AssetClass, M>> = {};
  for (const [assetClass, text] of Object.entries(spec)) {
    if (!(ASSET_CLASSES as readonly string[]).includes(assetClass)) {
      throw new ConfigError(
        `${flag}: ${JSON.stringify(assetClass)} is not an asset class; give models for ${ASSET_CLASSES.join(', ')}.`,
      );
    }
    byClass[assetClass as AssetClass] = oneModel(text, kinds, `${flag}.${assetClass}`);
  }
  return byClass;
}

function oneModel<M>(spec: string, kinds: Readonly<Record<string, ModelKind<M>>>, flag: string): M {
  const colon = spec.indexOf(':');
  const name = (colon < 0 ? spec : spec.slice(0, colon)).trim().toLowerCase();
  const kind = kinds[name];
  const catalogue = Object.values(kinds)
    .map((k) => k.example)
    .join(', ');
  if (kind === undefined) {
    throw new ConfigError(
      `${flag} ${JSON.stringify(spec)}: unknown model ${JSON.stringify(name)}; use one of ${catalogue}.`,
    );
  }
  const params: Record<string, string> = {};
  const parts = colon < 0 ? [] : spec.slice(colon + 1).split(',');
  for (const [index, part] of parts.entries()) {
    const at = part.indexOf('=');
    const key = at < 0 && index === 0 ? kind.primary : part.slice(0, at).trim().toLowerCase();
    const value = (at < 0 ? part : part.slice(at + 1)).trim();
    const accepted = Object.keys(kind.params);
    const usage = `${name} takes ${accepted.length === 0 ? 'no parameters' : accepted.map((p) => `${p} (${kind.params[p]})`).join(', ')}, e.g. ${kind.example}`;
    if (key === undefined || key === '' || !(key in kind.params)) {
      throw new ConfigError(
        `${flag} ${JSON.stringify(spec)}: ${JSON.stringify(part)} is not a parameter of ${name}; ${usage}.`,
      );
    }
    if (!DECIMAL.test(value)) {
      throw new ConfigError(
        `${flag} ${JSON.stringify(spec)}: ${key} must be a non-negative decimal number, got ${JSON.stringify(value)}; ${usage}.`,
      );
    }
    params[key] = value;
  }
  try {
    return kind.build(params);
  } catch (error) {
    throw new ConfigError(`${flag} ${JSON.stringify(spec)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function required(params: Params, key: string): string {
  const value = params[key];
  if (value === undefined) throw new Error(`give the ${key}, e.g. percent:0.1.`);
  return value;
}

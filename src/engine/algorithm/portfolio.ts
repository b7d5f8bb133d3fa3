import type { Asset } from '../../assets/index.js';
import type { Ledger } from '../ledger/ledger.js';

/** One position as a strategy sees it (JS numbers, for signals and sizing). */
export interface PositionSnapshot {
  /** The asset held. */
  asset: Asset;
  /** Signed quantity held. */
  amount: number;
  /** Average cost per unit. */
  costBasis: number;
  /** Last price the position was marked at. */
  lastSalePrice: number;
  /** amount × lastSalePrice. */
  marketValue: number;
}

/** zipline's `context.portfolio`, as JS numbers; `exact` has the decimal text of the amounts. */
export interface Portfolio {
  /** The capital base the run started with. */
  startingCash: number;
  /** Cash in the account currency. */
  cash: number;
  /** Σ market value of the positions. */
  positionsValue: number;
  /** cash + positionsValue. */
  portfolioValue: number;
  /** Profit and loss since the start: portfolioValue − startingCash. */
  pnl: number;
  /** Cumulative return since the start: portfolioValue / startingCash − 1. */
  returns: number;
  /** Open positions (non-zero amounts), by asset. */
  positions: Map<Asset, PositionSnapshot>;
  /** The same amounts as exact decimal text (in `float` mode, the float's shortest text). */
  exact: {
    /** `cash` as decimal text. */
    cash: string;
    /** `positionsValue` as decimal text. */
    positionsValue: string;
    /** `portfolioValue` as decimal text. */
    portfolioValue: string;
    /** `pnl` as decimal text. */
    pnl: string;
  };
}

/** zipline's `context.account`: leverage and exposure. */
export interface Account {
  /** Gross exposure / portfolio value. */
  leverage: number;
  /** Net exposure / portfolio value. */
  netLeverage: number;
  /** Σ |position value|. */
  grossExposure: number;
  /** Σ position value. */
  netExposure: number;
}

/** Reads a portfolio snapshot off the ledger. */
export function portfolioOf(ledger: Ledger): Portfolio {
  const num = ledger.numeric;
  const scale = ledger.moneyScale;
  const value = ledger.netLiquidation();
  const pnl = value - ledger.startingCash;
  const positions = new Map<Asset, PositionSnapshot>();
  for (const view of ledger.positions()) {
    if (view.quantity === 0) continue;
    const asset = view.asset;
    positions.set(asset, {
      asset,
      amount: num.toNumber(view.quantity, asset.quantityScale),
      costBasis: num.toNumber(view.averageCost, asset.priceScale),
      lastSalePrice: num.toNumber(view.lastPrice, asset.priceScale),
      marketValue: num.toNumber(view.marketValue, scale),
    });
  }
  const starting = num.toNumber(ledger.startingCash, scale);
  const portfolioValue = num.toNumber(value, scale);
  return {
    startingCash: starting,
    cash: num.toNumber(ledger.cash, scale),
    positionsValue: num.toNumber(ledger.positionsValue(), scale),
    portfolioValue,
    pnl: num.toNumber(pnl, scale),
    returns: portfolioValue / starting - 1,
    positions,
    exact: {
      cash: num.toText(ledger.cash, scale),
      positionsValue: num.toText(ledger.positionsValue(), scale),
      portfolioValue: num.toText(value, scale),
      pnl: num.toText(pnl, scale),
    },
  };
}

/** Reads leverage and exposure off the ledger. */
export function accountOf(ledger: Ledger): Account {
  const num = ledger.numeric;
  return {
    leverage: ledger.grossLeverage(),
    netLeverage: ledger.netLeverage(),
    grossExposure: num.toNumber(ledger.grossExposure(), ledger.moneyScale),
    netExposure: num.toNumber(ledger.netExposure(), ledger.moneyScale),
  };
}

import type { Asset } from '../../assets/index.js';
import type { AccountSnapshot } from '../broker/broker.js';
import type { LedgerReader } from '../core/account-core.js';
import type { PositionView } from '../ledger/position-view.js';
import { memo } from './memo.js';

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
  /** The same values as exact decimal text, with the position's P&L. */
  exact: {
    /** `amount` as decimal text. */
    amount: string;
    /** `costBasis` (average cost per unit) as decimal text. */
    costBasis: string;
    /** `lastSalePrice` as decimal text. */
    lastSalePrice: string;
    /** `marketValue` as decimal text. */
    marketValue: string;
    /** Market value − cost basis. */
    unrealizedPnl: string;
    /** P&L realized on the asset so far. */
    realizedPnl: string;
  };
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

/**
 * The portfolio read off the ledger when the strategy reads it: each field is
 * computed on its first read (positions and exact text included), so a bar on
 * which the strategy never looks at its portfolio costs nothing.
 */
export class LedgerPortfolio implements Portfolio {
  /** @param ledger - the account's ledger (not changed while this view is in use) */
  constructor(private readonly ledger: LedgerReader) {}

  get startingCash(): number {
    return memo(this, 'startingCash', this.toNumber(this.ledger.startingCash));
  }
  get cash(): number {
    return memo(this, 'cash', this.toNumber(this.ledger.cash));
  }
  get positionsValue(): number {
    return memo(this, 'positionsValue', this.toNumber(this.ledger.positionsValue()));
  }
  get portfolioValue(): number {
    return memo(this, 'portfolioValue', this.toNumber(this.ledger.netLiquidation()));
  }
  get pnl(): number {
    const ledger = this.ledger;
    return memo(this, 'pnl', this.toNumber(ledger.netLiquidation() - ledger.startingCash));
  }
  get returns(): number {
    return memo(this, 'returns', this.portfolioValue / this.startingCash - 1);
  }
  get positions(): Map<Asset, PositionSnapshot> {
    return memo(this, 'positions', new HeldPositions(this.ledger));
  }
  get exact(): Portfolio['exact'] {
    const ledger = this.ledger;
    const num = ledger.numeric;
    const scale = ledger.moneyScale;
    const value = ledger.netLiquidation();
    return memo(this, 'exact', {
      cash: num.toText(ledger.cash, scale),
      positionsValue: num.toText(ledger.positionsValue(), scale),
      portfolioValue: num.toText(value, scale),
      pnl: num.toText(value - ledger.startingCash, scale),
    });
  }

  private toNumber(money: number): number {
    return this.ledger.numeric.toNumber(money, this.ledger.moneyScale);
  }
}

/**
 * `portfolio.positions`: a `Map` of the open positions by asset that reads the ledger as it is
 * asked. `get` and `has` read one asset (a strategy over hundreds of assets asking about the one
 * that signalled does not build them all); anything that sees the whole map (its size,
 * iteration, inspection, a change) reads every position first, in sid order, keeping the
 * objects already handed out.
 */
class HeldPositions extends Map<Asset, PositionSnapshot> {
  #whole = false;

  constructor(private readonly ledger: LedgerReader) {
    super();
  }

  override get(asset: Asset): PositionSnapshot | undefined {
    const known = super.get(asset);
    if (known !== undefined || this.#whole) return known;
    if (this.ledger.openPosition === undefined) return this.#read().get(asset);
    const view = this.ledger.openPosition(asset.sid);
    if (view === undefined || view.asset !== asset) return undefined;
    const position = new LedgerPosition(view, this.ledger);
    super.set(asset, position);
    return position;
  }
  override has(asset: Asset): boolean {
    return this.get(asset) !== undefined;
  }
  override get size(): number {
    this.#read();
    return super.size;
  }
  override set(asset: Asset, position: PositionSnapshot): this {
    this.#read();
    return super.set(asset, position);
  }
  override delete(asset: Asset): boolean {
    this.#read();
    return super.delete(asset);
  }
  override clear(): void {
    this.#read();
    super.clear();
  }
  override forEach(
    callback: (value: PositionSnapshot, key: Asset, map: Map<Asset, PositionSnapshot>) => void,
    thisArg?: unknown,
  ): void {
    this.#read();
    super.forEach(callback, thisArg);
  }
  override entries(): MapIterator<[Asset, PositionSnapshot]> {
    this.#read();
    return super.entries();
  }
  override keys(): MapIterator<Asset> {
    this.#read();
    return super.keys();
  }
  override values(): MapIterator<PositionSnapshot> {
    this.#read();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[Asset, PositionSnapshot]> {
    return this.entries();
  }
  /** `console.log` and `util.inspect` show the whole map. */
  [Symbol.for('nodejs.util.inspect.custom')](): Map<Asset, PositionSnapshot> {
    return new Map(this.entries());
  }

  /** Reads every open position (once), in sid order, keeping the objects handed out already. */
  #read(): this {
    if (this.#whole) return this;
    this.#whole = true;
    const handedOut = new Map(super.entries());
    super.clear();
    for (const position of positionsOf(this.ledger)) {
      super.set(position.asset, handedOut.get(position.asset) ?? position);
    }
    return this;
  }
}

/** The open positions of the ledger, in sid order, in the user's units. */
export function positionsOf(ledger: LedgerReader): PositionSnapshot[] {
  return ledger.positions().map((view) => new LedgerPosition(view, ledger));
}

/** One position in the user's units; the average cost and the exact text are computed when read. */
class LedgerPosition implements PositionSnapshot {
  readonly asset: Asset;
  readonly amount: number;
  readonly lastSalePrice: number;
  readonly marketValue: number;

  constructor(
    private readonly view: PositionView,
    private readonly ledger: LedgerReader,
  ) {
    const num = ledger.numeric;
    const asset = view.asset;
    this.asset = asset;
    this.amount = num.toNumber(view.quantity, asset.quantityScale);
    this.lastSalePrice = num.toNumber(view.lastPrice, asset.priceScale);
    this.marketValue = num.toNumber(view.marketValue, ledger.moneyScale);
  }

  /** Average cost per unit: an exact division in decimal mode, so only on a read. */
  get costBasis(): number {
    const view = this.view;
    return this.ledger.numeric.toNumber(view.averageCost, view.asset.priceScale);
  }

  get exact(): PositionSnapshot['exact'] {
    const { view, ledger } = this;
    const num = ledger.numeric;
    const asset = view.asset;
    const scale = ledger.moneyScale;
    return memo(this, 'exact', {
      amount: num.toText(view.quantity, asset.quantityScale),
      costBasis: num.toText(view.averageCost, asset.priceScale),
      lastSalePrice: num.toText(view.lastPrice, asset.priceScale),
      marketValue: num.toText(view.marketValue, scale),
      unrealizedPnl: num.toText(view.unrealized, scale),
      realizedPnl: num.toText(view.realized, scale),
    });
  }

  /** The plain fields, for `JSON.stringify`. */
  toJSON(): Omit<PositionSnapshot, 'asset'> & { symbol: string } {
    const { amount, costBasis, lastSalePrice, marketValue, exact } = this;
    return { symbol: this.asset.symbol, amount, costBasis, lastSalePrice, marketValue, exact };
  }
}

/** Reads leverage and exposure off the ledger. */
export function accountOf(ledger: LedgerReader): Account {
  const num = ledger.numeric;
  return {
    leverage: ledger.grossLeverage(),
    netLeverage: ledger.netLeverage(),
    grossExposure: num.toNumber(ledger.grossExposure(), ledger.moneyScale),
    netExposure: num.toNumber(ledger.netExposure(), ledger.moneyScale),
  };
}

/** The account's value, exposure and leverage as a broker reports them (numbers and exact text). */
export function snapshotOf(ledger: LedgerReader): AccountSnapshot {
  const num = ledger.numeric;
  const scale = ledger.moneyScale;
  const value = ledger.netLiquidation();
  return {
    portfolioValue: num.toNumber(value, scale),
    grossExposure: num.toNumber(ledger.grossExposure(), scale),
    grossLeverage: ledger.grossLeverage(),
    netLeverage: ledger.netLeverage(),
    exact: {
      portfolioValue: num.toText(value, scale),
      cash: num.toText(ledger.cash, scale),
      positionsValue: num.toText(ledger.positionsValue(), scale),
      sessionPnl: num.toText(ledger.sessionPnl(), scale),
    },
  };
}

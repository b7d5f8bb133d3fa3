import type { Asset } from '../../assets/asset.js';
import type { AssetFinder } from '../../assets/asset-finder.js';
import type { Money, Numeric } from '../../numeric/numeric.js';
import type { BarInput } from '../blotter/bar-input.js';
import type { BracketExits } from '../blotter/blotter.js';
import type { FillSink, OcoLeg, OrderOptions } from '../broker/broker.js';
import type { PositionView } from '../ledger/position-view.js';
import type { Fill } from '../orders/fill.js';
import type { OrderRecord } from '../orders/order-record.js';
import type { DividendEvent, SessionRecord, SplitEvent } from '../simulated-account.js';

/** What the broker reads of an account's book, in engine units (the `Ledger` is one). */
export interface LedgerReader {
  /** Arithmetic of the account (decimal units or floats). */
  readonly numeric: Numeric;
  /** Decimal places of every money value. */
  readonly moneyScale: number;
  /** Starting cash (money). */
  readonly startingCash: Money;
  /** Cash now (money). */
  readonly cash: Money;
  /** Σ market value of the positions. */
  positionsValue(): Money;
  /** Cash + positions + dividends receivable. */
  netLiquidation(): Money;
  /** Σ |market value|. */
  grossExposure(): Money;
  /** Σ market value. */
  netExposure(): Money;
  /** Gross exposure ÷ net liquidation (0 when that is 0). */
  grossLeverage(): number;
  /** Net exposure ÷ net liquidation (0 when that is 0). */
  netLeverage(): number;
  /** P&L of the current session so far. */
  sessionPnl(): Money;
  /** The open positions, in sid order. */
  positions(): PositionView[];
  /**
   * The open position of the asset `sid`, or undefined when it holds none: one read where
   * {@link positions} builds them all. Optional: a reader without it is read whole.
   */
  openPosition?(sid: number): PositionView | undefined;
}

/** What the broker reads of an account's orders (the `Blotter` is one). */
export interface OrderBookReader {
  /** The order with `id`, or undefined. */
  get(id: number): OrderRecord | undefined;
  /** Orders that can still fill, in placement order (of one asset, or all). */
  openOrders(asset?: Asset): OrderRecord[];
  /** Every order ever placed, in id order. */
  allOrders(): readonly OrderRecord[];
}

/**
 * The engine core of a simulated account: the per-bar work (fills, booking,
 * marks, corporate actions, session folds) and the order book, in engine
 * units. `SimulatedAccount` is its TypeScript implementation; the Rust core
 * implements the same interface; `SimulatedBroker` puts the user's units on
 * either.
 */
export interface AccountCore {
  /** `ts` or `rust`: which implementation runs the per-bar work. */
  readonly backend: 'ts' | 'rust';
  /** Arithmetic of the account. */
  readonly numeric: Numeric;
  /** The assets the account trades. */
  readonly assets: AssetFinder;
  /** The account's book. */
  readonly ledger: LedgerReader;
  /** The account's orders. */
  readonly blotter: OrderBookReader;
  /** Per fill of the last `processBar`: the asset's position just after it was booked. */
  readonly positionAfterFill: readonly number[];
  /** Per fill of the last `processBar`: the asset's realized P&L just after it was booked. */
  readonly realizedAfterFill: readonly number[];

  /** Starts a session: dividends, splits, auto-close. */
  startSession(session: number): void;
  /**
   * Fills the orders placed before the bar, books the fills and marks every
   * position to the bar's close; returns the fills.
   *
   * @param checked - true when the bar's values were checked at load
   */
  processBar(bar: BarInput, checked?: boolean): Fill[];
  /**
   * As {@link processBar}, handing each fill to `sink` in engine values instead
   * of returning fill objects; returns how many filled.
   */
  processBarInto(bar: BarInput, checked: boolean, sink: FillSink): number;
  /** Ends the session: DAY orders expire, due positions close. */
  endSession(): SessionRecord;

  order(asset: Asset | string, amount: number | string, options?: OrderOptions): OrderRecord;
  orderValue(
    asset: Asset | string,
    value: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined;
  orderPercent(
    asset: Asset | string,
    fraction: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined;
  orderTarget(
    asset: Asset | string,
    target: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined;
  orderTargetValue(
    asset: Asset | string,
    value: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined;
  orderTargetPercent(
    asset: Asset | string,
    fraction: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined;
  orderOco(first: OcoLeg, second: OcoLeg): [OrderRecord, OrderRecord];
  orderBracket(
    asset: Asset | string,
    amount: number | string,
    exits: BracketExits,
    options?: OrderOptions,
  ): OrderRecord;
  /** Cancels a live order; false when it was not live. */
  cancel(order: OrderRecord | number): boolean;
  /** Schedules a cash dividend (accrued on its ex-date, paid on its pay date). */
  declareDividend(event: DividendEvent): void;
  /** Schedules a split (applied at the start of its session). */
  declareSplit(event: SplitEvent): void;
}

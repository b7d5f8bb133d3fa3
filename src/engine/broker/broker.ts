import type { Asset } from '../../assets/asset.js';
import type { Account, Portfolio, PositionSnapshot } from '../algorithm/portfolio.js';
import type { BracketExits } from '../blotter/blotter.js';
import type { Order } from '../orders/order.js';
import type { OrderStyleInput, TimeInForce } from '../orders/order-style.js';

/** Options of one order. */
export interface OrderOptions {
  /** How the order executes (market when omitted). */
  style?: OrderStyleInput;
  /** `gtc` (default) or `day`. */
  timeInForce?: TimeInForce;
}

/** One leg of an OCO pair. */
export interface OcoLeg {
  /** The asset or its symbol. */
  asset: Asset | string;
  /** Signed amount (number or decimal text). */
  amount: number | string;
  /** Style and time in force of the leg. */
  options?: OrderOptions;
}

/** One execution, in the user's units, as the results recorder and strategies see it. */
export interface FillEvent {
  /** The order filled. */
  readonly orderId: number;
  /** The asset traded. */
  readonly asset: Asset;
  /** Start of the bar the fill happened on (epoch ms). */
  readonly timestamp: number;
  /** Signed amount: positive bought, negative sold. */
  readonly amount: number;
  /** Execution price after slippage. */
  readonly price: number;
  /** Commission charged, in the account currency. */
  readonly commission: number;
  /** The position in the asset before and after the fill (signed amounts). */
  readonly positionBefore: number;
  /** The position in the asset after the fill. */
  readonly positionAfter: number;
  /** P&L realized on the asset so far, after the fill, in the account currency. */
  readonly realizedPnl: number;
  /** The amount, price and commission as exact decimal text. */
  readonly exact: { readonly amount: string; readonly price: string; readonly commission: string };
}

/**
 * Takes a backtest's fills as the engine core booked them, one call per fill
 * and no object: quantity and price in the asset's engine values, commission
 * in the account's (integer units with the asset's scales in decimal mode,
 * floats in float mode). How a simulated run's results record millions of
 * fills; paper and live runs report `FillEvent`s instead.
 */
export interface FillSink {
  fill(
    orderId: number,
    asset: Asset,
    timestamp: number,
    quantity: number,
    price: number,
    commission: number,
  ): void;
}

/** The account's totals at a moment, for the per-session results. */
export interface AccountSnapshot {
  /** Cash + positions at market (+ dividends receivable). */
  readonly portfolioValue: number;
  /** Σ |position value|. */
  readonly grossExposure: number;
  /** Gross exposure / portfolio value. */
  readonly grossLeverage: number;
  /** Net exposure / portfolio value. */
  readonly netLeverage: number;
  /** Exact decimal text of the money amounts. */
  readonly exact: {
    readonly portfolioValue: string;
    readonly cash: string;
    readonly positionsValue: string;
    /** P&L of the current session so far. */
    readonly sessionPnl: string;
  };
}

/**
 * The seam between a strategy and the account it trades: the strategy's
 * context and the results recorder talk to a broker only through this
 * interface, in the user's units. A backtest's `SimulatedBroker` implements
 * it over the engine core; a paper or live broker implements it over live
 * bars or an exchange. Nothing outside an implementation reaches into its
 * blotter or ledger.
 */
export interface Broker {
  /** Orders `amount` (signed) of `asset`; rejected orders come back with status `rejected`. */
  order(asset: Asset | string, amount: number | string, options?: OrderOptions): Order;
  /** Orders the amount worth `value` (account currency, signed) at the last price. */
  orderValue(
    asset: Asset | string,
    value: number | string,
    options?: OrderOptions,
  ): Order | undefined;
  /** Orders `fraction` of the portfolio value's worth. */
  orderPercent(
    asset: Asset | string,
    fraction: number | string,
    options?: OrderOptions,
  ): Order | undefined;
  /** Orders what it takes to hold `target` units, counting open orders. */
  orderTarget(
    asset: Asset | string,
    target: number | string,
    options?: OrderOptions,
  ): Order | undefined;
  /** Orders what it takes to hold `value` worth of the asset. */
  orderTargetValue(
    asset: Asset | string,
    value: number | string,
    options?: OrderOptions,
  ): Order | undefined;
  /** Orders what it takes to hold `fraction` of the portfolio value in the asset. */
  orderTargetPercent(
    asset: Asset | string,
    fraction: number | string,
    options?: OrderOptions,
  ): Order | undefined;
  /** Two orders where the first to fill cancels the other. */
  orderOco(first: OcoLeg, second: OcoLeg): [Order, Order];
  /** An entry with a take-profit limit and a stop-loss stop placed on its fills. */
  orderBracket(
    asset: Asset | string,
    amount: number | string,
    exits: BracketExits,
    options?: OrderOptions,
  ): Order;
  /** Cancels an open order; false when it was not open. */
  cancel(order: Order | number): boolean;
  /** Orders that can still fill, in placement order (of one asset, or all). */
  openOrders(asset?: Asset): Order[];
  /** An order by id, in whatever state it is. */
  getOrder(id: number): Order | undefined;
  /** Every order placed, in id order. */
  allOrders(): Order[];
  /** The portfolio now (values read when read). */
  portfolio(): Portfolio;
  /** Leverage and exposure now. */
  account(): Account;
  /** The account's totals now, with exact text, for results. */
  snapshot(): AccountSnapshot;
  /** Open positions now, in sid order. */
  positions(): PositionSnapshot[];
}

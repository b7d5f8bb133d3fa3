import type { Asset } from '../assets/asset.js';
import type { AssetFinder } from '../assets/asset-finder.js';
import {
  accountOf,
  LedgerPortfolio,
  positionsOf,
  snapshotOf,
  type Account,
  type Portfolio,
  type PositionSnapshot,
} from '../engine/algorithm/portfolio.js';
import type { BarInput } from '../engine/blotter/bar-input.js';
import type {
  AccountSnapshot,
  Broker,
  FillEvent,
  OcoLeg,
  OrderOptions,
} from '../engine/broker/broker.js';
import { TradingControls, type TradingControlsOptions } from '../engine/controls/index.js';
import { Ledger } from '../engine/ledger/ledger.js';
import type { Order } from '../engine/orders/order.js';
import { OrderView } from '../engine/orders/order-view.js';
import type { ExchangeError } from '../errors/index.js';
import { OrderError } from '../errors/index.js';
import { decimalNumeric } from '../numeric/decimal-numeric.js';
import { parseDecimal } from '../numeric/decimal-text.js';
import type { CcxtExchange } from './exchange/ccxt-exchange.js';
import type { Journal, JournalState } from './journal.js';
import { LiveOrder, refusedOrder } from './live-order.js';
import { orderSpec } from './live-order-spec.js';
import { LiveOrderEntry } from './live-order-entry.js';
import { LiveOrderDesk } from './live-order-desk.js';

/** How a live broker is set up. */
export interface LiveBrokerOptions {
  /** The exchange, connected with keys. */
  exchange: CcxtExchange;
  /** The symbols traded (registered, in sid order). */
  assets: AssetFinder;
  /** The capital the strategy may use, in the account currency (decimal text). */
  startingCash: string;
  /** The account currency (the quote currency of the symbols). */
  currency: string;
  /** Trading controls and safety limits (checked before anything is journaled or sent). */
  controls?: TradingControlsOptions;
  /** The session's journal: every order is written here before it is sent. */
  journal: Journal;
}

/**
 * The live broker: the `Broker` seam over a real exchange through ccxt. The
 * strategy's calls stay synchronous: an order is rounded to the market's
 * precision, checked against its limits and the trading controls, written to
 * the journal with its deterministic client order id, and queued; the run
 * loop sends the queue after the strategy's bar (`flush`) and asks the
 * exchange for fills before the next bar (`sync`). Fills are the exchange's
 * trades, booked exactly into a ledger of the strategy's capital and handed
 * over as the same `FillEvent`s a simulated broker emits.
 */
export class LiveBroker implements Broker {
  /** The account the strategy trades: its capital, positions and P&L from the exchange's trades. */
  readonly ledger: Ledger;
  /** The assets traded. */
  readonly assets: AssetFinder;
  /**
   * The exchange side: sending, cancelling, polling, reconciling.
   *
   * @internal
   */
  readonly desk: LiveOrderDesk;
  private readonly exchange: CcxtExchange;
  private readonly controls: TradingControls;
  private readonly journal: Journal;
  private readonly orders: LiveOrder[] = [];
  private readonly views: OrderView[] = [];
  private barStart = NaN;
  private ordersToday = 0;
  private request = '';
  private readonly entry: LiveOrderEntry;

  /** @throws ConfigError when a symbol has no market on the exchange or no precision. */
  constructor(options: LiveBrokerOptions) {
    this.exchange = options.exchange;
    this.assets = options.assets;
    this.journal = options.journal;
    this.ledger = new Ledger({
      numeric: decimalNumeric,
      assets: options.assets,
      startingCash: options.startingCash,
      currency: options.currency,
    });
    this.controls = new TradingControls(options.controls ?? {});
    for (const asset of options.assets.all()) this.exchange.marketRules(asset.symbol);
    this.entry = new LiveOrderEntry(options.assets, this.ledger, {
      place: (asset, quantity, orderOptions) => this.place(asset, quantity, orderOptions),
      openQuantity: (asset) => this.openQuantity(asset),
    });
    this.desk = new LiveOrderDesk({
      exchange: this.exchange,
      ledger: this.ledger,
      journal: this.journal,
      orders: this.orders,
      currency: options.currency,
    });
  }

  /** Exchange refusals of orders so far (each order is also `rejected` with the reason). */
  get rejections(): readonly ExchangeError[] {
    return this.desk.rejections;
  }

  /** Sets the bar orders are stamped with (the bar being handled). */
  setBar(barStart: number): void {
    this.barStart = barStart;
    this.desk.setBar(barStart);
  }

  /** Starts a session: the session P&L counts from here. */
  startSession(_session: number): void {
    this.ledger.startSession();
    this.ordersToday = 0;
  }

  /** Books the trades `sync` found, marks positions to the bar's close; returns the fills. */
  processBar(bar: BarInput): readonly FillEvent[] {
    const fills = this.desk.bookPending();
    this.ledger.markToMarket(bar.close);
    return fills;
  }

  /** Ends a session (crypto orders are good till cancelled: nothing expires). */
  endSession(): void {}

  /** Writes the bar's trades and order changes into the journal (inside `Journal.bar`). */
  journalChanges(): void {
    this.desk.journalChanges();
  }

  /** The account now, as the journal stores it. */
  journalState(barStart: number): JournalState {
    const snapshot = this.snapshot();
    const positions: Record<string, string> = {};
    for (const position of this.positions())
      positions[position.asset.symbol] = position.exact.amount;
    return {
      barStart,
      cash: snapshot.exact.cash,
      portfolioValue: snapshot.exact.portfolioValue,
      sessionPnl: snapshot.exact.sessionPnl,
      positions,
      openOrders: this.openOrders().length,
    };
  }

  order(asset: Asset | string, amount: number | string, options?: OrderOptions): Order {
    return this.enter(`order(${symbolOf(asset)}, ${amount})`, () =>
      this.entry.order(asset, amount, options),
    )!;
  }

  orderValue(asset: Asset | string, value: number | string, options?: OrderOptions) {
    return this.enter(`orderValue(${symbolOf(asset)}, ${value})`, () =>
      this.entry.orderValue(asset, value, options),
    );
  }

  orderPercent(asset: Asset | string, fraction: number | string, options?: OrderOptions) {
    return this.enter(`orderPercent(${symbolOf(asset)}, ${fraction})`, () =>
      this.entry.orderPercent(asset, fraction, options),
    );
  }

  orderTarget(asset: Asset | string, target: number | string, options?: OrderOptions) {
    return this.enter(`orderTarget(${symbolOf(asset)}, ${target})`, () =>
      this.entry.orderTarget(asset, target, options),
    );
  }

  orderTargetValue(asset: Asset | string, value: number | string, options?: OrderOptions) {
    return this.enter(`orderTargetValue(${symbolOf(asset)}, ${value})`, () =>
      this.entry.orderTargetValue(asset, value, options),
    );
  }

  orderTargetPercent(asset: Asset | string, fraction: number | string, options?: OrderOptions) {
    return this.enter(`orderTargetPercent(${symbolOf(asset)}, ${fraction})`, () =>
      this.entry.orderTargetPercent(asset, fraction, options),
    );
  }

  /** @throws OrderError: OCO pairs are not sent to exchanges by this version. */
  orderOco(_first: OcoLeg, _second: OcoLeg): [Order, Order] {
    throw new OrderError(
      'orderOco is not available on the live broker: exchanges differ in OCO support. Place the legs with order() and cancel the other on a fill.',
    );
  }

  /** @throws OrderError: brackets are not sent to exchanges by this version. */
  orderBracket(): Order {
    throw new OrderError(
      'orderBracket is not available on the live broker. Place the entry with order() and its exits once it fills.',
    );
  }

  cancel(order: Order | number): boolean {
    const record = this.orders[(typeof order === 'number' ? order : order.id) - 1];
    if (record === undefined || !record.isOpen || record.cancelRequested) return false;
    this.desk.queueCancel(record);
    return true;
  }

  openOrders(asset?: Asset): Order[] {
    return this.orders
      .filter((order) => order.isOpen && (asset === undefined || order.asset.sid === asset.sid))
      .map((order) => this.view(order));
  }

  getOrder(id: number): Order | undefined {
    const record = this.orders[id - 1];
    return record === undefined ? undefined : this.view(record);
  }

  allOrders(): Order[] {
    return this.orders.map((order) => this.view(order));
  }

  portfolio(): Portfolio {
    return new LedgerPortfolio(this.ledger);
  }

  account(): Account {
    return accountOf(this.ledger);
  }

  snapshot(): AccountSnapshot {
    return snapshotOf(this.ledger);
  }

  positions(): PositionSnapshot[] {
    return positionsOf(this.ledger);
  }

  /** Queues a cancel of every open order (at a stop or a kill switch); returns how many. */
  cancelAll(): number {
    let count = 0;
    for (const order of this.orders) if (this.cancel(order.id)) count++;
    return count;
  }

  /** Sends the queued orders and cancels (after the strategy's bar, and at a stop). */
  flush(signal?: AbortSignal): Promise<void> {
    return this.desk.flush(signal);
  }

  /** Asks the exchange about every order still open (before each bar). */
  sync(signal?: AbortSignal): Promise<void> {
    return this.desk.sync(signal);
  }

  /**
   * Adds an order rebuilt from the journal (a restart), with its trades already
   * booked by the caller; later orders number on from it.
   *
   * @internal
   */
  restoreOrder(order: LiveOrder): void {
    this.orders[order.id - 1] = order;
  }

  /** Runs one call of the order family with `request` as its journal text; the order's view. */
  private enter(request: string, call: () => LiveOrder | undefined): Order | undefined {
    this.request = request;
    const order = call();
    return order === undefined ? undefined : this.view(order);
  }

  private place(asset: Asset, quantity: number, options: OrderOptions): LiveOrder {
    const request = this.request;
    const id = this.orders.length + 1;
    const clientId = this.desk.clientId(id);
    try {
      const spec = orderSpec(
        this.exchange,
        asset,
        quantity,
        this.ledger.lastPrice[asset.sid],
        options,
      );
      const limit = spec.limitPrice === '' ? NaN : units(spec.limitPrice, asset.priceScale);
      const stop = spec.stopPrice === '' ? NaN : units(spec.stopPrice, asset.priceScale);
      const rounded = units(spec.amount, asset.quantityScale);
      this.controls.check(
        {
          asset,
          quantity: rounded,
          price: Number.isNaN(limit) ? this.ledger.lastPrice[asset.sid] : limit,
          openQuantity: this.openQuantity(asset),
          ordersToday: this.ordersToday,
          timestamp: this.barStart,
        },
        this.ledger,
      );
      this.journal.intent(clientId, this.barStart, asset.symbol, request, JSON.stringify(spec));
      const order = new LiveOrder({
        id,
        asset,
        quantity: rounded,
        type: spec.type,
        limitPrice: limit,
        stopPrice: stop,
        placedAt: this.barStart,
        clientId,
        spec,
      });
      this.orders.push(order);
      this.ordersToday++;
      this.desk.queueSend(order);
      return order;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.journal.intent(clientId, this.barStart, asset.symbol, request);
      this.journal.ack(clientId, this.barStart, {
        brokerId: '',
        amount: '',
        status: 'rejected',
        reason: this.exchange.redact(reason),
      });
      // The id is used: the journal holds it as refused.
      this.orders.push(refusedOrder(id, asset, clientId, this.barStart, reason));
      throw error;
    }
  }

  /** Units of the asset's open orders not filled yet, signed. */
  openQuantity(asset: Asset): number {
    let open = 0;
    for (const order of this.orders) {
      if (order.isOpen && order.asset.sid === asset.sid) open += order.quantity - order.booked;
    }
    return open;
  }

  private view(order: LiveOrder): Order {
    return (this.views[order.id] ??= new OrderView(order, decimalNumeric, this.ledger.moneyScale));
  }
}

function units(text: string, scale: number): number {
  return Number(parseDecimal(text, scale));
}

function symbolOf(asset: Asset | string): string {
  return typeof asset === 'string' ? asset : asset.symbol;
}

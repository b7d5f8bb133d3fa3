import type { Asset } from '../../assets/asset.js';
import { sessionOf } from '../../assets/session-date.js';
import {
  accountOf,
  LedgerPortfolio,
  positionsOf,
  snapshotOf,
  type Account,
  type Portfolio,
  type PositionSnapshot,
} from '../algorithm/portfolio.js';
import type { BarInput } from '../blotter/bar-input.js';
import type { BracketExits } from '../blotter/blotter.js';
import type { Fill } from '../orders/fill.js';
import type { Order } from '../orders/order.js';
import type { OrderRecord } from '../orders/order-record.js';
import { OrderView } from '../orders/order-view.js';
import type { AccountCore } from '../core/account-core.js';
import type { PositionView } from '../ledger/position-view.js';
import type { SessionRecord } from '../simulated-account.js';
import type {
  AccountSnapshot,
  Broker,
  FillEvent,
  FillSink,
  OcoLeg,
  OrderOptions,
} from './broker.js';

const NO_FILLS: readonly FillEvent[] = Object.freeze([]);

/**
 * `orderId` of a close-out transaction: the engine sold (or bought back) a
 * position whose asset stopped trading, with no order (order ids start at 1).
 */
export const CLOSE_OUT_ORDER_ID = 0;

/**
 * The backtest's broker: the `Broker` seam over an engine core (`AccountCore`:
 * the TypeScript `SimulatedAccount` or the Rust core, in integer units). It
 * speaks the user's units to the strategy and the results, and gives the run
 * loop its simulation steps: `startSession`, `processBar`, `endSession`.
 */
export class SimulatedBroker implements Broker {
  /** The engine core behind this broker (engine units; the run loop and tests only). */
  readonly simulation: AccountCore;
  private readonly moneyScale: number;
  /** Close-outs of the last `startSession` or `endSession`, until taken. */
  private closeOuts: FillEvent[] = [];
  /** Start of the last bar processed: when a session-end close-out happens. */
  private lastBarTime = NaN;
  /** The current session (UTC day, epoch ms), NaN before the first. */
  private session = NaN;
  private autoCloseCount = -1;
  private autoCloseFrom = Infinity;

  /** @param simulation - the engine core to trade on */
  constructor(simulation: AccountCore) {
    this.simulation = simulation;
    this.moneyScale = simulation.ledger.moneyScale;
  }

  /** Starts a session (corporate actions, auto-close) before its first bar. */
  startSession(session: number): void {
    this.session = sessionOf(session);
    // Positions are compared around the step only when an asset's auto-close date has passed.
    if (!(this.earliestAutoClose() < this.session)) {
      this.simulation.startSession(session);
      return;
    }
    const before = this.simulation.ledger.positions();
    this.simulation.startSession(session);
    this.noteCloseOuts(before, Number.isNaN(this.lastBarTime) ? session : this.lastBarTime);
  }

  /** The earliest auto-close date of the assets (their count as of the last look). */
  private earliestAutoClose(): number {
    const assets = this.simulation.assets;
    if (assets.count !== this.autoCloseCount) {
      this.autoCloseCount = assets.count;
      this.autoCloseFrom = Infinity;
      for (const asset of assets.all()) {
        if (asset.autoCloseDate < this.autoCloseFrom) this.autoCloseFrom = asset.autoCloseDate;
      }
    }
    return this.autoCloseFrom;
  }

  /**
   * Processes one bar for all assets (fills, booking, marks) and returns its
   * fills as events; the same empty array when nothing filled.
   *
   * @param checked - true for bars from a `BarStore`, which checked them once at load
   */
  processBar(bar: BarInput, checked = false): readonly FillEvent[] {
    const fills = this.simulation.processBar(bar, checked);
    this.lastBarTime = bar.timestamp;
    return fills.length === 0 ? NO_FILLS : this.fillEvents(fills);
  }

  /**
   * Processes one bar as {@link processBar}, handing its fills to `sink` in
   * engine values (no event objects: the backtest's results take them so);
   * returns how many filled.
   */
  processBarInto(bar: BarInput, checked: boolean, sink: FillSink): number {
    const count = this.simulation.processBarInto(bar, checked, sink);
    this.lastBarTime = bar.timestamp;
    return count;
  }

  /** Ends the session: DAY orders expire, positions due for auto-close are closed. */
  endSession(): SessionRecord {
    if (!(this.earliestAutoClose() <= this.session)) return this.simulation.endSession();
    const before = this.simulation.ledger.positions();
    const record = this.simulation.endSession();
    this.noteCloseOuts(before, this.lastBarTime);
    return record;
  }

  /**
   * The close-outs of the last `startSession` / `endSession` as fill events
   * (order id {@link CLOSE_OUT_ORDER_ID}, no commission, at the last price the
   * position was marked at), each returned once: the run records them as
   * transactions, so positions always equal the sum of the transactions.
   */
  takeCloseOuts(): readonly FillEvent[] {
    if (this.closeOuts.length === 0) return NO_FILLS;
    const taken = this.closeOuts;
    this.closeOuts = [];
    return taken;
  }

  order(asset: Asset | string, amount: number | string, options?: OrderOptions): Order {
    return this.view(this.simulation.order(asset, amount, options));
  }

  orderValue(asset: Asset | string, value: number | string, options?: OrderOptions) {
    return this.viewOrNone(this.simulation.orderValue(asset, value, options));
  }

  orderPercent(asset: Asset | string, fraction: number | string, options?: OrderOptions) {
    return this.viewOrNone(this.simulation.orderPercent(asset, fraction, options));
  }

  orderTarget(asset: Asset | string, target: number | string, options?: OrderOptions) {
    return this.viewOrNone(this.simulation.orderTarget(asset, target, options));
  }

  orderTargetValue(asset: Asset | string, value: number | string, options?: OrderOptions) {
    return this.viewOrNone(this.simulation.orderTargetValue(asset, value, options));
  }

  orderTargetPercent(asset: Asset | string, fraction: number | string, options?: OrderOptions) {
    return this.viewOrNone(this.simulation.orderTargetPercent(asset, fraction, options));
  }

  orderOco(first: OcoLeg, second: OcoLeg): [Order, Order] {
    const [a, b] = this.simulation.orderOco(first, second);
    return [this.view(a), this.view(b)];
  }

  orderBracket(
    asset: Asset | string,
    amount: number | string,
    exits: BracketExits,
    options?: OrderOptions,
  ): Order {
    return this.view(this.simulation.orderBracket(asset, amount, exits, options));
  }

  cancel(order: Order | number): boolean {
    return this.simulation.cancel(typeof order === 'number' ? order : order.id);
  }

  openOrders(asset?: Asset): Order[] {
    return this.simulation.blotter.openOrders(asset).map((record) => this.view(record));
  }

  getOrder(id: number): Order | undefined {
    const record = this.simulation.blotter.get(id);
    return record === undefined ? undefined : this.view(record);
  }

  allOrders(): Order[] {
    return this.simulation.blotter.allOrders().map((record) => this.view(record));
  }

  portfolio(): Portfolio {
    return new LedgerPortfolio(this.simulation.ledger);
  }

  account(): Account {
    return accountOf(this.simulation.ledger);
  }

  snapshot(): AccountSnapshot {
    return snapshotOf(this.simulation.ledger);
  }

  /** The positions held now, as the engine core holds them (engine units; for the results). */
  heldViews(): readonly PositionView[] {
    return this.simulation.ledger.positions();
  }

  positions(): PositionSnapshot[] {
    return positionsOf(this.simulation.ledger);
  }

  /**
   * Records as close-outs the positions of `before` that a session step
   * flattened: only an auto-close does (splits rescale, dividends pay cash).
   * The engine core sold them at the last price they were marked at (their
   * average cost when never marked), as the cores' auto-close does.
   */
  private noteCloseOuts(before: readonly PositionView[], at: number): void {
    if (before.length === 0) return;
    const ledger = this.simulation.ledger;
    const after = new Map(ledger.positions().map((view) => [view.asset.sid, view.quantity]));
    const num = ledger.numeric;
    const scale = this.moneyScale;
    for (const view of before) {
      if (after.has(view.asset.sid)) continue;
      const { quantityScale, priceScale } = view.asset;
      const sold = -(view.quantity as number);
      const price = view.lastPrice === view.lastPrice ? view.lastPrice : view.averageCost;
      const amount = num.toNumber(sold, quantityScale);
      const priceValue = num.toNumber(price, priceScale);
      this.closeOuts.push({
        orderId: CLOSE_OUT_ORDER_ID,
        asset: view.asset,
        timestamp: at,
        amount,
        price: priceValue,
        commission: 0,
        positionBefore: -amount,
        positionAfter: 0,
        realizedPnl:
          num.toNumber(view.realized, scale) +
          (priceValue - num.toNumber(view.averageCost, priceScale)) * -amount,
        exact: {
          amount: num.toText(sold, quantityScale),
          price: num.toText(price, priceScale),
          commission: num.toText(0, scale),
        },
      });
    }
  }

  /** Fill events of one bar, with the position and realized P&L as each fill left them. */
  private fillEvents(fills: readonly Fill[]): FillEvent[] {
    const { numeric: num, positionAfterFill, realizedAfterFill } = this.simulation;
    const scale = this.moneyScale;
    return fills.map((fill, i) => {
      const held = positionAfterFill[i];
      const { quantityScale, priceScale } = fill.asset;
      return {
        orderId: fill.orderId,
        asset: fill.asset,
        timestamp: fill.timestamp,
        amount: num.toNumber(fill.quantity, quantityScale),
        price: num.toNumber(fill.price, priceScale),
        commission: num.toNumber(fill.commission, scale),
        positionBefore: num.toNumber(held - fill.quantity, quantityScale),
        positionAfter: num.toNumber(held, quantityScale),
        realizedPnl: num.toNumber(realizedAfterFill[i], scale),
        exact: {
          amount: num.toText(fill.quantity, quantityScale),
          price: num.toText(fill.price, priceScale),
          commission: num.toText(fill.commission, scale),
        },
      };
    });
  }

  private view(record: OrderRecord): Order {
    // A fresh view per call, not one kept per order: a long run places millions.
    return new OrderView(record, this.simulation.numeric, this.moneyScale);
  }

  private viewOrNone(record: OrderRecord | undefined): Order | undefined {
    return record === undefined ? undefined : this.view(record);
  }
}

import type { Asset } from '../assets/asset.js';
import type { Account, Portfolio, PositionSnapshot } from '../engine/algorithm/portfolio.js';
import type { BarInput } from '../engine/blotter/bar-input.js';
import type { BracketExits } from '../engine/blotter/blotter.js';
import type {
  AccountSnapshot,
  Broker,
  FillEvent,
  OcoLeg,
  OrderOptions,
} from '../engine/broker/broker.js';
import { SimulatedBroker } from '../engine/broker/simulated-broker.js';
import type { Order } from '../engine/orders/order.js';
import type { AccountCore } from '../engine/core/account-core.js';
import type { SessionRecord } from '../engine/simulated-account.js';
import type { Journal, JournalState } from './journal.js';

/** What the journal last recorded of an order, to write only changes. */
interface Tracked {
  status: string;
  filled: string;
}

const OPEN_STATUSES = new Set(['open', 'partiallyFilled']);

/**
 * The paper broker: fills simulated on live bars by the backtest's own engine
 * core (`accountCoreFor`: the Rust core or `SimulatedAccount`, the same fill
 * rules, slippage, commission and controls), fed one closed bar at a time, so a strategy trades on paper
 * exactly as it did in its backtest. With a journal, every order is written
 * as an intent before it is placed and acknowledged after, and every bar's
 * fills and the account they left are written in one transaction. Client
 * order ids are `<session id>-<order id>`: deterministic, the same on a replay.
 */
export class PaperBroker implements Broker {
  /** The simulated broker doing the work (engine units underneath). */
  readonly simulated: SimulatedBroker;
  private journal: Journal | undefined;
  private sessionId = '';
  private barStart = NaN;
  private readonly tracked = new Map<number, Tracked>();

  /** @param account - the engine core that simulates the fills (Rust or TypeScript, as for a backtest) */
  constructor(account: AccountCore) {
    this.simulated = new SimulatedBroker(account);
  }

  /** Starts journaling to `journal` (orders placed before are not written). */
  attachJournal(journal: Journal, sessionId: string): void {
    this.journal = journal;
    this.sessionId = sessionId;
    for (const order of this.simulated.allOrders()) {
      this.tracked.set(order.id, { status: order.status, filled: order.exact.filled });
    }
  }

  /** The client order id of an engine order id. */
  clientId(orderId: number): string {
    return `${this.sessionId}-${orderId}`;
  }

  /** Sets the bar time orders are stamped with in the journal (the bar being handled). */
  setBar(barStart: number): void {
    this.barStart = barStart;
  }

  /** Starts a session (corporate actions, auto-close) before its first bar. */
  startSession(session: number): void {
    this.simulated.startSession(session);
  }

  /**
   * Fills the orders placed before this bar against it, books them and marks
   * positions to its close; returns the fills.
   */
  processBar(bar: BarInput, checked = false): readonly FillEvent[] {
    return this.simulated.processBar(bar, checked);
  }

  /** Ends the session: DAY orders expire, due close-outs happen. */
  endSession(): SessionRecord {
    return this.simulated.endSession();
  }

  /**
   * Writes the order changes of the bar just processed (fills, OCO and bracket
   * cancels, expiries, new bracket legs) into the journal; call inside `Journal.bar`.
   */
  journalChanges(fills: readonly FillEvent[]): void {
    const journal = this.journal;
    if (journal === undefined) return;
    for (const fill of fills) {
      journal.fill(
        this.clientId(fill.orderId),
        this.barStart,
        `${fill.asset.symbol} ${fill.exact.amount} @ ${fill.exact.price} commission ${fill.exact.commission}`,
      );
    }
    for (const order of this.simulated.allOrders()) {
      const seen = this.tracked.get(order.id);
      const filled = order.exact.filled;
      if (seen === undefined) {
        // A leg the engine placed itself (bracket exits): journal it as placed by its parent.
        this.writeIntent(order.id, order.asset.symbol, `leg of order ${order.parentId ?? '?'}`);
        this.writeAck(order);
        continue;
      }
      if (seen.status !== order.status || seen.filled !== filled) {
        this.writeStatus(order, kindOf(order.status));
      }
    }
  }

  /** The account now, as the journal stores it. */
  journalState(barStart: number): JournalState {
    const snapshot = this.simulated.snapshot();
    const positions: Record<string, string> = {};
    for (const position of this.simulated.positions()) {
      positions[position.asset.symbol] = position.exact.amount;
    }
    return {
      barStart,
      cash: snapshot.exact.cash,
      portfolioValue: snapshot.exact.portfolioValue,
      sessionPnl: snapshot.exact.sessionPnl,
      positions,
      openOrders: this.simulated.openOrders().length,
    };
  }

  order(asset: Asset | string, amount: number | string, options?: OrderOptions): Order {
    return this.placing(asset, `order(${symbolOf(asset)}, ${amount})`, () =>
      this.simulated.order(asset, amount, options),
    ) as Order;
  }

  orderValue(asset: Asset | string, value: number | string, options?: OrderOptions) {
    return this.placing(asset, `orderValue(${symbolOf(asset)}, ${value})`, () =>
      this.simulated.orderValue(asset, value, options),
    );
  }

  orderPercent(asset: Asset | string, fraction: number | string, options?: OrderOptions) {
    return this.placing(asset, `orderPercent(${symbolOf(asset)}, ${fraction})`, () =>
      this.simulated.orderPercent(asset, fraction, options),
    );
  }

  orderTarget(asset: Asset | string, target: number | string, options?: OrderOptions) {
    return this.placing(asset, `orderTarget(${symbolOf(asset)}, ${target})`, () =>
      this.simulated.orderTarget(asset, target, options),
    );
  }

  orderTargetValue(asset: Asset | string, value: number | string, options?: OrderOptions) {
    return this.placing(asset, `orderTargetValue(${symbolOf(asset)}, ${value})`, () =>
      this.simulated.orderTargetValue(asset, value, options),
    );
  }

  orderTargetPercent(asset: Asset | string, fraction: number | string, options?: OrderOptions) {
    return this.placing(asset, `orderTargetPercent(${symbolOf(asset)}, ${fraction})`, () =>
      this.simulated.orderTargetPercent(asset, fraction, options),
    );
  }

  orderOco(first: OcoLeg, second: OcoLeg): [Order, Order] {
    const id = this.nextOrderId();
    this.writeIntent(id, symbolOf(first.asset), `orderOco first leg ${first.amount}`);
    this.writeIntent(id + 1, symbolOf(second.asset), `orderOco second leg ${second.amount}`);
    const orders = this.simulated.orderOco(first, second);
    for (const order of orders) this.writeAck(order);
    return orders;
  }

  orderBracket(
    asset: Asset | string,
    amount: number | string,
    exits: BracketExits,
    options?: OrderOptions,
  ): Order {
    return this.placing(asset, `orderBracket(${symbolOf(asset)}, ${amount})`, () =>
      this.simulated.orderBracket(asset, amount, exits, options),
    ) as Order;
  }

  cancel(order: Order | number): boolean {
    const cancelled = this.simulated.cancel(order);
    const id = typeof order === 'number' ? order : order.id;
    const record = this.simulated.getOrder(id);
    if (cancelled && record !== undefined) this.writeStatus(record, 'cancel');
    return cancelled;
  }

  openOrders(asset?: Asset): Order[] {
    return this.simulated.openOrders(asset);
  }

  getOrder(id: number): Order | undefined {
    return this.simulated.getOrder(id);
  }

  allOrders(): Order[] {
    return this.simulated.allOrders();
  }

  portfolio(): Portfolio {
    return this.simulated.portfolio();
  }

  account(): Account {
    return this.simulated.account();
  }

  snapshot(): AccountSnapshot {
    return this.simulated.snapshot();
  }

  positions(): PositionSnapshot[] {
    return this.simulated.positions();
  }

  /** Cancels every open order (at a stop or a kill switch); returns how many. */
  cancelAll(): number {
    let count = 0;
    for (const order of this.simulated.openOrders()) if (this.cancel(order)) count++;
    return count;
  }

  /** Intent before, acknowledgement (or withdrawal) after: the journal's order protocol. */
  private placing(
    asset: Asset | string,
    request: string,
    place: () => Order | undefined,
  ): Order | undefined {
    const id = this.nextOrderId();
    this.writeIntent(id, symbolOf(asset), request);
    let order: Order | undefined;
    try {
      order = place();
    } catch (error) {
      // Refused before reaching the book (a trading control, a bad amount): no order took
      // the id, so the refusal is journaled as an event and the id is left for the next order.
      this.journal?.refuse(
        this.clientId(id),
        this.barStart,
        error instanceof Error ? error.message : String(error),
      );
      throw error;
    }
    if (order === undefined) this.journal?.withdraw(this.clientId(id), this.barStart);
    else this.writeAck(order);
    return order;
  }

  private nextOrderId(): number {
    return this.simulated.allOrders().length + 1;
  }

  private writeIntent(id: number, symbol: string, request: string): void {
    this.journal?.intent(this.clientId(id), this.barStart, symbol, request);
  }

  private writeAck(order: Order): void {
    this.tracked.set(order.id, { status: order.status, filled: order.exact.filled });
    this.journal?.ack(this.clientId(order.id), this.barStart, {
      brokerId: String(order.id),
      amount: order.exact.quantity,
      status: order.status,
      reason: order.reason,
    });
  }

  private writeStatus(order: Order, kind: string): void {
    this.tracked.set(order.id, { status: order.status, filled: order.exact.filled });
    this.journal?.orderStatus(
      this.clientId(order.id),
      this.barStart,
      kind,
      order.status,
      order.exact.filled,
      order.reason,
    );
  }
}

/** True while an order can still fill. */
export function isOpenStatus(status: string): boolean {
  return OPEN_STATUSES.has(status);
}

function kindOf(status: string): string {
  if (status === 'filled' || status === 'partiallyFilled') return 'filled';
  if (status === 'cancelled') return 'cancel';
  return 'status';
}

function symbolOf(asset: Asset | string): string {
  return typeof asset === 'string' ? asset : asset.symbol;
}

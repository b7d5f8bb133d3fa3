import type { FillEvent } from '../engine/broker/broker.js';
import type { Ledger } from '../engine/ledger/ledger.js';
import { ExchangeError } from '../errors/index.js';
import { formatDecimal, parseDecimal } from '../numeric/decimal-text.js';
import type { CcxtExchange, ExchangeOrder, ExchangeTrade } from './exchange/ccxt-exchange.js';
import type { Journal } from './journal.js';
import { bookTrade, type BookedTrade } from './trade-booking.js';
import { statusOf, type LiveOrder } from './live-order.js';

/** Work queued by the strategy's bar for the exchange. */
type Task = { readonly kind: 'send' | 'cancel'; readonly order: LiveOrder };

/**
 * The exchange side of the live broker: sends the orders the strategy queued
 * (journaling each attempt and its outcome), cancels, polls the exchange for
 * the state and trades of every order still open, and books new trades at
 * the next bar. An order whose sending failed on the network is looked up by
 * its client order id before anything else: it is never sent twice.
 */
export class LiveOrderDesk {
  /** Exchange refusals of orders so far. */
  readonly rejections: ExchangeError[] = [];
  private readonly exchange: CcxtExchange;
  private readonly ledger: Ledger;
  private readonly journal: Journal;
  private readonly orders: LiveOrder[];
  private readonly currency: string;
  private readonly sessionId: string;
  private readonly queue: Task[] = [];
  private readonly pending: { order: LiveOrder; trade: ExchangeTrade }[] = [];
  private booked: BookedTrade[] = [];
  private readonly changed = new Set<LiveOrder>();
  private barStart = NaN;

  constructor(options: {
    exchange: CcxtExchange;
    ledger: Ledger;
    journal: Journal;
    orders: LiveOrder[];
    currency: string;
  }) {
    this.exchange = options.exchange;
    this.ledger = options.ledger;
    this.journal = options.journal;
    this.orders = options.orders;
    this.currency = options.currency;
    this.sessionId = options.journal.session().id;
  }

  /** The client order id of order `id`. */
  clientId(id: number): string {
    return `${this.sessionId}-${id}`;
  }

  /** The bar the work is stamped with. */
  setBar(barStart: number): void {
    this.barStart = barStart;
  }

  /** Queues an order to be sent at the next `flush`. */
  queueSend(order: LiveOrder): void {
    this.queue.push({ kind: 'send', order });
  }

  /** Queues a cancel to be sent at the next `flush`. */
  queueCancel(order: LiveOrder): void {
    order.cancelRequested = true;
    this.queue.push({ kind: 'cancel', order });
  }

  /**
   * Sends what is queued, in order. A refused order becomes `rejected`; an
   * order whose fate the network hid is looked up by client id at once.
   *
   * @throws ExchangeError when that lookup fails too: the session must stop and
   *   a restart reconciles (the journal has the intent and the attempt).
   */
  async flush(signal?: AbortSignal): Promise<void> {
    while (this.queue.length > 0) {
      if (signal?.aborted === true && this.queue[0].kind === 'send') break;
      const task = this.queue.shift()!;
      if (task.kind === 'send') await this.send(task.order);
      else await this.cancel(task.order);
    }
  }

  /** Polls every order that is open or has trades not booked yet; new trades wait for the next bar. */
  async sync(signal?: AbortSignal): Promise<void> {
    for (const order of this.orders) {
      if (signal?.aborted === true) return;
      if (order.exchangeId === undefined) continue;
      if (!order.isOpen && !this.unbooked(order)) continue;
      const state = await this.exchange.fetchOrder(order.exchangeId, order.asset.symbol);
      await this.update(order, state);
    }
  }

  /** Books the trades found since the last bar into the ledger; returns their fill events. */
  bookPending(): FillEvent[] {
    const rules = (symbol: string) => this.exchange.marketRules(symbol);
    const fills: FillEvent[] = [];
    for (const { order, trade } of this.pending.splice(0)) {
      const { base } = rules(order.asset.symbol);
      const booked = bookTrade(this.ledger, order, trade, this.currency, base, this.barStart);
      this.booked.push(booked);
      this.changed.add(order);
      fills.push(booked.fill);
    }
    return fills;
  }

  /**
   * Books and journals what arrived after the last bar (at a stop, after the
   * last cancels): returns the fill events.
   */
  settle(): FillEvent[] {
    const fills = this.bookPending();
    if (fills.length > 0 || this.changed.size > 0) this.journalChanges();
    return fills;
  }

  /** Writes the trades booked and the order changes of the bar (inside `Journal.bar`). */
  journalChanges(): void {
    for (const booked of this.booked) this.journal.trade(booked.record, booked.detail);
    this.booked = [];
    for (const order of this.changed) this.writeStatus(order);
    this.changed.clear();
  }

  /**
   * Brings `order` up to the exchange's state: status and filled amount, and
   * its trades not yet booked queued for the next bar (a reconciliation passes
   * the journal's booked trade ids in `known`).
   */
  async update(order: LiveOrder, state: ExchangeOrder, known?: Set<string>): Promise<string[]> {
    const found: string[] = [];
    const filledBefore = order.exchangeFilled;
    order.exchangeFilled = state.filled;
    const status = statusOf(state.status, parseDecimal(state.filled, 18) > 0n);
    if (filledBefore !== state.filled || this.unbooked(order)) {
      const trades = await this.exchange.orderTrades(state.id, order.asset.symbol);
      for (const trade of trades) {
        if (known?.has(trade.id) === true || this.journal.hasTrade(trade.id)) continue;
        if (this.pending.some((entry) => entry.trade.id === trade.id)) continue;
        this.pending.push({ order, trade });
        found.push(trade.id);
      }
    }
    if (status !== order.status) {
      order.status = status;
      if (status === 'cancelled' && order.reason === '') order.reason = 'cancelled at the exchange';
      this.changed.add(order);
    }
    return found;
  }

  /** Writes an order's status now (outside a bar: acknowledgements, reconciliations). */
  writeStatus(order: LiveOrder): void {
    const filled = formatDecimal(BigInt(order.booked), order.asset.quantityScale);
    this.journal.orderStatus(
      order.clientId,
      this.barStart,
      order.status === 'cancelled' ? 'cancel' : order.status === 'rejected' ? 'reject' : 'status',
      order.status,
      filled,
      order.reason,
    );
  }

  private unbooked(order: LiveOrder): boolean {
    const booked = BigInt(order.booked < 0 ? -order.booked : order.booked);
    return parseDecimal(order.exchangeFilled, order.asset.quantityScale) > booked;
  }

  private async send(order: LiveOrder): Promise<void> {
    if (order.cancelRequested) {
      order.status = 'cancelled';
      order.reason = 'cancelled before it was sent';
      this.writeStatus(order);
      return;
    }
    const spec = order.spec;
    const negative = spec.amount.startsWith('-');
    const type = spec.type === 'market' || spec.type === 'stop' ? 'market' : 'limit';
    this.journal.orderNote(order.clientId, this.barStart, 'send', `${spec.type} ${spec.amount}`);
    const outcome = await this.exchange.send({
      symbol: order.asset.symbol,
      clientId: order.clientId,
      side: negative ? 'sell' : 'buy',
      type,
      amount: negative ? spec.amount.slice(1) : spec.amount,
      ...(spec.limitPrice === '' ? {} : { price: spec.limitPrice }),
      ...(spec.stopPrice === '' ? {} : { stopPrice: spec.stopPrice }),
    });
    if (outcome.kind === 'accepted') {
      this.acknowledge(order, outcome.order);
      return;
    }
    if (outcome.kind === 'rejected') {
      this.reject(order, outcome.error);
      return;
    }
    this.journal.orderNote(order.clientId, this.barStart, 'unknown', outcome.error.message);
    let found: ExchangeOrder | undefined;
    try {
      found = await this.exchange.fetchOrderByClientId(order.clientId, order.asset.symbol);
    } catch (error) {
      throw new ExchangeError(
        `Order ${order.clientId} (${order.asset.symbol} ${spec.amount}) was sent to ${this.exchange.id} but the answer was lost, and the exchange cannot be asked about it now; the session stops so nothing is sent twice. Restart the same command: it looks the order up by its client id and carries on.`,
        { cause: error },
      );
    }
    if (found === undefined) {
      this.reject(
        order,
        new ExchangeError(
          `${this.exchange.id} did not receive order ${order.clientId} (${outcome.error.message}); it was not placed and is not sent again.`,
        ),
      );
      return;
    }
    this.acknowledge(order, found);
  }

  private acknowledge(order: LiveOrder, state: ExchangeOrder): void {
    order.exchangeId = state.id;
    this.journal.ack(order.clientId, this.barStart, {
      brokerId: state.id,
      amount: order.spec.amount,
      status: order.status,
      reason: '',
    });
    // Its status and trades, even when it filled at once, come with the next sync.
  }

  private reject(order: LiveOrder, error: ExchangeError): void {
    order.status = 'rejected';
    order.reason = error.message;
    this.rejections.push(error);
    this.journal.ack(order.clientId, this.barStart, {
      brokerId: order.exchangeId ?? '',
      amount: order.spec.amount,
      status: 'rejected',
      reason: error.message,
    });
  }

  private async cancel(order: LiveOrder): Promise<void> {
    if (order.exchangeId === undefined || !order.isOpen) return;
    const cancelled = await this.exchange.cancel(order.exchangeId, order.asset.symbol);
    const state = await this.exchange.fetchOrder(order.exchangeId, order.asset.symbol);
    await this.update(order, state);
    if (cancelled && order.status === 'cancelled') order.reason = 'cancelled by the algorithm';
    this.writeStatus(order);
    this.changed.delete(order);
  }
}

import type { Asset } from '../../assets/asset.js';
import type { AssetFinder } from '../../assets/asset-finder.js';
import { isTrading } from '../../assets/asset.js';
import { sessionOf } from '../../assets/session-date.js';
import { ConfigError, OrderError } from '../../errors/index.js';
import type { Money, Numeric } from '../../numeric/numeric.js';
import { numericFor } from '../../numeric/numeric-for.js';
import type { FillSink, OrderOptions } from '../broker/broker.js';
import type {
  DividendEvent,
  SessionRecord,
  SimulatedAccountOptions,
  SplitEvent,
} from '../simulated-account.js';
import { TradingControls } from '../controls/trading-controls.js';
import { Ledger } from '../ledger/ledger.js';
import { ModelConstant } from '../model-constant.js';
import type { BarInput } from '../blotter/bar-input.js';
import type { Fill } from '../orders/fill.js';
import { OrderEntry } from '../orders/order-entry.js';
import { orderQuantity } from '../orders/order-quantity.js';
import { coreConfig } from './core-config.js';
import {
  callCore,
  FILL_FIELDS,
  LEDGER_HEADER,
  nativeEngineCore,
  ORDER_FIELDS,
  type NativeEngineCore,
  type NativeEngineCoreClass,
} from './native-core.js';
import {
  decodeFills,
  decodeLedger,
  decodeOrders,
  ledgerOver,
  type LedgerState,
  type OrderState,
} from './core-records.js';
import { OrderQueue, type QueueOp } from './order-queue.js';
import { bracketPrices, engineStyle, tifCode, type EngineStyle } from './order-prices.js';

/** The account's state and its orders as `ledger()` and `orders()` read them. */
export type { LedgerState, OrderState } from './core-records.js';

/**
 * One simulated account run by the Rust engine core: the same per-bar and
 * per-session behaviour as the TypeScript `SimulatedAccount` (fills of every order type, models,
 * ledger, marks, splits, dividends, DAY expiry, auto-close), with the state
 * owned by Rust and one native call per bar. Order placement is validated
 * here exactly as `SimulatedAccount` validates it (trading controls are not applied).
 * Only the built-in slippage and commission models run in Rust; a custom
 * model is refused with a ConfigError (run such a backtest on the TypeScript core).
 */
export class RustAccount extends OrderEntry<number> {
  readonly numeric: Numeric;
  readonly assets: AssetFinder;
  /** Current session (UTC 00:00 epoch ms), NaN before the first. */
  session = Number.NaN;
  /** Start of the last bar stepped (epoch ms). */
  now = Number.NEGATIVE_INFINITY;
  /** Per fill of the last `stepBar`: the position just after it was booked. */
  readonly positionAfterFill: number[] = [];
  /** Per fill of the last `stepBar`: the asset's realized P&L just after it was booked. */
  readonly realizedAfterFill: number[] = [];
  /** The trading controls, checked before an order is queued (as `SimulatedAccount` checks them). */
  readonly controls: TradingControls;
  private readonly currency: string;
  private readonly core: NativeEngineCore;
  /** A TypeScript ledger refreshed from the core when a control needs the account's state. */
  private readonly mirror: Ledger;
  private readonly hasControls: boolean;
  private ordersToday = 0;
  /** Orders placed since the last crossing, handed over with the next one (ids known in advance). */
  private readonly queue = new OrderQueue();
  /** The core's order count after a step (written by `stepBar`). */
  private readonly orderCountOut = new Int32Array(1);
  /** Per sid, units held plus those of live orders, as of the last step (see `heldOpenFresh`). */
  private readonly heldOpen: Float64Array;
  /** Whether `heldOpen` still holds: no call since the last step changed positions or orders. */
  private heldOpenFresh = false;
  /** Asks the core how many orders it holds (when the queue cannot know). */
  private readonly countOrders = (): number => this.core.orderCount;
  private fills: Float64Array;
  /** The buffers and the bar columns' ArrayBuffers last handed to the core (see `cross`). */
  private boundFills: Float64Array | undefined;
  private boundQueue: Float64Array | undefined;
  private readonly boundBars: (ArrayBufferLike | undefined)[] = [];
  /** Times the bar columns were bound: past a few, bars arrive in their own arrays and are passed as views. */
  private barBindings = 0;
  private readonly ledgerBuffer: Float64Array;
  private ledgerView: LedgerState | undefined;
  /** Decimal places of every money value of the account. */
  readonly moneyScale: number;
  /** Starting cash (money, engine representation). */
  readonly startingCash: number;

  /**
   * @param options - the options a `SimulatedAccount` takes (controls are ignored)
   * @param EngineCore - the native class (default: the loaded addon's)
   * @throws ConfigError for bad options or a custom model; NativeBackendError without the addon
   */
  constructor(
    options: SimulatedAccountOptions,
    EngineCore: NativeEngineCoreClass = nativeEngineCore(),
  ) {
    super();
    this.numeric = numericFor(options.numericMode ?? 'decimal');
    this.assets = options.assets;
    const ledger = new Ledger({
      numeric: this.numeric,
      assets: options.assets,
      startingCash: options.startingCash,
      currency: options.currency,
    });
    const reference = options.fillReference ?? 'open';
    if (reference !== 'open' && reference !== 'close') {
      throw new ConfigError(
        `fillReference must be "open" or "close", got ${JSON.stringify(reference)}.`,
      );
    }
    this.currency = options.currency;
    this.mirror = ledger;
    this.controls = new TradingControls(options.controls);
    this.hasControls = this.controls.active;
    const config = coreConfig({
      assets: options.assets,
      numeric: this.numeric,
      ledger,
      fillReference: reference,
      slippage: options.slippage,
      commission: options.commission,
    });
    this.core = callCore(() => new EngineCore(config));
    this.fills = new Float64Array(FILL_FIELDS * 64);
    this.ledgerBuffer = new Float64Array(LEDGER_HEADER + 6 * options.assets.count);
    this.heldOpen = new Float64Array(options.assets.count);
    this.moneyScale = ledger.moneyScale;
    this.startingCash = ledger.startingCash;
  }

  /**
   * Processes bar `index` stamped `bar.timestamp` for all assets (a new UTC
   * day starts its session first) from `bar` (units by sid, NaN open = no
   * bar; e.g. views of a bar-major store), handed over for this call only:
   * nothing is copied into the core. `checked` skips the per-asset check for
   * bars validated at load, as `SimulatedAccount.processBar` does. Returns
   * the bar's fills.
   *
   * @throws DataError for a malformed bar (nothing is booked); NumericOverflowError as SimulatedAccount
   */
  stepBar(index: number, bar: BarInput, checked = false): Fill[] {
    return this.fillsOf(this.cross(index, bar, checked), bar.timestamp);
  }

  /**
   * As {@link stepBar}, handing each fill to `sink` straight from the core's
   * fill columns (no fill objects); returns how many filled.
   */
  stepBarInto(index: number, bar: BarInput, checked: boolean, sink: FillSink): number {
    const t = bar.timestamp;
    const count = this.cross(index, bar, checked);
    this.now = t;
    if (count === 0) return 0;
    if (count * FILL_FIELDS > this.fills.length) {
      this.fills = new Float64Array(FILL_FIELDS * count * 2);
      callCore(() => this.core.readFills(0, this.fills));
    }
    const f = this.fills;
    const assets = this.assets;
    for (let at = 0; at < count * FILL_FIELDS; at += FILL_FIELDS) {
      sink.fill(f[at], assets.retrieve(f[at + 1]) as Asset, t, f[at + 2], f[at + 3], f[at + 4]);
    }
    return count;
  }

  /** The one crossing per bar: the queued orders and the bar's views in, the fill count out. */
  private cross(index: number, bar: BarInput, checked: boolean): number {
    const t = bar.timestamp;
    this.enter(t);
    const queued = this.takeQueue();
    this.heldOpenFresh = false;
    const row = this.boundRow(bar);
    const count =
      row >= 0
        ? this.stepBound(index, t, bar, row, checked, queued)
        : this.stepViews(index, t, bar, checked, queued);
    this.queue.resume(this.orderCountOut[0]);
    this.heldOpenFresh = true;
    return count;
  }

  /**
   * The bar's row in the bar-major columns bound to the core, when its
   * price views share one offset into them (binding them first when they
   * are views of other, whole columns); -1 to pass the views instead.
   */
  private boundRow(bar: BarInput): number {
    const { open, high, low, close, volume } = bar;
    const bound = this.boundBars;
    const row = open.byteOffset;
    // The core reads one value per asset from the row on: the views must be exactly that long.
    if (open.length !== this.heldOpen.length || volume.length !== open.length) return -1;
    if (high.byteOffset !== row || low.byteOffset !== row || close.byteOffset !== row) return -1;
    if (
      open.buffer !== bound[0] ||
      high.buffer !== bound[1] ||
      low.buffer !== bound[2] ||
      close.buffer !== bound[3] ||
      volume.buffer !== bound[4]
    ) {
      // Bars of their own (a live feed, a test) cross as views; a store's views bind its columns once.
      if (this.barBindings >= 4 || open.buffer.byteLength < 2 * open.byteLength) return -1;
      const whole = (v: Float64Array) => new Float64Array(v.buffer, 0, v.buffer.byteLength >> 3);
      callCore(() =>
        this.core.bindBars(whole(open), whole(high), whole(low), whole(close), whole(volume)),
      );
      this.barBindings++;
      bound[0] = open.buffer;
      bound[1] = high.buffer;
      bound[2] = low.buffer;
      bound[3] = close.buffer;
      bound[4] = volume.buffer;
    }
    return row >> 3;
  }

  private stepBound(
    index: number,
    t: number,
    bar: BarInput,
    row: number,
    checked: boolean,
    queued: number,
  ): number {
    if (this.fills !== this.boundFills || this.queue.buffer !== this.boundQueue) {
      this.core.bindBuffers(this.fills, this.queue.buffer, this.orderCountOut, this.heldOpen);
      this.boundFills = this.fills;
      this.boundQueue = this.queue.buffer;
    }
    return callCore(() =>
      this.core.stepBound(index, t, row, bar.volume.byteOffset >> 3, checked, queued),
    );
  }

  private stepViews(
    index: number,
    t: number,
    bar: BarInput,
    checked: boolean,
    queued: number,
  ): number {
    return callCore(() =>
      this.core.stepBar(
        index,
        t,
        bar.open,
        bar.high,
        bar.low,
        bar.close,
        bar.volume,
        checked,
        this.fills,
        this.queue.buffer,
        queued,
        this.orderCountOut,
        this.heldOpen,
      ),
    );
  }

  /** The number of queued orders, handed over with this crossing (the queue is then empty). */
  private takeQueue(): number {
    return this.queue.take();
  }

  /** Hands the queued orders over now (before any call that reads or changes the order book). */
  private flush(): void {
    const queued = this.queue.take();
    if (queued > 0) {
      this.heldOpenFresh = false;
      callCore(() => this.core.placeOrders(this.queue.buffer, queued));
    }
  }

  private enqueue(
    op: QueueOp,
    sid: number,
    quantity: number,
    s: EngineStyle,
    takeProfit = Number.NaN,
    stopLoss = Number.NaN,
  ): number {
    return this.queue.push(this.countOrders, op, sid, quantity, s, takeProfit, stopLoss);
  }

  private enter(timestamp: number): void {
    const session = sessionOf(timestamp);
    if (!(session === this.session)) {
      this.session = session;
      this.ordersToday = 0;
    }
  }

  private checkControls(asset: Asset, quantity: number, options: OrderOptions): void {
    if (!this.hasControls) return;
    const state = this.readView();
    const m = this.mirror;
    m.cash = state.cash;
    m.dividendsReceivable = state.dividendsReceivable;
    const n = this.assets.count;
    m.quantity.set(state.quantity.subarray(0, n));
    m.marketValue.set(state.marketValue.subarray(0, n));
    m.lastPrice.set(state.lastPrice.subarray(0, n));
    m.costBasis.set(state.costBasis.subarray(0, n));
    const style = options.style;
    const limitPrice =
      style !== undefined && 'limitPrice' in style
        ? this.numeric.fromInput(style.limitPrice, asset.priceScale, 6)
        : Number.NaN;
    this.controls.check(
      {
        asset,
        quantity,
        price: limitPrice === limitPrice ? limitPrice : state.lastPrice[asset.sid],
        openQuantity: state.openQuantity[asset.sid],
        ordersToday: this.ordersToday,
        timestamp: this.now,
      },
      m,
    );
  }

  private fillsOf(count: number, timestamp: number): Fill[] {
    this.now = timestamp;
    if (count * FILL_FIELDS > this.fills.length) {
      this.fills = new Float64Array(FILL_FIELDS * count * 2);
      callCore(() => this.core.readFills(0, this.fills));
    }
    return decodeFills(
      this.fills,
      count,
      timestamp,
      this.assets,
      this.positionAfterFill,
      this.realizedAfterFill,
    );
  }

  /** Starts a session: auto-close, dividends due, splits, ex-dates (as `SimulatedAccount.startSession`). */
  startSession(session: number): void {
    this.session = sessionOf(session);
    this.ordersToday = 0;
    this.flush();
    this.heldOpenFresh = false;
    callCore(() => this.core.startSession(session));
  }

  /** Ends the session: DAY orders expire, positions due for auto-close are closed. */
  endSession(): SessionRecord {
    this.flush();
    this.heldOpenFresh = false;
    const r = callCore(() => this.core.endSession());
    return {
      session: r.session,
      pnl: r.pnl as Money,
      netLiquidation: r.netLiquidation as Money,
      cash: r.cash as Money,
      fills: r.fills,
      expiredOrders: r.expiredOrders,
    };
  }

  protected tradableAsset(asset: Asset | string): Asset {
    const found = this.asset(asset);
    if (found.quoteCurrency !== this.currency) {
      throw new OrderError(
        `${found.symbol} is quoted in ${found.quoteCurrency} but the account is in ${this.currency}; trade it in a ${found.quoteCurrency} account.`,
      );
    }
    return found;
  }

  private currentSession(): number {
    return this.session === this.session ? this.session : sessionOf(this.now);
  }

  protected submit(asset: Asset, quantity: number, options: OrderOptions): number {
    const session = this.currentSession();
    if (Number.isFinite(session) && !isTrading(asset, session)) {
      const when = session < asset.startDate ? 'has not started trading' : 'has stopped trading';
      const reason = `${asset.symbol} ${when} on ${new Date(session).toISOString().slice(0, 10)}`;
      const tif = tifCode(options.timeInForce);
      this.flush();
      this.heldOpenFresh = false;
      return callCore(() => this.core.reject(asset.sid, quantity, tif, reason));
    }
    this.checkControls(asset, quantity, options);
    this.ordersToday++;
    return this.place(asset, quantity, options);
  }

  private column(which: number, sid: number): number {
    this.flush();
    return this.core.columnValue(which, sid);
  }

  protected heldAndOpen(asset: Asset): number {
    // Orders queued for other assets do not change this one's position: no need to hand them over.
    if (this.queue.has(asset.sid)) this.flush();
    return this.heldOpenFresh ? this.heldOpen[asset.sid] : this.core.heldAndOpen(asset.sid);
  }

  protected lastPriceOf(asset: Asset): number {
    return this.column(2, asset.sid);
  }

  protected netLiquidationValue(): number {
    return this.readView().netLiquidation;
  }

  /** The account read into this facade's own buffer, as a view (valid until the next read). */
  private readView(): LedgerState {
    this.readLedgerInto(this.ledgerBuffer);
    return (this.ledgerView ??= ledgerOver(this.ledgerBuffer, this.assets.count));
  }

  protected moneyScaleOf(): number {
    return this.moneyScale;
  }

  private place(asset: Asset, quantity: number, options: OrderOptions, op: QueueOp = 0): number {
    const s = engineStyle(this.numeric, asset, quantity, options.style, options.timeInForce);
    return this.enqueue(op, asset.sid, quantity, s);
  }

  private prepare(
    asset: Asset | string,
    amount: number | string,
    options: OrderOptions,
  ): { asset: Asset; quantity: number } {
    const found = this.tradableAsset(asset);
    const quantity = orderQuantity(this.numeric, this.assets.config, found, amount);
    const session = this.currentSession();
    if (Number.isFinite(session) && !isTrading(found, session)) {
      throw new OrderError(
        `${found.symbol} does not trade on ${new Date(session).toISOString().slice(0, 10)}.`,
      );
    }
    this.checkControls(found, quantity, options);
    return { asset: found, quantity };
  }

  /** Places two orders where the first to fill cancels the other; returns their ids. */
  orderOco(
    first: { asset: Asset | string; amount: number | string; options?: OrderOptions },
    second: { asset: Asset | string; amount: number | string; options?: OrderOptions },
  ): [number, number] {
    const a = this.prepare(first.asset, first.amount, first.options ?? {});
    const b = this.prepare(second.asset, second.amount, second.options ?? {});
    this.ordersToday += 2;
    const idA = this.place(a.asset, a.quantity, first.options ?? {});
    const idB = this.place(b.asset, b.quantity, second.options ?? {}, 1);
    return [idA, idB];
  }

  /** Places a bracket entry with a take-profit limit and a stop-loss stop; returns the entry id. */
  orderBracket(
    asset: Asset | string,
    amount: number | string,
    exits: { takeProfit: string | number; stopLoss: string | number },
    options: OrderOptions = {},
  ): number {
    const { asset: found, quantity } = this.prepare(asset, amount, options);
    this.ordersToday++;
    const legs = bracketPrices(this.numeric, found, quantity, exits);
    const s = engineStyle(this.numeric, found, quantity, options.style, options.timeInForce);
    return this.enqueue(2, found.sid, quantity, s, legs.takeProfit, legs.stopLoss);
  }

  /** Cancels a live order; false if it was not live. */
  cancel(id: number): boolean {
    this.flush();
    this.heldOpenFresh = false;
    return callCore(() => this.core.cancel(id, 1));
  }

  /** Schedules a cash dividend (as `SimulatedAccount.declareDividend`). */
  declareDividend(event: DividendEvent): void {
    new ModelConstant(event.amount, `dividend amount of ${event.asset.symbol}`);
    const asset = this.asset(event.asset);
    let value = 0;
    let scale = 0;
    let invalid: string | undefined;
    try {
      const rate = this.numeric.rate(event.amount);
      value = rate.value;
      scale = rate.scale;
    } catch (error) {
      invalid = (error as Error).message;
    }
    this.flush();
    this.heldOpenFresh = false;
    callCore(() =>
      this.core.declareDividend(asset.sid, event.exDate, event.payDate, value, scale, invalid),
    );
  }

  /** Schedules a split (as `SimulatedAccount.declareSplit`). */
  declareSplit(event: SplitEvent): void {
    const asset = this.asset(event.asset);
    this.flush();
    this.heldOpenFresh = false;
    callCore(() =>
      this.core.declareSplit(asset.sid, event.date, event.numerator, event.denominator),
    );
  }

  /** Number of orders placed so far (queued ones included). */
  get orderCount(): number {
    this.flush();
    return this.core.orderCount;
  }

  /** Writes order records from `fromId` on into `out` (see `ORDER_FIELDS`); returns how many. */
  readOrderRecords(fromId: number, out: Float64Array): number {
    this.flush();
    return this.core.readOrders(fromId, out);
  }

  /** Why order `id` was cancelled or rejected ('' while live). */
  orderReason(id: number): string {
    this.flush();
    return this.core.orderReason(id);
  }

  /** The orders that order `id` cancels when it fills. */
  orderOcoWith(id: number): number[] {
    this.flush();
    return this.core.orderOcoWith(id);
  }

  /** Every order ever placed, in id order. */
  orders(): OrderState[] {
    this.flush();
    const buffer = new Float64Array(ORDER_FIELDS * Math.max(this.core.orderCount, 1));
    const n = this.core.readOrders(1, buffer);
    return decodeOrders(
      buffer,
      n,
      (id) => this.core.orderReason(id),
      (id) => this.core.orderOcoWith(id),
    );
  }

  /** Reads the account into `out` (a buffer of `ledgerLength` values, see `ledgerOver`) in one native call. */
  readLedgerInto(out: Float64Array): void {
    this.flush();
    callCore(() => this.core.readLedger(out));
  }

  /** Length of a ledger readout buffer: the header and six columns of one value per asset. */
  get ledgerLength(): number {
    return LEDGER_HEADER + 6 * this.assets.count;
  }

  /** The account's cash, totals and per-sid columns, read in one native call (a copy). */
  ledger(): LedgerState {
    const b = this.ledgerBuffer;
    this.flush();
    callCore(() => this.core.readLedger(b));
    return decodeLedger(b, this.assets.count);
  }

  /** Test hook: the core panics when stepping bar `index` (to prove a panic never aborts the process). */
  injectPanicAtBar(index: number): void {
    this.core.injectPanicAtBar(index);
  }
}

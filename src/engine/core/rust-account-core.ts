import type { Asset } from '../../assets/asset.js';
import type { AssetFinder } from '../../assets/asset-finder.js';
import type { Money, Numeric, Price, Quantity } from '../../numeric/numeric.js';
import { roundingCode, type RoundingCode } from '../../numeric/unit-arithmetic.js';
import type { BarInput } from '../blotter/bar-input.js';
import type { BracketExits } from '../blotter/blotter.js';
import type { FillSink, OcoLeg, OrderOptions } from '../broker/broker.js';
import { HeldPosition, type PositionView } from '../ledger/position-view.js';
import type { Fill } from '../orders/fill.js';
import type { OrderRecord, OrderStatus } from '../orders/order-record.js';
import type { OrderType, TimeInForce } from '../orders/order-style.js';
import type {
  DividendEvent,
  SessionRecord,
  SimulatedAccountOptions,
  SplitEvent,
} from '../simulated-account.js';
import type { AccountCore, LedgerReader, OrderBookReader } from './account-core.js';
import { ORDER_FIELDS, ORDER_STATUSES, type NativeEngineCoreClass } from './native-core.js';
import { ledgerOver } from './core-records.js';
import { RustAccount, type LedgerState } from './rust-account.js';

const TYPES: readonly OrderType[] = ['market', 'limit', 'stop', 'stopLimit', 'trailingStop'];

/**
 * The orders of the Rust core as `OrderRecord`s: small objects made on each read whose
 * fields read a local copy of the core's order table, refreshed in one call
 * when the book changed (only from the first order that can still change).
 */
class RustOrderBook implements OrderBookReader {
  private table = new Float64Array(ORDER_FIELDS * 64);
  private count = 0;
  /** Orders below this id are final: their rows never change again. */
  private firstMutable = 1;
  private dirty = true;
  private readonly reasons: string[] = [];
  private readonly oco: (readonly number[])[] = [];

  constructor(
    private readonly account: RustAccount,
    private readonly assets: AssetFinder,
  ) {}

  /** The core changed the book: the next read refreshes. */
  touch(): void {
    this.dirty = true;
  }

  private refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const count = this.account.orderCount;
    if (count * ORDER_FIELDS > this.table.length) {
      const grown = new Float64Array(Math.max(count * ORDER_FIELDS * 2, this.table.length * 2));
      grown.set(this.table);
      this.table = grown;
    }
    const from = this.firstMutable;
    if (from <= count) {
      this.account.readOrderRecords(from, this.table.subarray((from - 1) * ORDER_FIELDS));
    }
    this.count = count;
    let first = from;
    while (first <= count && this.final(first)) first++;
    this.firstMutable = first;
  }

  private final(id: number): boolean {
    return this.table[(id - 1) * ORDER_FIELDS + 10] >= 2;
  }

  /** Field `k` of order `id`'s row (see `ORDER_FIELDS`). */
  field(id: number, k: number): number {
    this.refresh();
    return this.table[(id - 1) * ORDER_FIELDS + k];
  }

  asset(id: number): Asset {
    return this.assets.retrieve(this.field(id, 1)) as Asset;
  }

  reason(id: number): string {
    // Only a cancelled (3) or rejected (4) order has a reason.
    if (this.field(id, 10) < 3) return '';
    return (this.reasons[id - 1] ??= this.account.orderReason(id));
  }

  /** The record of order `id`, known to exist (just placed): no read of the core. */
  recordOf(id: number): OrderRecord {
    return new RustOrderRecord(id, this);
  }

  ocoWith(id: number): readonly number[] {
    this.refresh();
    return (this.oco[id - 1] ??=
      this.table[(id - 1) * ORDER_FIELDS + 12] === this.table[(id - 1) * ORDER_FIELDS + 12]
        ? Object.freeze(this.account.orderOcoWith(id))
        : Object.freeze([]));
  }

  get(id: number): OrderRecord | undefined {
    this.refresh();
    if (!(id >= 1 && id <= this.count && Number.isInteger(id))) return undefined;
    // A record per read, not one kept per order: it holds only the id and the book.
    return new RustOrderRecord(id, this);
  }

  openOrders(asset?: Asset): OrderRecord[] {
    this.refresh();
    const out: OrderRecord[] = [];
    for (let id = this.firstMutable; id <= this.count; id++) {
      const at = (id - 1) * ORDER_FIELDS;
      if (this.table[at + 10] >= 2) continue;
      if (asset !== undefined && this.table[at + 1] !== asset.sid) continue;
      out.push(this.get(id) as OrderRecord);
    }
    return out;
  }

  allOrders(): readonly OrderRecord[] {
    this.refresh();
    const out: OrderRecord[] = [];
    for (let id = 1; id <= this.count; id++) out.push(this.get(id) as OrderRecord);
    return out;
  }
}

/** One order of the Rust core, read on access (engine units). */
class RustOrderRecord implements OrderRecord {
  constructor(
    readonly id: number,
    private readonly book: RustOrderBook,
  ) {}

  get asset(): Asset {
    return this.book.asset(this.id);
  }
  get quantity(): Quantity {
    return this.book.field(this.id, 2) as Quantity;
  }
  get filled(): Quantity {
    return this.book.field(this.id, 3) as Quantity;
  }
  get type(): OrderType {
    return TYPES[this.book.field(this.id, 4)];
  }
  get limitPrice(): Price {
    return this.book.field(this.id, 5) as Price;
  }
  get stopPrice(): Price {
    return this.book.field(this.id, 6) as Price;
  }
  get timeInForce(): TimeInForce {
    return this.book.field(this.id, 7) === 1 ? 'day' : 'gtc';
  }
  get placedAt(): number {
    return this.book.field(this.id, 8);
  }
  get parentId(): number | undefined {
    const parent = this.book.field(this.id, 9);
    return parent === parent ? parent : undefined;
  }
  get status(): OrderStatus {
    return ORDER_STATUSES[this.book.field(this.id, 10)];
  }
  get commission(): Money {
    return this.book.field(this.id, 11) as Money;
  }
  get reason(): string {
    return this.book.reason(this.id);
  }
  get ocoWith(): readonly number[] {
    return this.book.ocoWith(this.id);
  }
}

/** The account of the Rust core as a `LedgerReader`: one read of the core per change. */
class RustLedger implements LedgerReader {
  readonly numeric: Numeric;
  readonly moneyScale: number;
  readonly startingCash: Money;
  /** The account as last read from the core (a view over `buffer`), valid while `fresh`. */
  private readonly state: LedgerState;
  private readonly buffer: Float64Array;
  private fresh = false;
  private readonly valueShift: Int32Array;
  private readonly costMode: RoundingCode;

  constructor(
    private readonly account: RustAccount,
    startingCash: Money,
    moneyScale: number,
  ) {
    this.numeric = account.numeric;
    this.moneyScale = moneyScale;
    this.startingCash = startingCash;
    const assets = account.assets.all();
    this.valueShift = Int32Array.from(assets, (a) => a.priceScale + a.quantityScale - moneyScale);
    this.costMode = roundingCode(account.assets.config.roundingPoints.costBasis);
    this.buffer = new Float64Array(account.ledgerLength);
    this.state = ledgerOver(this.buffer, account.assets.count);
  }

  touch(): void {
    this.fresh = false;
  }

  private read(): LedgerState {
    if (!this.fresh) {
      this.account.readLedgerInto(this.buffer);
      this.fresh = true;
    }
    return this.state;
  }

  get cash(): Money {
    return this.read().cash;
  }
  positionsValue(): Money {
    return this.read().positionsValue;
  }
  netLiquidation(): Money {
    return this.read().netLiquidation;
  }
  grossExposure(): Money {
    const mv = this.read().marketValue;
    let total = 0;
    for (let sid = 0; sid < mv.length; sid++) total += mv[sid] < 0 ? -mv[sid] : mv[sid];
    return total as Money;
  }
  netExposure(): Money {
    return this.positionsValue();
  }
  grossLeverage(): number {
    const nav = this.netLiquidation();
    return nav === 0 ? 0 : this.grossExposure() / nav;
  }
  netLeverage(): number {
    const nav = this.netLiquidation();
    return nav === 0 ? 0 : this.netExposure() / nav;
  }
  sessionPnl(): Money {
    return this.read().sessionPnl;
  }
  positions(): PositionView[] {
    const out: PositionView[] = [];
    for (let sid = 0, n = this.read().quantity.length; sid < n; sid++) {
      const position = this.openPosition(sid);
      if (position !== undefined) out.push(position);
    }
    return out;
  }
  openPosition(sid: number): PositionView | undefined {
    const s = this.read();
    const q = s.quantity[sid];
    if (q === 0 || q === undefined) return undefined;
    const c = s.costBasis[sid];
    return new HeldPosition(
      this.account.assets.retrieve(sid) as Asset,
      q as Quantity,
      c as Money,
      s.lastPrice[sid] as Price,
      s.marketValue[sid] as Money,
      s.realizedBySid[sid] as Money,
      (s.marketValue[sid] - c) as Money,
      this.numeric,
      this.valueShift[sid],
      this.costMode,
    );
  }
}

/**
 * The Rust engine core behind the `AccountCore` interface: what
 * `SimulatedBroker` runs on, byte-identical to `SimulatedAccount`. Bars are
 * handed over per step as views (`processBar`), orders are queued and cross
 * with the next step, the book and the ledger are read from the core when
 * read and cached until the core changes them.
 */
export class RustAccountCore implements AccountCore {
  readonly backend = 'rust';
  readonly numeric: Numeric;
  readonly assets: AssetFinder;
  readonly ledger: LedgerReader;
  readonly blotter: OrderBookReader;
  /** The facade over the native core (engine units, order ids). */
  readonly account: RustAccount;
  private readonly book: RustOrderBook;
  private readonly reader: RustLedger;
  private bar = 0;

  /**
   * @param options - the options a `SimulatedAccount` takes
   * @param EngineCore - the native class (default: the loaded addon's)
   * @throws ConfigError for a custom model or bad options; NativeBackendError without the addon
   */
  constructor(options: SimulatedAccountOptions, EngineCore?: NativeEngineCoreClass) {
    this.account = new RustAccount(options, EngineCore);
    this.numeric = this.account.numeric;
    this.assets = this.account.assets;
    this.book = new RustOrderBook(this.account, this.assets);
    this.reader = new RustLedger(
      this.account,
      this.account.startingCash as Money,
      this.account.moneyScale,
    );
    this.blotter = this.book;
    this.ledger = this.reader;
  }

  get positionAfterFill(): readonly number[] {
    return this.account.positionAfterFill;
  }

  get realizedAfterFill(): readonly number[] {
    return this.account.realizedAfterFill;
  }

  private touch(): void {
    this.book.touch();
    this.reader.touch();
  }

  private record(id: number): OrderRecord {
    this.touch();
    return this.book.recordOf(id);
  }

  private maybe(id: number | undefined): OrderRecord | undefined {
    return id === undefined ? undefined : this.record(id);
  }

  startSession(session: number): void {
    this.touch();
    this.account.startSession(session);
  }

  processBar(bar: BarInput, checked = false): Fill[] {
    this.touch();
    return this.account.stepBar(this.bar++, bar, checked);
  }

  processBarInto(bar: BarInput, checked: boolean, sink: FillSink): number {
    this.touch();
    return this.account.stepBarInto(this.bar++, bar, checked, sink);
  }

  endSession(): SessionRecord {
    this.touch();
    return this.account.endSession();
  }

  order(asset: Asset | string, amount: number | string, options?: OrderOptions): OrderRecord {
    return this.record(this.account.order(asset, amount, options));
  }

  orderValue(
    asset: Asset | string,
    value: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined {
    return this.maybe(this.account.orderValue(asset, value, options));
  }

  orderPercent(
    asset: Asset | string,
    fraction: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined {
    return this.maybe(this.account.orderPercent(asset, fraction, options));
  }

  orderTarget(
    asset: Asset | string,
    target: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined {
    return this.maybe(this.account.orderTarget(asset, target, options));
  }

  orderTargetValue(
    asset: Asset | string,
    value: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined {
    return this.maybe(this.account.orderTargetValue(asset, value, options));
  }

  orderTargetPercent(
    asset: Asset | string,
    fraction: number | string,
    options?: OrderOptions,
  ): OrderRecord | undefined {
    return this.maybe(this.account.orderTargetPercent(asset, fraction, options));
  }

  orderOco(first: OcoLeg, second: OcoLeg): [OrderRecord, OrderRecord] {
    const [a, b] = this.account.orderOco(first, second);
    return [this.record(a), this.record(b)];
  }

  orderBracket(
    asset: Asset | string,
    amount: number | string,
    exits: BracketExits,
    options?: OrderOptions,
  ): OrderRecord {
    return this.record(this.account.orderBracket(asset, amount, exits, options));
  }

  cancel(order: OrderRecord | number): boolean {
    this.touch();
    return this.account.cancel(typeof order === 'number' ? order : order.id);
  }

  /** Schedules a cash dividend. */
  declareDividend(event: DividendEvent): void {
    this.account.declareDividend(event);
  }

  /** Schedules a split. */
  declareSplit(event: SplitEvent): void {
    this.account.declareSplit(event);
  }
}

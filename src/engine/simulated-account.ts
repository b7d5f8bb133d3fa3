import type { Asset } from '../assets/asset.js';
import type { AssetFinder } from '../assets/asset-finder.js';
import { isTrading } from '../assets/asset.js';
import { sessionOf } from '../assets/session-date.js';
import { OrderError } from '../errors/index.js';
import type { AssetClass } from '../numeric/decimal-config.js';
import type { Money, Numeric, NumericMode } from '../numeric/numeric.js';
import { numericFor } from '../numeric/numeric-for.js';
import { toEngineBar, type BarInput, type EngineBar } from './blotter/bar-input.js';
import { Blotter, type BracketExits } from './blotter/blotter.js';
import type { FillReference } from './blotter/fill-rules.js';
import type { CommissionModel } from './commission/commission-model.js';
import { TradingControls, type TradingControlsOptions } from './controls/trading-controls.js';
import { defaultCommission, defaultSlippage } from './default-models.js';
import { Ledger } from './ledger/ledger.js';
import type { FillSink, OcoLeg, OrderOptions } from './broker/broker.js';
import type { AccountCore } from './core/account-core.js';
import type { Fill } from './orders/fill.js';
import type { OrderRecord } from './orders/order-record.js';
import { OrderEntry } from './orders/order-entry.js';
import { orderQuantity } from './orders/order-quantity.js';
import type { SlippageModel } from './slippage/slippage-model.js';
import { ModelConstant } from './model-constant.js';

/** A model for every asset, or one per asset class (others take the defaults). */
export type ModelChoice<M> = M | Partial<Record<AssetClass, M>>;

/** How a SimulatedAccount is set up. */
export interface SimulatedAccountOptions {
  assets: AssetFinder;
  /** `decimal` (exact, default) or `float`. */
  numericMode?: NumericMode;
  /** Starting cash as decimal text or a number. */
  startingCash: string | number;
  /** Account currency; every traded asset must be quoted in it. */
  currency: string;
  /** Price a marketable order fills at on the next bar: `open` (default) or `close`. */
  fillReference?: FillReference;
  slippage?: ModelChoice<SlippageModel>;
  commission?: ModelChoice<CommissionModel>;
  controls?: TradingControlsOptions;
}

/** A cash dividend: accrued on `exDate` to holders at the start of that session, paid on `payDate`. */
export interface DividendEvent {
  asset: Asset;
  /** Session date (UTC 00:00 epoch ms). */
  exDate: number;
  payDate: number;
  /** Cash per share (decimal text for exactness). */
  amount: string | number;
}

/** A split of `numerator` new shares per `denominator` old ones, effective at the start of `date`. */
export interface SplitEvent {
  asset: Asset;
  date: number;
  numerator: number;
  denominator: number;
}

/** What a session left behind, in engine representation. */
export interface SessionRecord {
  session: number;
  pnl: Money;
  netLiquidation: Money;
  cash: Money;
  fills: number;
  expiredOrders: number;
}

function isModel<M extends object>(choice: ModelChoice<M>, method: string): choice is M {
  return typeof (choice as Record<string, unknown>)[method] === 'function';
}

/**
 * One simulated account driven bar by bar, in engine representation (see
 * `Numeric`: integer units in decimal mode): the blotter (orders and fills),
 * the ledger (cash, positions, P&L), the trading controls and corporate
 * actions behind one API. Strategies never see it: they reach it through
 * `SimulatedBroker`, the `Broker` seam in the user's units. The run calls, per session:
 * `startSession(date)`, then per bar `processBar(bar)` followed by the
 * strategy's orders (`order`, `orderValue`, `orderTarget*`...), then
 * `endSession()`. Orders placed after `processBar(bar t)` fill on t+1 at the
 * earliest.
 */
export class SimulatedAccount extends OrderEntry<OrderRecord> implements AccountCore {
  readonly backend = 'ts';
  readonly numeric: Numeric;
  readonly assets: AssetFinder;
  readonly ledger: Ledger;
  readonly blotter: Blotter;
  readonly controls: TradingControls;
  /** Current session (UTC 00:00 epoch ms), NaN before the first. */
  session = Number.NaN;
  private readonly slippage: ModelChoice<SlippageModel> | undefined;
  private readonly commission: ModelChoice<CommissionModel> | undefined;
  private readonly defaults = new Map<string, SlippageModel | CommissionModel>();
  private readonly slippageBySid: (SlippageModel | undefined)[] = [];
  private readonly commissionBySid: (CommissionModel | undefined)[] = [];
  private readonly dividends: DividendEvent[] = [];
  private readonly splits: SplitEvent[] = [];
  private ordersToday = 0;
  private fillsToday = 0;
  private floatBar: EngineBar | undefined;
  /** Per fill of the last `processBar`: the position just after it was booked. */
  readonly positionAfterFill: number[] = [];
  /** Per fill of the last `processBar`: the asset's realized P&L just after it was booked. */
  readonly realizedAfterFill: number[] = [];

  /** @param options - assets, numeric mode, cash, currency, fill reference, models, controls */
  constructor(options: SimulatedAccountOptions) {
    super();
    this.numeric = numericFor(options.numericMode ?? 'decimal');
    this.assets = options.assets;
    this.ledger = new Ledger({
      numeric: this.numeric,
      assets: options.assets,
      startingCash: options.startingCash,
      currency: options.currency,
    });
    this.slippage = options.slippage;
    this.commission = options.commission;
    this.blotter = new Blotter({
      numeric: this.numeric,
      assets: options.assets,
      currency: options.currency,
      fillReference: options.fillReference,
      slippageFor: (asset) => this.slippageFor(asset),
      commissionFor: (asset) => this.commissionFor(asset),
      moneyFactor: this.ledger.moneyFactor,
    });
    this.controls = new TradingControls(options.controls);
  }

  /** The slippage model used for `asset` (resolved once per asset: the blotter asks per order per bar). */
  slippageFor(asset: Asset): SlippageModel {
    return (this.slippageBySid[asset.sid] ??= this.resolveSlippage(asset));
  }

  /** The commission model used for `asset` (resolved once per asset). */
  commissionFor(asset: Asset): CommissionModel {
    return (this.commissionBySid[asset.sid] ??= this.resolveCommission(asset));
  }

  private resolveSlippage(asset: Asset): SlippageModel {
    const choice = this.slippage;
    if (choice !== undefined) {
      if (isModel(choice, 'price')) return choice;
      const model = choice[asset.assetClass];
      if (model !== undefined) return model;
    }
    return this.defaultModel(`slippage:${asset.assetClass}`, () =>
      defaultSlippage(asset.assetClass),
    ) as SlippageModel;
  }

  private resolveCommission(asset: Asset): CommissionModel {
    const choice = this.commission;
    if (choice !== undefined) {
      if (isModel(choice, 'commission')) return choice;
      const model = choice[asset.assetClass];
      if (model !== undefined) return model;
    }
    return this.defaultModel(`commission:${asset.assetClass}`, () =>
      defaultCommission(asset.assetClass),
    ) as CommissionModel;
  }

  private defaultModel(
    key: string,
    make: () => SlippageModel | CommissionModel,
  ): SlippageModel | CommissionModel {
    let model = this.defaults.get(key);
    if (model === undefined) {
      model = make();
      this.defaults.set(key, model);
    }
    return model;
  }

  /** Resolves an order's asset and checks the ledger can book it. */
  protected tradableAsset(asset: Asset | string): Asset {
    const found = this.asset(asset);
    this.ledger.checkTradable(found);
    return found;
  }

  /**
   * Starts a session: pays dividends due, applies splits effective today,
   * accrues dividends going ex today (on the positions held now), and closes
   * positions whose auto-close date has passed.
   */
  startSession(session: number): void {
    this.session = sessionOf(session);
    this.ordersToday = 0;
    this.fillsToday = 0;
    this.ledger.syncAssets();
    // The session's P&L includes its corporate actions (an ex-date's accrued dividend).
    this.ledger.startSession();
    this.autoClose((asset) => asset.autoCloseDate < this.session);
    this.ledger.payDividends(this.session);
    for (const split of this.splits) {
      if (split.date === this.session) {
        this.ledger.applySplit(split.asset.sid, split.numerator, split.denominator);
        this.blotter.adjustForSplit(split.asset.sid, split.numerator, split.denominator);
      }
    }
    for (const dividend of this.dividends) {
      if (dividend.exDate === this.session) {
        this.ledger.accrueDividend(dividend.asset.sid, dividend.amount, dividend.payDate);
      }
    }
    this.ledger.payDividends(this.session);
  }

  /**
   * As {@link processBar}, handing each fill to `sink` (engine values); returns how many filled.
   */
  processBarInto(bar: BarInput, checked: boolean, sink: FillSink): number {
    const fills = this.processBar(bar, checked);
    for (const f of fills)
      sink.fill(f.orderId, f.asset, f.timestamp, f.quantity, f.price, f.commission);
    return fills.length;
  }

  /**
   * Processes one bar for all assets: fills the live orders placed before
   * it, books the fills, then marks every position to the bar's close.
   * Returns the fills.
   *
   * @param checked - true for bars from a `BarStore`, which checked them once at load
   * @throws DataError for a malformed bar (nothing is booked)
   */
  processBar(bar: BarInput, checked = false): Fill[] {
    const session = sessionOf(bar.timestamp);
    if (!(session === this.session)) this.startSession(session);
    const engineBar = toEngineBar(bar, this.numeric, this.assets, this.floatBar, checked);
    if (this.numeric.mode === 'float') this.floatBar = engineBar;
    this.blotter.now = bar.timestamp;
    const ledger = this.ledger;
    const positionAfter = this.positionAfterFill;
    const realizedAfter = this.realizedAfterFill;
    positionAfter.length = 0;
    realizedAfter.length = 0;
    const fills = this.blotter.process(engineBar, (fill) => {
      const sid = fill.asset.sid;
      ledger.applyFill(sid, fill.quantity, fill.price, fill.commission);
      positionAfter.push(ledger.quantity[sid]);
      realizedAfter.push(ledger.realizedBySid[sid]);
    });
    this.fillsToday += fills.length;
    ledger.markToMarket(engineBar.close);
    return fills;
  }

  /** Ends the session: DAY orders expire, positions due for auto-close are closed. */
  endSession(): SessionRecord {
    const expired = this.blotter.endSession();
    this.autoClose((asset) => asset.autoCloseDate <= this.session);
    return {
      session: this.session,
      pnl: this.ledger.sessionPnl(),
      netLiquidation: this.ledger.netLiquidation(),
      cash: this.ledger.cash,
      fills: this.fillsToday,
      expiredOrders: expired.length,
    };
  }

  private autoClose(due: (asset: Asset) => boolean): void {
    const ledger = this.ledger;
    for (const asset of this.assets.all()) {
      if (!due(asset)) continue;
      this.blotter.cancelAll(asset.sid, `${asset.symbol} stopped trading (auto-close date passed)`);
      const q = ledger.quantity[asset.sid];
      if (q !== 0 && q !== undefined) {
        const price = ledger.lastPrice[asset.sid];
        ledger.applyFill(asset.sid, -q, price === price ? price : ledger.averageCost(asset.sid), 0);
      }
    }
  }

  /** Schedules a cash dividend. */
  declareDividend(event: DividendEvent): void {
    new ModelConstant(event.amount, `dividend amount of ${event.asset.symbol}`);
    this.dividends.push({ ...event, asset: this.asset(event.asset) });
  }

  /** Schedules a split. */
  declareSplit(event: SplitEvent): void {
    this.splits.push({ ...event, asset: this.asset(event.asset) });
  }

  /** Places two orders where the first to fill cancels the other. */
  orderOco(first: OcoLeg, second: OcoLeg): [OrderRecord, OrderRecord] {
    const a = this.prepare(first.asset, first.amount, first.options ?? {});
    const b = this.prepare(second.asset, second.amount, second.options ?? {});
    this.ordersToday += 2;
    return this.blotter.placeOco(a, b);
  }

  /** Places a bracket: an entry order with a take-profit limit and a stop-loss stop. */
  orderBracket(
    asset: Asset | string,
    amount: number | string,
    exits: BracketExits,
    options: OrderOptions = {},
  ): OrderRecord {
    const request = this.prepare(asset, amount, options);
    this.ordersToday++;
    return this.blotter.placeBracket(request, exits);
  }

  /** Cancels a live order; false if it was not live. */
  cancel(order: OrderRecord | number): boolean {
    return this.blotter.cancel(
      typeof order === 'number' ? order : order.id,
      'cancelled by the algorithm',
    );
  }

  private prepare(asset: Asset | string, amount: number | string, options: OrderOptions) {
    const found = this.tradableAsset(asset);
    const quantity = orderQuantity(this.numeric, this.assets.config, found, amount);
    const session = this.currentSession();
    if (Number.isFinite(session) && !isTrading(found, session)) {
      throw new OrderError(
        `${found.symbol} does not trade on ${new Date(session).toISOString().slice(0, 10)}.`,
      );
    }
    this.checkControls(found, quantity, options);
    return { asset: found, quantity, style: options.style, timeInForce: options.timeInForce };
  }

  protected submit(asset: Asset, quantity: number, options: OrderOptions): OrderRecord {
    const request = { asset, quantity, style: options.style, timeInForce: options.timeInForce };
    const session = this.currentSession();
    if (Number.isFinite(session) && !isTrading(asset, session)) {
      const when = session < asset.startDate ? 'has not started trading' : 'has stopped trading';
      return this.blotter.reject(
        request,
        `${asset.symbol} ${when} on ${new Date(session).toISOString().slice(0, 10)}`,
      );
    }
    this.checkControls(asset, quantity, options);
    this.ordersToday++;
    return this.blotter.place(request);
  }

  private checkControls(asset: Asset, quantity: number, options: OrderOptions): void {
    const style = options.style;
    const limitPrice =
      style !== undefined && 'limitPrice' in style
        ? this.numeric.fromInput(style.limitPrice, asset.priceScale, 6)
        : Number.NaN;
    this.controls.check(
      {
        asset,
        quantity,
        price: limitPrice === limitPrice ? limitPrice : this.ledger.lastPrice[asset.sid],
        openQuantity: this.blotter.openQuantity(asset.sid),
        ordersToday: this.ordersToday,
        timestamp: this.blotter.now,
      },
      this.ledger,
    );
  }

  private currentSession(): number {
    return this.session === this.session ? this.session : sessionOf(this.blotter.now);
  }

  protected heldAndOpen(asset: Asset): number {
    return this.ledger.quantity[asset.sid] + this.blotter.openQuantity(asset.sid);
  }

  protected lastPriceOf(asset: Asset): number {
    return this.ledger.lastPrice[asset.sid];
  }

  protected netLiquidationValue(): number {
    return this.ledger.netLiquidation();
  }

  protected moneyScaleOf(): number {
    return this.ledger.moneyScale;
  }
}

import type { Asset, AssetFinder } from '../../assets/index.js';
import { nearSymbols } from '../../assets/symbol-suggestions.js';
import { ConfigError, DataError, OrderError } from '../../errors/index.js';
import { IndicatorBatch } from '../../indicators/batch.js';
import type { DeclaredIndicator } from '../../indicators/declared.js';
import type { IndicatorSpec } from '../../indicators/spec.js';
import type { Broker } from '../broker/broker.js';
import type { ModelChoice } from '../simulated-account.js';
import type { CommissionModel } from '../commission/index.js';
import type { TradingControlsOptions } from '../controls/index.js';
import type { Order } from '../orders/order.js';
import type { OrderStyleInput, TimeInForce } from '../orders/order-style.js';
import type { SlippageModel } from '../slippage/index.js';
import type { Account, Portfolio } from './portfolio.js';
import { dateRules, timeRules, type DateRule, type TimeRule } from './schedule-rules.js';
import type { BarData } from './bar-data.js';
import { PERFORMANCE_COLUMNS } from './results.js';
import type { StrategyParams } from './strategy-params.js';

/**
 * How an order executes: zipline's `limit_price` / `stop_price` shorthands, or
 * an explicit style (`limitOrder(...)`, `stopLimitOrder(...)`, `trailingStopPercentOrder(...)`).
 */
export interface OrderArgs {
  /** Limit price: a limit order (a stop-limit order with `stopPrice`). */
  limitPrice?: number | string;
  /** Stop price: a stop order (a stop-limit order with `limitPrice`). */
  stopPrice?: number | string;
  /** An explicit execution style, instead of `limitPrice`/`stopPrice`. */
  style?: OrderStyleInput;
  /** `gtc` (default) or `day`. */
  timeInForce?: TimeInForce;
}

/** A function run on a schedule, with its rules. */
export interface ScheduledFunction {
  /** The function, called with the context and the bar data. */
  fn: (ctx: AlgorithmContext, data: BarData) => void;
  /** Which sessions it runs on. */
  dateRule: DateRule;
  /** When in those sessions it runs. */
  timeRule: TimeRule;
}

/** What `initialize` chose, read by the run once it returns. */
export interface AlgorithmSettings {
  /** Set by `setCommission`. */
  commission?: ModelChoice<CommissionModel>;
  /** Set by `setSlippage`. */
  slippage?: ModelChoice<SlippageModel>;
  /** Set by `setBenchmark`. */
  benchmark?: Asset;
  /** Set by the trading-control methods (`setMaxLeverage`, `setLongOnly`, ...). */
  controls: TradingControlsOptions;
}

/**
 * zipline's `context`: the strategy's handle on the backtest. Ordering,
 * scheduling and recording go through it, and it carries free-form user state
 * in `state` (or any property the strategy sets on it).
 */
export class AlgorithmContext {
  /** Free-form state for the strategy's own use. */
  readonly state: Record<string, unknown> = {};
  /** The run's parameters (`RunOptions.params`), frozen: what a sweep varies. */
  readonly params: StrategyParams;
  /** Indicators declared with `indicator()`, updated once per bar for all their assets. */
  readonly indicators: IndicatorBatch;
  /** Settings chosen in `initialize` (models, benchmark, controls). */
  readonly settings: AlgorithmSettings = { controls: {} };
  /** Functions scheduled with `scheduleFunction`. */
  readonly scheduled: ScheduledFunction[] = [];
  /** How many indicators `indicator()` declared. */
  declaredIndicators = 0;
  /** Values recorded in the current session, by name. */
  readonly recorded = new Map<string, number>();
  [key: string]: unknown;
  private readonly assets: AssetFinder;
  private brokerRef: Broker | undefined;
  private portfolioCache: Portfolio | undefined;
  private readonly startingCash: number;
  private readonly dataOrigin: string | undefined;

  /**
   * @param assets - the assets of the backtest's data
   * @param startingCash - capital base, for `portfolio` before the first bar
   * @param dataOrigin - where the data came from (e.g. `bundle demo (version ...)`), for error messages
   * @param params - the run's parameters, checked and frozen (`checkParams`)
   */
  constructor(
    assets: AssetFinder,
    startingCash: number,
    dataOrigin?: string,
    params: StrategyParams = Object.freeze({}),
  ) {
    this.params = params;
    this.assets = assets;
    this.startingCash = startingCash;
    this.dataOrigin = dataOrigin;
    this.indicators = new IndicatorBatch(assets.count);
  }

  /** Forgets the cached portfolio snapshot: the run calls it whenever the book may have changed (every bar). */
  invalidate(): void {
    this.portfolioCache = undefined;
  }

  /** Connects the broker once `initialize` has returned (orders are refused before). */
  attachBroker(broker: Broker): void {
    this.brokerRef = broker;
  }

  private get broker(): Broker {
    if (this.brokerRef === undefined) {
      throw new OrderError(
        'Orders cannot be placed in initialize(); place them in handleData or a scheduled function.',
      );
    }
    return this.brokerRef;
  }

  /**
   * The asset trading under `symbol` in this backtest's data.
   *
   * @throws DataError naming the symbol and the symbols available.
   */
  symbol(symbol: string): Asset {
    const asset = this.assets.lookup(symbol);
    if (asset === undefined) {
      const known = this.assets.all().map((a) => a.symbol);
      const shown = known.length > 12 ? `${known.slice(0, 12).join(', ')}, ...` : known.join(', ');
      const origin = this.dataOrigin === undefined ? '' : ` in ${this.dataOrigin}`;
      const near = nearSymbols(symbol, known);
      const hint = near.length === 0 ? '' : ` (did you mean ${near.join(' or ')}?)`;
      throw new DataError(
        `Unknown symbol ${JSON.stringify(symbol)}${hint}${origin}; the data has ${shown}.`,
      );
    }
    return asset;
  }

  /** Every asset of the backtest's data, in sid order. */
  allAssets(): Asset[] {
    return [...this.assets.all()];
  }

  /** Several assets by symbol, in order. */
  symbols(...symbols: string[]): Asset[] {
    return symbols.map((symbol) => this.symbol(symbol));
  }

  /**
   * The asset with sid `sid`.
   *
   * @throws DataError when there is none.
   */
  sid(sid: number): Asset {
    const asset = this.assets.retrieve(sid);
    if (asset === undefined)
      throw new DataError(`No asset has sid ${sid}; sids run from 0 to ${this.assets.count - 1}.`);
    return asset;
  }

  /** Orders `amount` units (signed); returns the order, or undefined when it rounds to nothing. */
  order(asset: Asset, amount: number | string, args?: OrderArgs): Order | undefined {
    if (Number(amount) === 0) return undefined;
    return this.broker.order(asset, amount, orderOptions(args));
  }

  /** Orders the quantity worth `value` in the account currency (signed), at the last price. */
  orderValue(asset: Asset, value: number | string, args?: OrderArgs): Order | undefined {
    return this.broker.orderValue(asset, value, orderOptions(args));
  }

  /** Orders `fraction` of the portfolio value's worth (0.1 = 10 %). */
  orderPercent(asset: Asset, fraction: number | string, args?: OrderArgs): Order | undefined {
    return this.broker.orderPercent(asset, fraction, orderOptions(args));
  }

  /** Orders what it takes to hold `target` units, counting open orders. */
  orderTarget(asset: Asset, target: number | string, args?: OrderArgs): Order | undefined {
    return this.broker.orderTarget(asset, target, orderOptions(args));
  }

  /** Orders what it takes to hold `value` worth of the asset at the last price. */
  orderTargetValue(asset: Asset, value: number | string, args?: OrderArgs): Order | undefined {
    return this.broker.orderTargetValue(asset, value, orderOptions(args));
  }

  /** Orders what it takes to hold `fraction` of the portfolio value in the asset. */
  orderTargetPercent(asset: Asset, fraction: number | string, args?: OrderArgs): Order | undefined {
    return this.broker.orderTargetPercent(asset, fraction, orderOptions(args));
  }

  /** Cancels an open order (by order or id); false when it was not open. */
  cancelOrder(order: Order | number): boolean {
    return this.broker.cancel(order);
  }

  /** Open orders, of one asset or of all. */
  getOpenOrders(asset?: Asset): Order[] {
    return this.brokerRef === undefined ? [] : this.brokerRef.openOrders(asset);
  }

  /** An order by id, in whatever state it is. */
  getOrder(id: number): Order | undefined {
    return this.brokerRef?.getOrder(id);
  }

  /**
   * Runs `fn(ctx, data)` on the sessions `dateRule` picks, at the time
   * `timeRule` picks (in daily runs: on the session's bar). Defaults: every
   * day, one minute after the open. Call it in `initialize`.
   */
  scheduleFunction(
    fn: (ctx: AlgorithmContext, data: BarData) => void,
    dateRule: DateRule = dateRules.everyDay(),
    timeRule: TimeRule = timeRules.marketOpen(),
  ): void {
    if (typeof fn !== 'function') throw new TypeError('scheduleFunction: fn must be a function');
    this.scheduled.push({ fn, dateRule, timeRule });
  }

  /**
   * Records named values for the current session (the last value of a session is kept).
   *
   * @throws ConfigError for a name of a built-in performance column (`cash`, `returns`, ...).
   */
  record(values: Record<string, number>): void {
    for (const [name, value] of Object.entries(values)) {
      if ((PERFORMANCE_COLUMNS as readonly string[]).includes(name)) {
        throw new ConfigError(
          `record: ${JSON.stringify(name)} is a built-in column of the results (${PERFORMANCE_COLUMNS.join(', ')}); record it under another name, e.g. { my${name[0].toUpperCase()}${name.slice(1)}: ... }.`,
        );
      }
      if (typeof value !== 'number') {
        throw new TypeError(`record: ${name} must be a number, got ${typeof value}`);
      }
      this.recorded.set(name, value);
    }
  }

  /**
   * Declares an indicator for `assets`, updated by the engine once per bar for
   * all of them before `handleData`; read it with `ctx.indicators.current(name, asset.sid)`
   * or through the returned handle. Call it in `initialize`.
   */
  indicator<O extends string>(
    name: string,
    spec: IndicatorSpec<O>,
    assets: readonly Asset[],
    options?: { history?: number },
  ): DeclaredIndicator<O> {
    const declared = this.indicators.declare(
      name,
      spec,
      assets.map((asset) => asset.sid),
      options,
    );
    this.declaredIndicators++;
    return declared;
  }

  /** Sets the commission model, for every asset or per asset class. Call it in `initialize`. */
  setCommission(model: ModelChoice<CommissionModel>): void {
    this.beforeTrading('setCommission');
    this.settings.commission = model;
  }

  /** Sets the slippage model, for every asset or per asset class. Call it in `initialize`. */
  setSlippage(model: ModelChoice<SlippageModel>): void {
    this.beforeTrading('setSlippage');
    this.settings.slippage = model;
  }

  /** Sets the asset whose returns are the benchmark. Call it in `initialize`. */
  setBenchmark(asset: Asset): void {
    this.beforeTrading('setBenchmark');
    this.settings.benchmark = asset;
  }

  /** Trading control: largest gross leverage an order may lead to. */
  setMaxLeverage(maxLeverage: number): void {
    this.control({ maxLeverage });
  }

  /** Trading control: no order may leave a short position. */
  setLongOnly(): void {
    this.control({ longOnly: true });
  }

  /** Trading control: per-order size limit (shares and/or value). */
  setMaxOrderSize(limit: TradingControlsOptions['maxOrderSize']): void {
    this.control({ maxOrderSize: limit });
  }

  /** Trading control: per-position size limit (shares and/or value). */
  setMaxPositionSize(limit: TradingControlsOptions['maxPositionSize']): void {
    this.control({ maxPositionSize: limit });
  }

  /** Trading control: most orders per session. */
  setMaxOrderCount(maxOrdersPerDay: number): void {
    this.control({ maxOrdersPerDay });
  }

  /** Trading control: assets that may not be ordered. */
  setDoNotOrderList(assets: readonly (Asset | string)[]): void {
    this.control({ doNotOrder: assets.map((a) => (typeof a === 'string' ? a : a.symbol)) });
  }

  /** What a control violation does: `raise` (default) or `log` and let the order through. */
  setControlViolation(onViolation: 'raise' | 'log'): void {
    this.control({ onViolation });
  }

  /** The portfolio now, in JS numbers (and exact text under `exact`), read from the account when read. */
  get portfolio(): Portfolio {
    if (this.brokerRef === undefined) {
      const cash = this.startingCash;
      const text = String(cash);
      return {
        startingCash: cash,
        cash,
        positionsValue: 0,
        portfolioValue: cash,
        pnl: 0,
        returns: 0,
        positions: new Map(),
        exact: { cash: text, positionsValue: '0', portfolioValue: text, pnl: '0' },
      };
    }
    // Positions only change when a bar is processed, so one view serves the whole bar.
    this.portfolioCache ??= this.brokerRef.portfolio();
    return this.portfolioCache;
  }

  /** Leverage and exposure now. */
  get account(): Account {
    if (this.brokerRef === undefined) {
      return { leverage: 0, netLeverage: 0, grossExposure: 0, netExposure: 0 };
    }
    return this.brokerRef.account();
  }

  private control(options: TradingControlsOptions): void {
    this.beforeTrading('trading controls');
    Object.assign(this.settings.controls, options);
  }

  private beforeTrading(what: string): void {
    if (this.brokerRef !== undefined) {
      throw new OrderError(`${what} must be called in initialize(), before trading starts.`);
    }
  }
}

function orderOptions(args: OrderArgs | undefined): {
  style?: OrderStyleInput;
  timeInForce?: TimeInForce;
} {
  if (args === undefined) return {};
  const { limitPrice, stopPrice, style, timeInForce } = args;
  if (style !== undefined && (limitPrice !== undefined || stopPrice !== undefined)) {
    throw new OrderError('Give either style or limitPrice/stopPrice, not both.');
  }
  let resolved = style;
  if (limitPrice !== undefined && stopPrice !== undefined) {
    resolved = { type: 'stopLimit', stopPrice, limitPrice };
  } else if (limitPrice !== undefined) {
    resolved = { type: 'limit', limitPrice };
  } else if (stopPrice !== undefined) {
    resolved = { type: 'stop', stopPrice };
  }
  return { style: resolved, timeInForce };
}

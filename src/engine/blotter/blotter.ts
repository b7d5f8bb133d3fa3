import type { Asset } from '../../assets/asset.js';
import type { AssetFinder } from '../../assets/asset-finder.js';
import { ConfigError, OrderError } from '../../errors/index.js';
import { currencyScale } from '../../numeric/decimal-config.js';
import type { Money, Numeric, Price, Quantity } from '../../numeric/numeric.js';
import { roundingCode, type RoundingCode } from '../../numeric/unit-arithmetic.js';
import type { CommissionModel } from '../commission/commission-model.js';
import { ModelConstant } from '../model-constant.js';
import type { Fill } from '../orders/fill.js';
import { isLive, type OrderRecord } from '../orders/order-record.js';
import type { OrderStyleInput, TimeInForce } from '../orders/order-style.js';
import type { SlippageModel } from '../slippage/slippage-model.js';
import type { EngineBar } from './bar-input.js';
import { executionPrice, type FillReference } from './fill-rules.js';
import { LiveOrder } from './live-order.js';

const UP: RoundingCode = 0;
const DOWN: RoundingCode = 1;
const CEILING: RoundingCode = 2;
const FLOOR: RoundingCode = 3;

/** How a Blotter is set up. */
export interface BlotterOptions {
  numeric: Numeric;
  assets: AssetFinder;
  /** Account currency (for the money scale of notionals and commissions). */
  currency: string;
  /** Price a marketable order fills at on the next bar: `open` (default) or `close`. */
  fillReference?: FillReference;
  /** The slippage model of an asset. */
  slippageFor: (asset: Asset) => SlippageModel;
  /** The commission model of an asset. */
  commissionFor: (asset: Asset) => CommissionModel;
  /**
   * The ledger's `moneyFactor`: commissions are computed in whole currency
   * units and multiplied by it into the ledger's accounting scale (default 1).
   */
  moneyFactor?: number;
}

/** One order as placed by the engine: asset, signed engine quantity, style, time in force. */
export interface OrderRequest {
  asset: Asset;
  /** Signed engine quantity, already on the lot size (see `orderQuantity`). */
  quantity: number;
  style?: OrderStyleInput;
  timeInForce?: TimeInForce;
}

/** Bracket exits: a take-profit limit and a stop-loss stop on the exit side. */
export interface BracketExits {
  takeProfit: string | number;
  stopLoss: string | number;
}

/**
 * The order book of a simulation (zipline's Blotter): places, cancels and
 * fills orders bar by bar for all assets. An order placed while the clock is
 * at bar t fills on a bar stamped after t, never on t itself.
 */
export class Blotter {
  readonly numeric: Numeric;
  readonly assets: AssetFinder;
  readonly fillReference: FillReference;
  /** Clock: start of the bar being processed (epoch ms); orders placed now fill on later bars. */
  now = Number.NEGATIVE_INFINITY;
  private readonly orders: LiveOrder[] = [];
  private live: LiveOrder[] = [];
  private readonly slippageFor: (asset: Asset) => SlippageModel;
  private readonly commissionFor: (asset: Asset) => CommissionModel;
  private readonly moneyScale: number;
  private readonly moneyFactor: number;
  private readonly slippageMode: RoundingCode;
  private readonly commissionMode: RoundingCode;
  private readonly notionalMode: RoundingCode;
  private readonly priceMode: RoundingCode;
  private readonly volumeLimits = new Map<string, ModelConstant>();
  private volumeUsed = new Float64Array(0);
  private lastClose = new Float64Array(0);
  private openBySid = new Float64Array(0);
  private liveBySid = new Int32Array(0);

  /** @param options - arithmetic, assets, currency, fill reference and models */
  constructor(options: BlotterOptions) {
    this.numeric = options.numeric;
    this.assets = options.assets;
    const reference = options.fillReference ?? 'open';
    if (reference !== 'open' && reference !== 'close') {
      throw new ConfigError(
        `fillReference must be "open" or "close", got ${JSON.stringify(reference)}.`,
      );
    }
    this.fillReference = reference;
    this.slippageFor = options.slippageFor;
    this.commissionFor = options.commissionFor;
    const config = options.assets.config;
    this.moneyScale = currencyScale(config, options.currency);
    this.moneyFactor = options.moneyFactor ?? 1;
    this.slippageMode = roundingCode(config.roundingPoints.slippagePrice);
    this.commissionMode = roundingCode(config.roundingPoints.commission);
    this.notionalMode = roundingCode(config.roundingPoints.notional);
    this.priceMode = roundingCode(config.rounding);
  }

  /** The order with `id`, or undefined. */
  get(id: number): OrderRecord | undefined {
    return this.orders[id - 1];
  }

  /** Orders that can still fill, in placement order (optionally for one asset). */
  openOrders(asset?: Asset): OrderRecord[] {
    return this.live.filter((o) => isLive(o) && (asset === undefined || o.asset === asset));
  }

  /** Every order ever placed, in id order. */
  allOrders(): readonly OrderRecord[] {
    return this.orders;
  }

  /** Signed quantity still to fill over all live orders of `sid`. */
  openQuantity(sid: number): number {
    return sid < this.openBySid.length ? this.openBySid[sid] : 0;
  }

  /** Adds `delta` to the open quantity of `sid`; `orders` is the change in its live order count. */
  private track(sid: number, delta: number, orders: number): void {
    if (sid >= this.openBySid.length) {
      const size = Math.max(this.assets.count, sid + 1, this.openBySid.length * 2);
      const open = new Float64Array(size);
      open.set(this.openBySid);
      this.openBySid = open;
      const count = new Int32Array(size);
      count.set(this.liveBySid);
      this.liveBySid = count;
    }
    this.liveBySid[sid] += orders;
    // With no live order left the sum is exactly zero, whatever float rounding said.
    this.openBySid[sid] = this.liveBySid[sid] === 0 ? 0 : this.openBySid[sid] + delta;
  }

  /** Recomputes the open quantity of `sid` from its live orders (after quantities were rescaled). */
  private recount(sid: number): void {
    let total = 0;
    for (const o of this.live) if (o.asset.sid === sid && isLive(o)) total += o.remaining;
    this.track(sid, 0, 0);
    this.openBySid[sid] = total;
  }

  /**
   * Places an order and returns it (status `open`).
   *
   * @throws OrderError when a price is NaN, infinite, not positive or not a
   *   decimal number, or the quantity is zero or not finite.
   */
  place(request: OrderRequest): OrderRecord {
    return this.create(request, undefined);
  }

  /** Records an order that is refused (status `rejected`) with `reason`, without placing it. */
  reject(request: OrderRequest, reason: string): OrderRecord {
    const order = this.create({ ...request, style: { type: 'market' } }, undefined);
    this.finish(order, 'rejected', reason);
    return order;
  }

  /** Places two orders where the first to fill cancels the other (one-cancels-other). */
  placeOco(first: OrderRequest, second: OrderRequest): [OrderRecord, OrderRecord] {
    const a = this.create(first, undefined);
    const b = this.create(second, undefined);
    a.ocoWith.push(b.id);
    b.ocoWith.push(a.id);
    return [a, b];
  }

  /**
   * Places a bracket: the entry order, and on each of its fills a
   * take-profit limit and a stop-loss stop for the filled quantity on the
   * exit side, one-cancels-other. The legs are placed at the bar of the
   * entry fill, so they can fill from the next bar on.
   */
  placeBracket(entry: OrderRequest, exits: BracketExits): OrderRecord {
    const side = entry.quantity > 0 ? 1 : -1;
    const takeProfit = this.price(
      entry.asset,
      exits.takeProfit,
      'takeProfit',
      side > 0 ? CEILING : FLOOR,
    );
    const stopLoss = this.price(
      entry.asset,
      exits.stopLoss,
      'stopLoss',
      side > 0 ? FLOOR : CEILING,
    );
    if (side > 0 ? !(takeProfit > stopLoss) : !(takeProfit < stopLoss)) {
      throw new OrderError(
        `Bracket for ${entry.asset.symbol}: the take-profit must be ${side > 0 ? 'above' : 'below'} the stop-loss.`,
      );
    }
    const order = this.create(entry, undefined);
    order.bracket = { takeProfit, stopLoss };
    return order;
  }

  /** Cancels a live order (and a bracket's legs not yet placed). Returns false when it was not live. */
  cancel(id: number, reason = 'cancelled'): boolean {
    const order = this.orders[id - 1];
    if (order === undefined || !isLive(order)) return false;
    this.finish(order, 'cancelled', reason);
    return true;
  }

  /** Cancels every live order of `sid` with `reason`; returns how many. */
  cancelAll(sid: number, reason: string): number {
    let n = 0;
    for (const o of this.live) if (o.asset.sid === sid && this.cancel(o.id, reason)) n++;
    return n;
  }

  /** Ends a session: DAY orders that were live for at least one bar expire. */
  endSession(): OrderRecord[] {
    const expired: OrderRecord[] = [];
    for (const o of this.live) {
      if (o.timeInForce === 'day' && o.barsSeen > 0 && isLive(o)) {
        this.finish(o, 'cancelled', 'DAY order expired at the end of the session');
        expired.push(o);
      }
    }
    this.compact();
    return expired;
  }

  /**
   * Adjusts live orders of `sid` for a split of `numerator` new per
   * `denominator` old: quantities × ratio (toward zero, on the lot size),
   * prices ÷ ratio.
   */
  adjustForSplit(sid: number, numerator: number, denominator: number): void {
    const num = this.numeric;
    for (const o of this.live) {
      if (o.asset.sid !== sid || !isLive(o)) continue;
      const lot = num.fromUnits(o.asset.lotUnits, o.asset.quantityScale);
      const scaleQ = (q: number): number =>
        num.roundToStep(num.mulDiv(q, numerator, denominator * lot, 0, DOWN), 1, DOWN) * lot;
      o.quantity = scaleQ(o.quantity) as Quantity;
      o.filled = scaleQ(o.filled) as Quantity;
      const scaleP = (p: number): number =>
        p === p ? num.mulDiv(p, denominator, numerator, 0, this.priceMode) : p;
      o.limitPrice = scaleP(o.limitPrice) as Price;
      o.stopPrice = scaleP(o.stopPrice) as Price;
      o.extreme = scaleP(o.extreme);
      if (o.trail === o.trail) o.trail = scaleP(o.trail);
      if (o.quantity === o.filled)
        this.finish(o, 'cancelled', 'split left less than one lot to fill');
    }
    this.recount(sid);
  }

  /**
   * Fills live orders against `bar` (engine representation) for all assets,
   * in placement order, and returns the fills; `onFill` sees each fill
   * before the next order is processed (the ledger books it there).
   */
  process(bar: EngineBar, onFill?: (fill: Fill) => void): Fill[] {
    const n = this.assets.count;
    if (this.volumeUsed.length < n) {
      this.volumeUsed = new Float64Array(n);
      const closes = new Float64Array(n).fill(Number.NaN);
      closes.set(this.lastClose);
      this.lastClose = closes;
    } else {
      this.volumeUsed.fill(0);
    }
    const fills: Fill[] = [];
    const t = bar.timestamp;
    for (let i = 0; i < this.live.length; i++) {
      const order = this.live[i];
      if (!isLive(order) || order.placedAt >= t) continue;
      const fill = this.tryFill(order, bar);
      if (fill === undefined) continue;
      fills.push(fill);
      onFill?.(fill);
      for (const id of order.ocoWith)
        this.cancel(id, `one-cancels-other: order ${order.id} filled`);
      if (order.bracket !== undefined) this.growBracket(order, fill.quantity, t);
    }
    for (let sid = 0; sid < n; sid++) {
      const c = bar.close[sid];
      if (c === c && bar.open[sid] === bar.open[sid]) this.lastClose[sid] = c;
    }
    this.compact();
    return fills;
  }

  private tryFill(order: LiveOrder, bar: EngineBar): Fill | undefined {
    const sid = order.asset.sid;
    const open = bar.open[sid];
    if (open !== open) return undefined;
    order.barsSeen++;
    const high = bar.high[sid];
    const low = bar.low[sid];
    const reference = this.fillReference === 'open' ? open : bar.close[sid];
    const side = order.side;
    let price: number;
    let limitFill = false;
    switch (order.type) {
      case 'market':
        price = reference;
        break;
      case 'limit':
        price = executionPrice(
          'limit',
          side,
          order.limitPrice,
          reference,
          high,
          low,
          this.fillReference,
        );
        limitFill = true;
        break;
      case 'stop':
        price = executionPrice(
          'stop',
          side,
          order.stopPrice,
          reference,
          high,
          low,
          this.fillReference,
        );
        break;
      case 'stopLimit':
        if (order.triggered) {
          price = executionPrice(
            'limit',
            side,
            order.limitPrice,
            reference,
            high,
            low,
            this.fillReference,
          );
          limitFill = true;
        } else {
          const trigger = executionPrice(
            'stop',
            side,
            order.stopPrice,
            reference,
            high,
            low,
            this.fillReference,
          );
          if (trigger !== trigger) return undefined;
          order.triggered = true;
          // Fills now only if the trigger price honours the limit; otherwise it rests as a limit from the next bar.
          price = (side > 0 ? trigger <= order.limitPrice : trigger >= order.limitPrice)
            ? trigger
            : Number.NaN;
        }
        break;
      default:
        price = this.trailingPrice(order, reference, high, low);
    }
    if (price !== price) return undefined;
    const slippage = this.slippageFor(order.asset);
    const volume = bar.volume[sid];
    let quantity = order.remaining;
    const available = this.available(order.asset, slippage, volume);
    if (available !== undefined) {
      if (available <= 0) return undefined;
      if ((quantity < 0 ? -quantity : quantity) > available) quantity = side * available;
    }
    const num = this.numeric;
    let fillPrice = slippage.price({
      numeric: num,
      asset: order.asset,
      price,
      quantity,
      volume,
      mode: this.slippageMode,
    });
    if (!Number.isFinite(fillPrice)) {
      throw new OrderError(
        `Slippage model ${slippage.name} returned a non-finite price for ${order.asset.symbol}.`,
      );
    }
    // Never outside the bar's range, never beyond a limit.
    if (fillPrice > high) fillPrice = high;
    if (fillPrice < low) fillPrice = low;
    if (limitFill || order.type === 'stopLimit') {
      if (side > 0 && fillPrice > order.limitPrice) fillPrice = order.limitPrice;
      if (side < 0 && fillPrice < order.limitPrice) fillPrice = order.limitPrice;
    }
    const asset = order.asset;
    const absQuantity = quantity < 0 ? -quantity : quantity;
    const notional = num.mulShift(
      fillPrice,
      absQuantity,
      asset.priceScale + asset.quantityScale - this.moneyScale,
      this.notionalMode,
    );
    const maker = limitFill && price !== reference;
    const model = this.commissionFor(asset);
    const filledBefore = Math.abs(order.filled);
    const charged = model.commission({
      numeric: num,
      asset,
      moneyScale: this.moneyScale,
      orderId: order.id,
      quantity,
      price: fillPrice,
      notional,
      filledBefore,
      chargedBefore: order.commission / this.moneyFactor,
      maker,
      timestamp: bar.timestamp,
      mode: this.commissionMode,
    });
    const commission = charged * this.moneyFactor;
    if (!(charged >= 0) || !Number.isFinite(charged)) {
      throw new OrderError(
        `Commission model ${model.name} returned ${charged} for ${asset.symbol}; it must be a finite amount >= 0.`,
      );
    }
    order.filled = (order.filled + quantity) as Quantity;
    this.track(sid, -quantity, order.filled === order.quantity ? -1 : 0);
    order.commission = (order.commission + commission) as Money;
    order.status = order.filled === order.quantity ? 'filled' : 'partiallyFilled';
    this.volumeUsed[sid] += absQuantity;
    return Object.freeze({
      orderId: order.id,
      asset,
      quantity: quantity as Quantity,
      price: fillPrice as Price,
      commission: commission as Money,
      timestamp: bar.timestamp,
      maker,
    });
  }

  private trailingPrice(order: LiveOrder, reference: number, high: number, low: number): number {
    const num = this.numeric;
    const side = order.side;
    if (order.extreme !== order.extreme) {
      const last = this.lastClose[order.asset.sid];
      order.extreme = last === last ? last : reference;
    }
    const level =
      order.trailPercent !== undefined
        ? num.mulShift(
            order.extreme,
            order.trailPercent.value,
            order.trailPercent.scale,
            side > 0 ? CEILING : FLOOR,
          )
        : side > 0
          ? order.extreme + order.trail
          : order.extreme - order.trail;
    order.stopPrice = level as Price;
    const price = executionPrice('stop', side, level, reference, high, low, this.fillReference);
    // The best price of this bar moves the stop for the next bar.
    if (side < 0 && high > order.extreme) order.extreme = high;
    if (side > 0 && low < order.extreme) order.extreme = low;
    return price;
  }

  private available(asset: Asset, model: SlippageModel, volume: number): number | undefined {
    const limitText = model.volumeLimit;
    if (limitText === undefined) return undefined;
    let constant = this.volumeLimits.get(limitText);
    if (constant === undefined) {
      constant = new ModelConstant(limitText, `${model.name} volumeLimit`);
      this.volumeLimits.set(limitText, constant);
    }
    const num = this.numeric;
    const rate = constant.rate(num);
    const lot = num.fromUnits(asset.lotUnits, asset.quantityScale);
    const cap = num.roundToStep(num.mulShift(volume, rate.value, rate.scale, DOWN), lot, DOWN);
    return cap - this.volumeUsed[asset.sid];
  }

  private growBracket(entry: LiveOrder, filled: number, t: number): void {
    const legs = entry.bracket;
    if (legs === undefined) return;
    const tp = legs.takeProfitId === undefined ? undefined : this.orders[legs.takeProfitId - 1];
    const sl = legs.stopLossId === undefined ? undefined : this.orders[legs.stopLossId - 1];
    if (tp === undefined || sl === undefined) {
      const make = (type: 'limit' | 'stop', price: number): LiveOrder =>
        this.push(
          entry.asset,
          -filled,
          type,
          type === 'limit' ? price : Number.NaN,
          type === 'stop' ? price : Number.NaN,
          Number.NaN,
          undefined,
          'gtc',
          t,
          entry.id,
        );
      const takeProfit = make('limit', legs.takeProfit);
      const stopLoss = make('stop', legs.stopLoss);
      takeProfit.ocoWith.push(stopLoss.id);
      stopLoss.ocoWith.push(takeProfit.id);
      legs.takeProfitId = takeProfit.id;
      legs.stopLossId = stopLoss.id;
    } else if (isLive(tp) && isLive(sl) && tp.filled === 0 && sl.filled === 0) {
      tp.quantity = (tp.quantity - filled) as Quantity;
      sl.quantity = (sl.quantity - filled) as Quantity;
      this.recount(entry.asset.sid);
    }
  }

  private create(request: OrderRequest, parentId: number | undefined): LiveOrder {
    const { asset, quantity } = request;
    if (this.assets.retrieve(asset.sid) !== asset) {
      throw new OrderError(
        `Unknown asset ${asset.symbol}: register it with the AssetFinder first.`,
      );
    }
    if (!Number.isFinite(quantity) || quantity === 0) {
      throw new OrderError(
        `Order for ${asset.symbol}: quantity ${quantity} must be a finite non-zero number.`,
      );
    }
    const tif = request.timeInForce ?? 'gtc';
    if (tif !== 'gtc' && tif !== 'day') {
      throw new OrderError(`timeInForce must be "gtc" or "day", got ${JSON.stringify(tif)}.`);
    }
    const style = request.style ?? { type: 'market' };
    const buy = quantity > 0;
    let limitPrice = Number.NaN;
    let stopPrice = Number.NaN;
    let trail = Number.NaN;
    let trailPercent: { value: number; scale: number } | undefined;
    switch (style.type) {
      case 'market':
        break;
      case 'limit':
        limitPrice = this.price(asset, style.limitPrice, 'limitPrice', buy ? FLOOR : CEILING);
        break;
      case 'stop':
        stopPrice = this.price(asset, style.stopPrice, 'stopPrice', buy ? CEILING : FLOOR);
        break;
      case 'stopLimit':
        stopPrice = this.price(asset, style.stopPrice, 'stopPrice', buy ? CEILING : FLOOR);
        limitPrice = this.price(asset, style.limitPrice, 'limitPrice', buy ? FLOOR : CEILING);
        break;
      case 'trailingStop':
        if ('trailPercent' in style) {
          let fraction: ModelConstant;
          try {
            fraction = new ModelConstant(style.trailPercent, 'trailPercent').shifted(
              -2,
              'trailPercent',
            );
          } catch (error) {
            throw new OrderError(
              `Trailing stop for ${asset.symbol}: trailPercent ${JSON.stringify(style.trailPercent)} must be a decimal number.`,
              { cause: error },
            );
          }
          if (!(Number(fraction.text) > 0 && Number(fraction.text) < 1)) {
            throw new OrderError(
              `Trailing stop for ${asset.symbol}: trailPercent must be between 0 and 100.`,
            );
          }
          trailPercent = fraction.onePlus(buy ? 1 : -1, 'trailPercent').rate(this.numeric);
        } else {
          trail = this.price(asset, style.trailAmount, 'trailAmount', UP);
        }
        break;
      default:
        throw new OrderError(
          `Unknown order type ${JSON.stringify((style as { type: unknown }).type)}.`,
        );
    }
    return this.push(
      asset,
      quantity,
      style.type,
      limitPrice,
      stopPrice,
      trail,
      trailPercent,
      tif,
      this.now,
      parentId,
    );
  }

  private push(
    asset: Asset,
    quantity: number,
    type: OrderStyleInput['type'],
    limitPrice: number,
    stopPrice: number,
    trail: number,
    trailPercent: { value: number; scale: number } | undefined,
    tif: TimeInForce,
    placedAt: number,
    parentId: number | undefined,
  ): LiveOrder {
    const order = new LiveOrder(
      this.orders.length + 1,
      asset,
      quantity as Quantity,
      type,
      limitPrice as Price,
      stopPrice as Price,
      trail,
      trailPercent,
      tif,
      placedAt,
      parentId,
    );
    this.orders.push(order);
    this.live.push(order);
    this.track(asset.sid, quantity, 1);
    return order;
  }

  /** A user price as an engine price on the tick size, rounded with `mode` (the conservative side). */
  private price(asset: Asset, value: string | number, what: string, mode: RoundingCode): number {
    const num = this.numeric;
    const units = num.fromInput(value, asset.priceScale, mode);
    if (!(units > 0) || !Number.isFinite(units)) {
      throw new OrderError(
        `Order for ${asset.symbol}: ${what} ${JSON.stringify(value)} must be a positive finite price.`,
      );
    }
    const tick = num.fromUnits(asset.tickUnits, asset.priceScale);
    const onTick = num.roundToStep(units, tick, mode);
    if (!(onTick > 0)) {
      throw new OrderError(
        `Order for ${asset.symbol}: ${what} ${JSON.stringify(value)} is below one tick (${asset.tickSize}).`,
      );
    }
    return num.check(onTick, what);
  }

  private finish(order: LiveOrder, status: 'cancelled' | 'rejected', reason: string): void {
    if (isLive(order)) this.track(order.asset.sid, -order.remaining, -1);
    order.status = status;
    order.reason = reason;
  }

  private compact(): void {
    if (this.live.some((o) => !isLive(o))) this.live = this.live.filter((o) => isLive(o));
  }
}

import type { Asset } from '../../assets/asset.js';
import type { AssetFinder } from '../../assets/asset-finder.js';
import { OrderError } from '../../errors/index.js';
import type { Numeric, Rate } from '../../numeric/numeric.js';
import type { OrderOptions } from '../broker/broker.js';
import { ModelConstant } from '../model-constant.js';
import { orderQuantity, quantityForValue } from './order-quantity.js';

/**
 * The order family of an engine core — `order`, `orderValue`, `orderPercent`,
 * `orderTarget`, `orderTargetValue`, `orderTargetPercent` — written once: the
 * input checked and sized into engine units from the account's state, then
 * handed to the core's `submit`. A core (the TypeScript `SimulatedAccount`,
 * the Rust core's facade) says how an order is placed and what the account
 * holds; `R` is what placing returns (an order record, or an order id).
 */
export abstract class OrderEntry<R> {
  abstract readonly numeric: Numeric;
  abstract readonly assets: AssetFinder;
  /** The fraction of the last percent order and its rate, read once for a run of equal fractions. */
  private lastFraction: number | string | undefined;
  private lastFractionRate: Rate | undefined;

  /** Resolves a symbol or asset to a registered asset. */
  asset(asset: Asset | string): Asset {
    const found =
      typeof asset === 'string' ? this.assets.lookup(asset) : this.assets.retrieve(asset.sid);
    if (found === undefined || (typeof asset !== 'string' && found !== asset)) {
      const name = typeof asset === 'string' ? asset : asset.symbol;
      throw new OrderError(
        `Unknown asset ${JSON.stringify(name)}: register it with the AssetFinder first.`,
      );
    }
    return found;
  }

  /** Resolves an order's asset and checks the account can book it. */
  protected abstract tradableAsset(asset: Asset | string): Asset;
  /** Places (or rejects) an order of `quantity` units. */
  protected abstract submit(asset: Asset, quantity: number, options: OrderOptions): R;
  /** Units held plus units of live orders, signed. */
  protected abstract heldAndOpen(asset: Asset): number;
  /** The asset's last price (engine units; not above 0 before its first bar). */
  protected abstract lastPriceOf(asset: Asset): number;
  /** Net liquidation value (money units). */
  protected abstract netLiquidationValue(): number;
  /** Decimal places of the account's money. */
  protected abstract moneyScaleOf(): number;

  /**
   * Orders `amount` (signed: positive buys, negative sells; number or decimal
   * text) of `asset`. Off-lot amounts are rounded toward zero or rejected
   * per DecimalConfig.
   *
   * @throws OrderError for malformed input; TradingControlError for a violated control in `raise` mode.
   */
  order(asset: Asset | string, amount: number | string, options: OrderOptions = {}): R {
    const found = this.tradableAsset(asset);
    const quantity = orderQuantity(this.numeric, this.assets.config, found, amount);
    return this.submit(found, quantity, options);
  }

  /** Orders the quantity worth `value` (account currency; signed) at the last price, rounded to lots toward zero. */
  orderValue(
    asset: Asset | string,
    value: number | string,
    options: OrderOptions = {},
  ): R | undefined {
    const found = this.tradableAsset(asset);
    return this.submitOrNone(found, this.quantityWorth(found, this.money(value)), options);
  }

  /** Orders `fraction` (e.g. 0.1 = 10%) of the account's net liquidation value. */
  orderPercent(
    asset: Asset | string,
    fraction: number | string,
    options: OrderOptions = {},
  ): R | undefined {
    const found = this.tradableAsset(asset);
    return this.submitOrNone(
      found,
      this.quantityWorth(found, this.fractionOfNav(fraction)),
      options,
    );
  }

  /** Orders what it takes to hold `target` units (counting open orders). */
  orderTarget(
    asset: Asset | string,
    target: number | string,
    options: OrderOptions = {},
  ): R | undefined {
    const found = this.tradableAsset(asset);
    const wanted =
      Number(target) === 0 ? 0 : orderQuantity(this.numeric, this.assets.config, found, target);
    return this.submitOrNone(found, wanted - this.heldAndOpen(found), options);
  }

  /** Orders what it takes to hold `value` worth of `asset` at the last price. */
  orderTargetValue(
    asset: Asset | string,
    value: number | string,
    options: OrderOptions = {},
  ): R | undefined {
    const found = this.tradableAsset(asset);
    const wanted = this.quantityWorth(found, this.money(value));
    return this.submitOrNone(found, wanted - this.heldAndOpen(found), options);
  }

  /** Orders what it takes to hold `fraction` of net liquidation value in `asset`. */
  orderTargetPercent(
    asset: Asset | string,
    fraction: number | string,
    options: OrderOptions = {},
  ): R | undefined {
    const found = this.tradableAsset(asset);
    const wanted = this.quantityWorth(found, this.fractionOfNav(fraction));
    return this.submitOrNone(found, wanted - this.heldAndOpen(found), options);
  }

  private submitOrNone(asset: Asset, quantity: number, options: OrderOptions): R | undefined {
    return quantity === 0 ? undefined : this.submit(asset, quantity, options);
  }

  /** Whole lots worth `money` (money units) at the last price. */
  private quantityWorth(asset: Asset, money: number): number {
    const price = this.lastPriceOf(asset);
    if (!(price > 0)) {
      throw new OrderError(
        `No price for ${asset.symbol} yet: value-based orders need a bar first; use order() with a quantity.`,
      );
    }
    return quantityForValue(
      this.numeric,
      this.assets.config,
      asset,
      money,
      price,
      this.moneyScaleOf(),
    );
  }

  private money(value: number | string): number {
    const money = this.numeric.fromInput(value, this.moneyScaleOf(), 6);
    if (!Number.isFinite(money)) {
      throw new OrderError(`Order value ${JSON.stringify(value)} is not a finite number.`);
    }
    return money;
  }

  private fractionOfNav(fraction: number | string): number {
    // Strategies order the same fraction again and again: its rate is read once.
    let rate = this.lastFraction === fraction ? this.lastFractionRate : undefined;
    if (rate === undefined) {
      let constant: ModelConstant;
      try {
        constant = new ModelConstant(fraction, 'fraction', Number.NEGATIVE_INFINITY);
      } catch (error) {
        throw new OrderError(`Order fraction ${JSON.stringify(fraction)} is not a finite number.`, {
          cause: error,
        });
      }
      rate = constant.rate(this.numeric);
      this.lastFraction = fraction;
      this.lastFractionRate = rate;
    }
    return this.numeric.mulShift(this.netLiquidationValue(), rate.value, rate.scale, 1);
  }
}

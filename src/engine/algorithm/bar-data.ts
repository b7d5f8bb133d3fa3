import type { Asset } from '../../assets/index.js';
import { checkField, type BarField } from '../../data/portal/bar-field.js';
import type { DataPortal } from '../../data/portal/data-portal.js';
import { DataError } from '../../errors/index.js';

/**
 * zipline's `data` object, handed to `handleData`, `beforeTradingStart` and
 * scheduled functions. Everything it returns is stamped at or before the
 * simulation clock. Prices are JS numbers (for signals); accounting uses the
 * exact values behind them.
 */
export class BarData {
  private readonly portal: DataPortal;

  /** @param portal - the bars, clocked by the algorithm; asset sid `s` is the store's column `s` */
  constructor(portal: DataPortal) {
    this.portal = portal;
  }

  /**
   * The value of `field` at the clock: one number for one asset, an array in
   * the order of `assets` for several. Forward-filled when the asset has no bar
   * now (see `isStale`); NaN before its first bar or before the first bar of the run.
   */
  current(asset: Asset, field: BarField): number;
  current(assets: readonly Asset[], field: BarField): number[];
  current(asset: Asset | readonly Asset[], field: BarField): number | number[] {
    if (isAssetList(asset)) return asset.map((one) => this.currentOf(one, field));
    return this.currentOf(asset, field);
  }

  /**
   * The last `barCount` values of `field` ending at the clock (inclusive), at
   * the run's frequency, split-adjusted as of the clock; NaN where the window
   * reaches before the data. One array for one asset; a map for several.
   * The array may be a view into shared storage: read it, do not keep or write it.
   */
  history(asset: Asset, field: BarField, barCount: number): Float64Array;
  history(assets: readonly Asset[], field: BarField, barCount: number): Map<Asset, Float64Array>;
  history(
    asset: Asset | readonly Asset[],
    field: BarField,
    barCount: number,
  ): Float64Array | Map<Asset, Float64Array> {
    if (isAssetList(asset)) {
      return new Map(asset.map((one) => [one, this.historyOf(one, field, barCount)]));
    }
    return this.historyOf(asset, field, barCount);
  }

  /** True when the asset printed a bar at the clock, so an order placed now can fill on the next bar. */
  canTrade(asset: Asset): boolean {
    return this.portal.clockIndex >= 0 && this.portal.canTrade(this.column(asset));
  }

  /** True when the asset has traded before but has no bar at the clock (its values are forward-filled). */
  isStale(asset: Asset): boolean {
    return this.portal.clockIndex >= 0 && this.portal.isStale(this.column(asset));
  }

  /** UTC epoch ms of the bar at the clock; NaN before the first bar. */
  get time(): number {
    return this.portal.clockIndex >= 0 ? this.portal.clockTime : NaN;
  }

  private currentOf(asset: Asset, field: BarField): number {
    checkField(field);
    if (this.portal.clockIndex < 0) return NaN;
    return this.portal.current(this.column(asset), field);
  }

  private historyOf(asset: Asset, field: BarField, barCount: number): Float64Array {
    checkField(field);
    if (this.portal.clockIndex < 0) return new Float64Array(barCount).fill(NaN);
    return this.portal.history(this.column(asset), field, barCount);
  }

  private column(asset: Asset): number {
    if (!(asset.sid >= 0 && asset.sid < this.portal.store.assetCount)) {
      throw new DataError(`${asset.symbol} has no bars in this backtest's data.`);
    }
    return asset.sid;
  }
}

function isAssetList(value: Asset | readonly Asset[]): value is readonly Asset[] {
  return Array.isArray(value);
}

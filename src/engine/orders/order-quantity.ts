import type { Asset } from '../../assets/asset.js';
import { OrderError } from '../../errors/index.js';
import type { DecimalConfig } from '../../numeric/decimal-config.js';
import type { Numeric } from '../../numeric/numeric.js';
import { roundingCode } from '../../numeric/unit-arithmetic.js';

/**
 * A user's order amount (signed number or decimal text) as an engine
 * quantity on the asset's lot size. Off-lot amounts are rounded toward zero
 * (the `lot` point) or rejected, per `config.offLotQuantity`.
 *
 * @throws OrderError for NaN, infinite, non-numeric or zero amounts, and
 *   amounts that round to zero lots or are off-lot under `reject`.
 */
export function orderQuantity(
  numeric: Numeric,
  config: DecimalConfig,
  asset: Asset,
  amount: number | string,
): number {
  // Written only when an order is refused: most orders never need it.
  const what = (): string =>
    `Order for ${asset.symbol}: amount ${typeof amount === 'number' ? String(amount) : JSON.stringify(amount)}`;
  if (typeof amount !== 'number' && typeof amount !== 'string') {
    throw new OrderError(`${what()} must be a number or decimal text.`);
  }
  const mode = roundingCode(config.roundingPoints.lot);
  const units = numeric.fromInput(amount, asset.quantityScale, mode);
  if (!Number.isFinite(units)) throw new OrderError(`${what()} is not a finite number.`);
  if (Number(amount) === 0) {
    throw new OrderError(
      `${what()} is zero; order a positive amount to buy or a negative one to sell.`,
    );
  }
  const lot = numeric.fromUnits(asset.lotUnits, asset.quantityScale);
  const onLot = numeric.roundToStep(units, lot, mode);
  if (onLot !== units || !numeric.fitsScale(amount, asset.quantityScale)) {
    if (config.offLotQuantity === 'reject') {
      throw new OrderError(
        `${what()} is not a multiple of the lot size ${asset.lotSize}; round it.`,
      );
    }
  }
  if (onLot === 0) {
    throw new OrderError(`${what()} is less than one lot (${asset.lotSize}).`);
  }
  return numeric.check(onLot, 'order quantity');
}

/**
 * The quantity that `value` (money at `moneyScale`, engine representation;
 * signed) buys at `price`, rounded to the lot size at the `orderQuantity`
 * point (toward zero by default). May be 0.
 */
export function quantityForValue(
  numeric: Numeric,
  config: DecimalConfig,
  asset: Asset,
  value: number,
  price: number,
  moneyScale: number,
): number {
  const mode = roundingCode(config.roundingPoints.orderQuantity);
  const shift = asset.priceScale + asset.quantityScale - moneyScale;
  const lot = numeric.fromUnits(asset.lotUnits, asset.quantityScale);
  // Whole lots = value / (price × lot), rounded once.
  const lots = numeric.roundToStep(numeric.scale(value, [], [price, lot], -shift, mode), 1, mode);
  return numeric.check(lots * lot, 'order quantity');
}

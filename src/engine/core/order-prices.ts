import type { Asset } from '../../assets/asset.js';
import { OrderError } from '../../errors/index.js';
import type { Numeric } from '../../numeric/numeric.js';
import type { RoundingCode } from '../../numeric/unit-arithmetic.js';
import { ModelConstant } from '../model-constant.js';
import type { OrderStyleInput, TimeInForce } from '../orders/order-style.js';
import { ORDER_TYPE_CODES } from './native-core.js';

const UP: RoundingCode = 0;
const CEILING: RoundingCode = 2;
const FLOOR: RoundingCode = 3;

/** An order's style in engine units, as the native core's `placeOrder` takes it (NaN = absent). */
export interface EngineStyle {
  kind: number;
  limitPrice: number;
  stopPrice: number;
  trail: number;
  trailPercentValue: number;
  trailPercentScale: number;
  tif: number;
}

/**
 * A user price as an engine price on the tick size, rounded with `mode` (the
 * conservative side), refused as the order book refuses it.
 *
 * @throws OrderError for a price that is not positive and finite, or below one tick
 */
export function enginePrice(
  numeric: Numeric,
  asset: Asset,
  value: string | number,
  what: string,
  mode: RoundingCode,
): number {
  const units = numeric.fromInput(value, asset.priceScale, mode);
  if (!(units > 0) || !Number.isFinite(units)) {
    throw new OrderError(
      `Order for ${asset.symbol}: ${what} ${JSON.stringify(value)} must be a positive finite price.`,
    );
  }
  const tick = numeric.fromUnits(asset.tickUnits, asset.priceScale);
  const onTick = numeric.roundToStep(units, tick, mode);
  if (!(onTick > 0)) {
    throw new OrderError(
      `Order for ${asset.symbol}: ${what} ${JSON.stringify(value)} is below one tick (${asset.tickSize}).`,
    );
  }
  return numeric.check(onTick, what);
}

/** The time-in-force code (0 GTC, 1 DAY). @throws OrderError for another value */
export function tifCode(tif: TimeInForce | undefined): number {
  const value = tif ?? 'gtc';
  if (value !== 'gtc' && value !== 'day') {
    throw new OrderError(`timeInForce must be "gtc" or "day", got ${JSON.stringify(value)}.`);
  }
  return value === 'gtc' ? 0 : 1;
}

/**
 * An order's style and time in force in engine units, checked as the
 * order book checks them when it creates an order.
 *
 * @throws OrderError for a malformed price, trail or type
 */
export function engineStyle(
  numeric: Numeric,
  asset: Asset,
  quantity: number,
  style: OrderStyleInput | undefined,
  timeInForce: TimeInForce | undefined,
): EngineStyle {
  if (!Number.isFinite(quantity) || quantity === 0) {
    throw new OrderError(
      `Order for ${asset.symbol}: quantity ${quantity} must be a finite non-zero number.`,
    );
  }
  const tif = tifCode(timeInForce);
  const s = style ?? { type: 'market' };
  const buy = quantity > 0;
  const out: EngineStyle = {
    kind: ORDER_TYPE_CODES.market,
    limitPrice: Number.NaN,
    stopPrice: Number.NaN,
    trail: Number.NaN,
    trailPercentValue: Number.NaN,
    trailPercentScale: 0,
    tif,
  };
  switch (s.type) {
    case 'market':
      break;
    case 'limit':
      out.kind = ORDER_TYPE_CODES.limit;
      out.limitPrice = enginePrice(
        numeric,
        asset,
        s.limitPrice,
        'limitPrice',
        buy ? FLOOR : CEILING,
      );
      break;
    case 'stop':
      out.kind = ORDER_TYPE_CODES.stop;
      out.stopPrice = enginePrice(numeric, asset, s.stopPrice, 'stopPrice', buy ? CEILING : FLOOR);
      break;
    case 'stopLimit':
      out.kind = ORDER_TYPE_CODES.stopLimit;
      out.stopPrice = enginePrice(numeric, asset, s.stopPrice, 'stopPrice', buy ? CEILING : FLOOR);
      out.limitPrice = enginePrice(
        numeric,
        asset,
        s.limitPrice,
        'limitPrice',
        buy ? FLOOR : CEILING,
      );
      break;
    case 'trailingStop':
      out.kind = ORDER_TYPE_CODES.trailingStop;
      if ('trailPercent' in s) {
        let fraction: ModelConstant;
        try {
          fraction = new ModelConstant(s.trailPercent, 'trailPercent').shifted(-2, 'trailPercent');
        } catch (error) {
          throw new OrderError(
            `Trailing stop for ${asset.symbol}: trailPercent ${JSON.stringify(s.trailPercent)} must be a decimal number.`,
            { cause: error },
          );
        }
        if (!(Number(fraction.text) > 0 && Number(fraction.text) < 1)) {
          throw new OrderError(
            `Trailing stop for ${asset.symbol}: trailPercent must be between 0 and 100.`,
          );
        }
        const rate = fraction.onePlus(buy ? 1 : -1, 'trailPercent').rate(numeric);
        out.trailPercentValue = rate.value;
        out.trailPercentScale = rate.scale;
      } else {
        out.trail = enginePrice(numeric, asset, s.trailAmount, 'trailAmount', UP);
      }
      break;
    default:
      throw new OrderError(`Unknown order type ${JSON.stringify((s as { type: unknown }).type)}.`);
  }
  return out;
}

/**
 * A bracket's exits in engine units, checked as the order book checks them.
 *
 * @throws OrderError for a malformed price or a take-profit on the wrong side of the stop-loss
 */
export function bracketPrices(
  numeric: Numeric,
  asset: Asset,
  quantity: number,
  exits: { takeProfit: string | number; stopLoss: string | number },
): { takeProfit: number; stopLoss: number } {
  const side = quantity > 0 ? 1 : -1;
  const takeProfit = enginePrice(
    numeric,
    asset,
    exits.takeProfit,
    'takeProfit',
    side > 0 ? CEILING : FLOOR,
  );
  const stopLoss = enginePrice(
    numeric,
    asset,
    exits.stopLoss,
    'stopLoss',
    side > 0 ? FLOOR : CEILING,
  );
  if (side > 0 ? !(takeProfit > stopLoss) : !(takeProfit < stopLoss)) {
    throw new OrderError(
      `Bracket for ${asset.symbol}: the take-profit must be ${side > 0 ? 'above' : 'below'} the stop-loss.`,
    );
  }
  return { takeProfit, stopLoss };
}

import type { AssetFinder } from '../../assets/asset-finder.js';
import { DataError } from '../../errors/index.js';
import type { Numeric } from '../../numeric/numeric.js';
import { pow10Number } from '../../numeric/unit-arithmetic.js';

/**
 * One bar for every asset, column by column, indexed by sid: what the data
 * portal hands the engine per clock tick. Prices are integer units at each
 * asset's price scale (as in a `BarFrame`), volume is integer units at the
 * asset's quantity scale; an asset without a bar has NaN in `open`.
 */
export interface BarInput {
  /** Bar start, UTC epoch ms, shared by all assets. */
  timestamp: number;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Allocates a BarInput for `count` assets with no bars (NaN prices, zero volume). */
export function allocateBarInput(count: number, timestamp = 0): BarInput {
  return {
    timestamp,
    open: new Float64Array(count).fill(Number.NaN),
    high: new Float64Array(count).fill(Number.NaN),
    low: new Float64Array(count).fill(Number.NaN),
    close: new Float64Array(count).fill(Number.NaN),
    volume: new Float64Array(count),
  };
}

/**
 * A bar in engine representation: in decimal mode the BarInput's own arrays
 * (no copy), in float mode prices and volumes divided by their scales once.
 */
export type EngineBar = BarInput;

/**
 * Converts a BarInput to engine representation, reusing `target` in float
 * mode. Unless `checked` (bars from a `BarStore`, checked once at load), checks
 * each present bar: units must be safe integers, low ≤ open, close ≤ high, volume ≥ 0.
 *
 * @throws DataError naming the asset and the bad value; nothing is booked.
 */
export function toEngineBar(
  bar: BarInput,
  numeric: Numeric,
  assets: AssetFinder,
  target?: EngineBar,
  checked = false,
): EngineBar {
  if (!checked) checkBarInput(bar, assets);
  if (numeric.mode === 'decimal') return bar;
  return convertToFloat(bar, assets, target);
}

/** @throws DataError for a bar column shorter than the assets, a bad timestamp or a malformed bar. */
function checkBarInput(bar: BarInput, assets: AssetFinder): void {
  const n = assets.count;
  for (const column of ['open', 'high', 'low', 'close', 'volume'] as const) {
    if (bar[column].length < n) {
      throw new DataError(`Bar column ${column} has ${bar[column].length} values for ${n} assets.`);
    }
  }
  if (!Number.isFinite(bar.timestamp))
    throw new DataError(`Bar timestamp ${bar.timestamp} is not finite.`);
  for (let sid = 0; sid < n; sid++) {
    const o = bar.open[sid];
    if (o !== o) continue;
    const h = bar.high[sid];
    const l = bar.low[sid];
    const c = bar.close[sid];
    const v = bar.volume[sid];
    if (
      !Number.isSafeInteger(o) ||
      !Number.isSafeInteger(h) ||
      !Number.isSafeInteger(l) ||
      !Number.isSafeInteger(c) ||
      !Number.isSafeInteger(v) ||
      l <= 0 ||
      l > o ||
      l > c ||
      h < o ||
      h < c ||
      v < 0
    ) {
      const symbol = assets.retrieve(sid)?.symbol ?? `sid ${sid}`;
      throw new DataError(
        `Bad bar for ${symbol} at ${new Date(bar.timestamp).toISOString()}: open ${o} high ${h} low ${l} close ${c} volume ${v} (units); prices must be positive integers with low <= open, close <= high and volume >= 0.`,
      );
    }
  }
}

function convertToFloat(bar: BarInput, assets: AssetFinder, target?: EngineBar): EngineBar {
  const n = assets.count;
  const out = target !== undefined && target.open.length >= n ? target : allocateBarInput(n);
  out.timestamp = bar.timestamp;
  const { price, quantity } = divisorsOf(assets);
  const { open, high, low, close, volume } = bar;
  const o = out.open;
  const h = out.high;
  const l = out.low;
  const c = out.close;
  const v = out.volume;
  for (let sid = 0; sid < n; sid++) {
    const p = price[sid];
    o[sid] = open[sid] / p;
    h[sid] = high[sid] / p;
    l[sid] = low[sid] / p;
    c[sid] = close[sid] / p;
    v[sid] = volume[sid] / quantity[sid];
  }
  return out;
}

interface Divisors {
  count: number;
  price: Float64Array;
  quantity: Float64Array;
}

const DIVISORS = new WeakMap<AssetFinder, Divisors>();

/**
 * `10^priceScale` and `10^quantityScale` per sid, computed once per asset set
 * (and again only when assets are added), so the float conversion of a bar is
 * one division per value: the float baseline pays no lookups per bar.
 */
function divisorsOf(assets: AssetFinder): Divisors {
  let divisors = DIVISORS.get(assets);
  if (divisors === undefined || divisors.count !== assets.count) {
    const n = assets.count;
    divisors = {
      count: n,
      price: new Float64Array(n).fill(1),
      quantity: new Float64Array(n).fill(1),
    };
    for (let sid = 0; sid < n; sid++) {
      const asset = assets.retrieve(sid);
      if (asset === undefined) continue;
      divisors.price[sid] = pow10Number(asset.priceScale);
      divisors.quantity[sid] = pow10Number(asset.quantityScale);
    }
    DIVISORS.set(assets, divisors);
  }
  return divisors;
}

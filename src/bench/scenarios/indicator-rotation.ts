import type { Asset } from '../../assets/index.js';
import type { AlgorithmContext } from '../../engine/algorithm/algorithm-context.js';
import type { BarData } from '../../engine/algorithm/bar-data.js';
import type { AlgorithmStrategy } from '../../engine/algorithm/run-options.js';
import { dateRules, timeRules } from '../../engine/algorithm/schedule-rules.js';
import { atr, bbands, macd, rsi } from '../../indicators/index.js';

/** Parameters of the complex scenario strategy. */
export interface IndicatorRotationOptions {
  /** How many assets to hold at most. */
  holdings?: number;
  /** Stop distance in ATRs below the entry. */
  atrStop?: number;
}

interface RotationState {
  assets: Asset[];
  holdings: number;
  atrStop: number;
  /** Open protective stop order id per sid (0 = none). */
  stops: Int32Array;
}

/**
 * The complex scenario strategy: RSI, Bollinger bands, MACD and ATR declared
 * for every asset; once a week it ranks assets whose MACD histogram is
 * positive and RSI below 70, enters the best with limit orders at the lower of
 * the close and the middle band, exits the rest; every bar it keeps an
 * ATR-based stop-loss under each holding.
 */
export function indicatorRotation(options: IndicatorRotationOptions = {}): AlgorithmStrategy {
  return {
    initialize(ctx: AlgorithmContext) {
      const assets = ctx.allAssets();
      ctx.indicator('rsi', rsi(14), assets);
      ctx.indicator('bb', bbands(20, 2), assets);
      ctx.indicator('macd', macd(12, 26, 9), assets);
      ctx.indicator('atr', atr(14), assets);
      const state: RotationState = {
        assets,
        holdings: Math.min(options.holdings ?? 5, assets.length),
        atrStop: options.atrStop ?? 2,
        stops: new Int32Array(assets.length),
      };
      ctx.state.rotation = state;
      ctx.scheduleFunction(rebalance, dateRules.weekStart(), timeRules.marketOpen({ minutes: 30 }));
    },
    handleData(ctx, data) {
      const state = ctx.state.rotation as RotationState;
      const positions = ctx.portfolio.positions;
      for (const asset of state.assets) {
        const held = heldLots(positions.get(asset)?.amount ?? 0, asset);
        const stopId = state.stops[asset.sid];
        const stopOrder = stopId === 0 ? undefined : ctx.getOrder(stopId);
        const stopLive =
          stopOrder !== undefined &&
          (stopOrder.status === 'open' || stopOrder.status === 'partiallyFilled');
        if (held <= 0) {
          if (stopLive) ctx.cancelOrder(stopId);
          state.stops[asset.sid] = 0;
          continue;
        }
        if (stopLive || !data.canTrade(asset)) continue;
        const range = ctx.indicators.current('atr', asset.sid);
        const close = data.current(asset, 'close');
        const stopPrice = roundPrice(close - state.atrStop * range, asset);
        if (!(Number(stopPrice) > 0)) continue;
        const order = ctx.order(asset, -held, { stopPrice });
        state.stops[asset.sid] = order?.id ?? 0;
      }
    },
  };
}

function rebalance(ctx: AlgorithmContext, data: BarData): void {
  const state = ctx.state.rotation as RotationState;
  const ranked: { asset: Asset; score: number }[] = [];
  for (const asset of state.assets) {
    if (!data.canTrade(asset)) continue;
    const hist = ctx.indicators.current('macd', asset.sid, 'hist');
    const strength = ctx.indicators.current('rsi', asset.sid);
    if (hist > 0 && strength < 70)
      ranked.push({ asset, score: hist / data.current(asset, 'close') });
  }
  ranked.sort((a, b) => b.score - a.score || a.asset.sid - b.asset.sid);
  const chosen = new Set(ranked.slice(0, state.holdings).map((entry) => entry.asset));
  const positions = ctx.portfolio.positions;
  const weight = 0.95 / state.holdings;
  for (const asset of state.assets) {
    for (const open of ctx.getOpenOrders(asset)) {
      if (open.id !== state.stops[asset.sid]) ctx.cancelOrder(open);
    }
    const held = heldLots(positions.get(asset)?.amount ?? 0, asset);
    if (!chosen.has(asset)) {
      if (held > 0 && data.canTrade(asset)) ctx.order(asset, -held);
      continue;
    }
    if (held > 0) continue;
    const close = data.current(asset, 'close');
    const middle = ctx.indicators.current('bb', asset.sid, 'middle');
    const limitPrice = roundPrice(Math.min(close, Number.isNaN(middle) ? close : middle), asset);
    ctx.orderTargetPercent(asset, weight, { limitPrice, timeInForce: 'day' });
  }
}

/** A float price rounded down to the asset's tick, as decimal text (exact for the engine). */
function roundPrice(price: number, asset: Asset): string {
  const scale = asset.priceScale;
  return (Math.floor(price * 10 ** scale) / 10 ** scale).toFixed(scale);
}

/**
 * A holding in whole lots: in float mode a position closed in pieces can keep
 * a residue far below one lot (e.g. 2e-13 of a coin), which is no holding and
 * cannot be ordered; it counts as flat.
 */
function heldLots(amount: number, asset: Asset): number {
  return Math.abs(amount) < 10 ** -asset.quantityScale / 2 ? 0 : amount;
}

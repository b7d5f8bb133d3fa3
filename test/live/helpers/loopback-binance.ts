import ccxt from 'ccxt';
import type { BarFrame } from '../../../src/data/bar-frame.js';

const MINUTE = 60_000;

/**
 * Binance's `GET /api/v3/exchangeInfo` for BTCUSDT, in its documented format
 * (tick 0.01, step 0.000001, minimum order value 5 USDT).
 */
export function binanceExchangeInfo(serverTime: number): Record<string, unknown> {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
    ],
    exchangeFilters: [],
    symbols: [
      {
        symbol: 'BTCUSDT',
        status: 'TRADING',
        baseAsset: 'BTC',
        baseAssetPrecision: 8,
        quoteAsset: 'USDT',
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true,
        ocoAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters: [
          {
            filterType: 'PRICE_FILTER',
            minPrice: '0.01000000',
            maxPrice: '1000000.00000000',
            tickSize: '0.01000000',
          },
          {
            filterType: 'LOT_SIZE',
            minQty: '0.00000100',
            maxQty: '9000.00000000',
            stepSize: '0.00000100',
          },
          {
            filterType: 'NOTIONAL',
            minNotional: '5.00000000',
            applyMinToMarket: true,
            maxNotional: '9000000.00000000',
            applyMaxToMarket: false,
            avgPriceMins: 5,
          },
        ],
        permissions: ['SPOT'],
        permissionSets: [['SPOT']],
        defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      },
    ],
  };
}

/** Exact units at `scale` as decimal text with `digits` fraction digits. */
export function unitsText(units: number, scale: number, digits = scale): string {
  return (units / 10 ** scale).toFixed(digits);
}

/**
 * The kline rows (`GET /api/v3/klines`) of `frame` over `[from, to]` that have
 * started by `now`; `formingOpen` shows a candle that has not closed yet as
 * the exchange does (close = open, no volume), else it is left out.
 */
export function klineRows(
  frame: BarFrame,
  from: number,
  to: number,
  now: number,
  options: { formingOpen?: boolean; digits?: number; limit?: number } = {},
): unknown[][] {
  const digits = options.digits;
  const rows: unknown[][] = [];
  for (let i = 0; i < frame.timestamps.length; i++) {
    const t = frame.timestamps[i];
    if (t < from || t > to || t > now) continue;
    const forming = t + MINUTE > now;
    if (forming && options.formingOpen !== true) continue;
    const close = forming ? frame.open[i] : frame.close[i];
    rows.push([
      t,
      unitsText(frame.open[i], 2, digits),
      unitsText(forming ? Math.max(frame.open[i], close) : frame.high[i], 2, digits),
      unitsText(forming ? Math.min(frame.open[i], close) : frame.low[i], 2, digits),
      unitsText(close, 2, digits),
      unitsText(forming ? 0 : frame.volume[i], 6, digits),
      t + MINUTE - 1,
      '0',
      1,
      '0',
      '0',
      '0',
    ]);
  }
  return rows.slice(0, options.limit ?? 500);
}

/** ccxt's binance `urls` with every REST host replaced by `baseUrl` (and the websockets by `wsUrl`). */
export function binanceUrls(baseUrl: string, wsUrl?: string): Record<string, unknown> {
  const api = (new ccxt.binance().urls as { api: Record<string, unknown> }).api;
  const rest = Object.fromEntries(
    Object.entries(api).map(([key, value]) => [
      key,
      typeof value === 'string' ? value.replace(/^https?:\/\/[^/]+/, baseUrl) : value,
    ]),
  );
  return { api: wsUrl === undefined ? rest : { ...rest, ws: { spot: wsUrl, margin: wsUrl } } };
}

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import ccxt from 'ccxt';

import { checkBarFrame } from '../../../src/data/bar-frame.js';
import { CcxtSource } from '../../../src/data/sources/ccxt-source.js';
import { ConfigError, DataError } from '../../../src/errors/index.js';
import { FakeClock } from './helpers/fake-clock.js';
import { sendJson, startLoopback, type Loopback } from './helpers/loopback-server.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 60_000 };

/** Twelve hourly BTCUSDT klines in Binance's format: prices and volumes as decimal text. */
const KLINES = Array.from({ length: 12 }, (_, i) => {
  const open = 42000 + i * 10.25;
  return [
    T0 + i * HOUR,
    open.toFixed(2) + '000000',
    (open + 50.5).toFixed(2) + '000000',
    (open - 20.01).toFixed(2) + '000000',
    (open + 3.07).toFixed(2) + '000000',
    (12.3456 + i / 1000).toFixed(5) + '000',
    T0 + (i + 1) * HOUR - 1,
    '518000.12345678',
    1000 + i,
    '6.10000000',
    '256000.00000000',
    '0',
  ];
});

const EXCHANGE_INFO = {
  timezone: 'UTC',
  serverTime: T0,
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
      orderTypes: ['LIMIT', 'MARKET'],
      icebergAllowed: true,
      ocoAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: true,
      filters: [
        {
          filterType: 'PRICE_FILTER',
          minPrice: '0.01000000',
          maxPrice: '1000000.00000000',
          tickSize: '0.01000000',
        },
        {
          filterType: 'LOT_SIZE',
          minQty: '0.00001000',
          maxQty: '9000.00000000',
          stepSize: '0.00001000',
        },
      ],
      permissions: ['SPOT'],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_MAKER'],
    },
  ],
};

type Mode = 'normal' | '429-once' | 'timeout-once' | 'malformed';

describe('CcxtSource against a loopback exchange speaking Binance klines', () => {
  let server: Loopback;
  let mode: Mode = 'normal';
  let klineCalls = 0;
  const klineTimes: number[] = [];
  let urls: Record<string, unknown>;

  before(async () => {
    server = await startLoopback((url, response) => {
      if (url.pathname === '/api/v3/exchangeInfo') {
        sendJson(response, 200, EXCHANGE_INFO);
        return;
      }
      if (url.pathname !== '/api/v3/klines') {
        sendJson(response, 404, { code: -1121, msg: 'Invalid symbol.' });
        return;
      }
      klineCalls++;
      klineTimes.push(performance.now());
      if (mode === '429-once' && klineCalls === 1) {
        sendJson(
          response,
          429,
          {
            code: -1003,
            msg: 'Too many requests; current limit of IP is 6000 requests per minute.',
          },
          { 'retry-after': '1' },
        );
        return;
      }
      if (mode === 'timeout-once' && klineCalls === 1) return; // never answers
      if (mode === 'malformed') {
        sendJson(response, 200, '[[1704067200000,"42000.00","42050.50"');
        return;
      }
      const q = url.searchParams;
      const from = Number(q.get('startTime') ?? 0);
      const to = Number(q.get('endTime') ?? Infinity);
      const limit = Number(q.get('limit') ?? 500);
      sendJson(
        response,
        200,
        KLINES.filter((k) => (k[0] as number) >= from && (k[0] as number) <= to).slice(0, limit),
      );
    });
    // Every Binance API root points at the loopback server, keeping its path.
    const api = (new ccxt.binance().urls as { api: Record<string, unknown> }).api;
    urls = {
      api: Object.fromEntries(
        Object.entries(api).map(([key, value]) => [
          key,
          typeof value === 'string' ? value.replace(/^https?:\/\/[^/]+/, server.baseUrl) : value,
        ]),
      ),
    };
  });
  after(() => server.close());
  beforeEach(() => {
    mode = 'normal';
    klineCalls = 0;
    klineTimes.length = 0;
  });

  const source = (pageSize = 5): CcxtSource =>
    new CcxtSource({
      exchange: 'binance',
      exchangeConfig: { urls, timeout: 300 },
      pageSize,
      retry: RETRY,
      clock: new FakeClock(),
    });

  it('pages through 12 hourly bars five at a time and keeps the exact decimals', async () => {
    const { frames, report } = await source(5).fetch(
      ['BTC/USDT'],
      new Date(T0),
      new Date(T0 + 11 * HOUR),
      '1h',
    );
    const btc = frames[0];
    checkBarFrame(btc);
    assert.equal(klineCalls, 3);
    assert.equal(btc.timestamps.length, 12);
    assert.equal(btc.priceScale, 2);
    assert.equal(btc.volumeScale, 5);
    assert.deepEqual(
      Array.from(btc.timestamps),
      KLINES.map((k) => k[0]),
    );
    assert.equal(btc.open[1], 4201025); // "42010.25000000"
    assert.equal(btc.high[11], 4216325); // 42112.75 + 50.5
    assert.equal(btc.low[0], 4197999); // 42000 - 20.01
    assert.equal(btc.volume[3], 1234860); // "12.34860000"
    assert.deepEqual(report.issues, []);
  });

  it("spaces its requests by the exchange's rateLimit", async () => {
    const slow = new CcxtSource({
      exchange: 'binance',
      exchangeConfig: { urls, timeout: 300, rateLimit: 200 },
      pageSize: 4,
      retry: RETRY,
    });
    await slow.fetch(['BTC/USDT'], new Date(T0), new Date(T0 + 11 * HOUR), '1h');
    assert.equal(klineTimes.length, 3);
    for (let i = 1; i < klineTimes.length; i++) {
      assert.ok(
        klineTimes[i] - klineTimes[i - 1] >= 150,
        `gap ${klineTimes[i] - klineTimes[i - 1]} ms`,
      );
    }
  });

  it('stops at the end of the range', async () => {
    const { frames } = await source(100).fetch(
      ['BTC/USDT'],
      new Date(T0 + 2 * HOUR),
      new Date(T0 + 4 * HOUR),
      '1h',
    );
    assert.deepEqual(Array.from(frames[0].timestamps), [
      T0 + 2 * HOUR,
      T0 + 3 * HOUR,
      T0 + 4 * HOUR,
    ]);
  });

  it('retries after a 429 and then returns every bar', async () => {
    mode = '429-once';
    const { frames } = await source(100).fetch(
      ['BTC/USDT'],
      new Date(T0),
      new Date(T0 + 11 * HOUR),
      '1h',
    );
    assert.equal(frames[0].timestamps.length, 12);
    assert.equal(klineCalls, 2);
  });

  it('retries a request that times out', async () => {
    mode = 'timeout-once';
    const { frames } = await source(100).fetch(
      ['BTC/USDT'],
      new Date(T0),
      new Date(T0 + 11 * HOUR),
      '1h',
    );
    assert.equal(frames[0].timestamps.length, 12);
    assert.equal(klineCalls, 2);
  });

  it('fails with a DataError naming the symbol on malformed JSON', async () => {
    mode = 'malformed';
    await assert.rejects(
      source(100).fetch(['BTC/USDT'], new Date(T0), new Date(T0 + 11 * HOUR), '1h'),
      (error: unknown) => error instanceof DataError && /BTC\/USDT/.test(error.message),
    );
  });

  it('names the market when a symbol is not listed', async () => {
    await assert.rejects(
      source().fetch(['DOGE/EUR'], new Date(T0), new Date(T0 + HOUR), '1h'),
      (error: unknown) => error instanceof DataError && /no market 'DOGE\/EUR'/.test(error.message),
    );
  });

  it('refuses an unknown exchange id with a ConfigError', async () => {
    await assert.rejects(
      new CcxtSource({ exchange: 'nosuchexchange' }).fetch(
        ['BTC/USDT'],
        new Date(T0),
        new Date(T0 + HOUR),
        '1h',
      ),
      ConfigError,
    );
  });
});

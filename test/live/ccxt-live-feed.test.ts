import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getCalendar } from '../../src/calendar/index.js';
import type { BarFrame } from '../../src/data/bar-frame.js';
import { CcxtSource } from '../../src/data/sources/ccxt-source.js';
import type { AlgorithmStrategy } from '../../src/engine/algorithm/run-options.js';
import { rsi } from '../../src/indicators/index.js';
import { ReplayFeed } from '../../src/live/replay-feed.js';
import { runLive } from '../../src/live/run-live.js';
import { FakeClock } from '../data/sources/helpers/fake-clock.js';
import { sendJson, startLoopback, type Loopback } from '../data/sources/helpers/loopback-server.js';
import { binanceExchangeInfo, binanceUrls, klineRows } from './helpers/loopback-binance.js';
import { recordedBtcUsdt } from './kline-fixture.js';

const MINUTE = 60_000;
const DAY_1 = Date.UTC(2023, 2, 9);
const DAY_2 = Date.UTC(2023, 2, 10);
const LIVE_BARS = 300;
/** A minute in which the exchange printed no candle (taken out of the recording). */
const SILENT = DAY_2 + 250 * MINUTE;

/** The recorded frame without the silent minute. */
function recording(): BarFrame {
  const frame = recordedBtcUsdt();
  const keep = Array.from(frame.timestamps, (t, i) => (t === SILENT ? -1 : i)).filter(
    (i) => i >= 0,
  );
  const pick = (column: Float64Array) => Float64Array.from(keep, (i) => column[i]);
  return {
    ...frame,
    timestamps: pick(frame.timestamps),
    open: pick(frame.open),
    high: pick(frame.high),
    low: pick(frame.low),
    close: pick(frame.close),
    volume: pick(frame.volume),
  };
}

const strategy = (): AlgorithmStrategy => ({
  initialize(ctx) {
    ctx.indicator('rsi', rsi(14), [ctx.symbol('BTC/USDT')]);
  },
  handleData(ctx, data) {
    const btc = ctx.symbol('BTC/USDT');
    const value = ctx.indicators.current('rsi', btc.sid);
    if (Number.isNaN(value) || !data.canTrade(btc) || ctx.getOpenOrders(btc).length > 0) return;
    const held = ctx.portfolio.positions.get(btc)?.amount ?? 0;
    if (value < 30 && held === 0) ctx.orderTargetPercent(btc, 0.5);
    else if (value > 70 && held > 0) ctx.orderTarget(btc, 0);
  },
});

describe('live bars from a ccxt exchange (a loopback Binance serving recorded klines) with scripted faults', () => {
  const frame = recording();
  const clock = new FakeClock(DAY_2);
  let server: Loopback;
  let urls: Record<string, unknown>;
  const faults = { rateLimited: 0, unavailable: 0, timedOut: 0, late: 0 };
  /** Exchange time of every live poll and the candle it asked for. */
  const polls: { now: number; since: number }[] = [];
  let script: (since: number) => 'ok' | '429' | '502' | 'hang' | 'late' = () => 'ok';

  before(async () => {
    server = await startLoopback((url, response) => {
      if (url.pathname === '/api/v3/exchangeInfo')
        return sendJson(response, 200, binanceExchangeInfo(DAY_1));
      if (url.pathname !== '/api/v3/klines')
        return sendJson(response, 404, { code: -1121, msg: 'Invalid symbol.' });
      const from = Number(url.searchParams.get('startTime') ?? 0);
      const to = Number(url.searchParams.get('endTime') ?? Infinity);
      const now = clock.now();
      if (from >= DAY_2) {
        polls.push({ now, since: from });
        const fault = script(from);
        if (fault === '429') {
          faults.rateLimited++;
          return sendJson(
            response,
            429,
            { code: -1003, msg: 'Too many requests.' },
            { 'retry-after': '0' },
          );
        }
        if (fault === '502') {
          faults.unavailable++;
          return sendJson(response, 502, '<html>502 Bad Gateway</html>');
        }
        if (fault === 'hang') {
          faults.timedOut++;
          return; // never answers: ccxt times out
        }
        if (fault === 'late') {
          faults.late++;
          return sendJson(response, 200, []);
        }
      }
      sendJson(
        response,
        200,
        klineRows(frame, from, to, now, {
          formingOpen: true,
          digits: 8,
          limit: Number(url.searchParams.get('limit') ?? 500),
        }),
      );
    });
    urls = binanceUrls(server.baseUrl);
  });
  after(() => server.close());

  it('hands over only closed candles, waits out 429 and 5xx bursts, a hung request and a late candle, and trades exactly as on the recorded bars', async () => {
    const hung = new Set<number>();
    const seen = new Map<number, number>();
    script = (since) => {
      const k = (since - DAY_2) / MINUTE;
      const n = (seen.get(since) ?? 0) + 1;
      seen.set(since, n);
      if (k === 40 && n <= 4) return '429'; // a burst longer than the source's own retries
      if (k === 90 && n <= 5) return '502';
      if (k === 140 && !hung.has(since)) {
        hung.add(since);
        return 'hang';
      }
      if (k === 200 && n <= 2) return 'late';
      return 'ok';
    };
    const source = new CcxtSource({
      exchange: 'binance',
      exchangeConfig: { urls, timeout: 400, rateLimit: 1 },
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10 },
      clock,
      polling: { lateRetries: 3, lateDelayMs: 2_000, outageDelayMs: 5_000 },
      websocket: false,
    });
    assert.equal(source.supportsLive(), true);
    const viaExchange = await runLive({
      strategy: strategy(),
      symbols: ['BTC/USDT'],
      dataFrequency: 'minute',
      calendar: '24/7',
      capitalBase: '100000',
      historyStart: DAY_1,
      liveStart: DAY_2,
      history: async (start, end) => (await source.fetch(['BTC/USDT'], start, end, '1m')).frames,
      feed: source.liveBars(['BTC/USDT'], '1m', {
        calendar: getCalendar('24/7'),
        anchor: DAY_1,
        clock,
      }),
      clock,
      graceMs: 1_000,
      maxBars: LIVE_BARS,
    });
    const replayed = await runLive({
      strategy: strategy(),
      symbols: ['BTC/USDT'],
      dataFrequency: 'minute',
      calendar: '24/7',
      capitalBase: '100000',
      historyStart: DAY_1,
      liveStart: DAY_2,
      history: () => Promise.resolve([frame]),
      feed: new ReplayFeed([frame]),
      clock: { now: () => Infinity, sleep: () => Promise.resolve() },
      maxBars: LIVE_BARS,
    });
    assert.ok(
      faults.rateLimited >= 4 &&
        faults.unavailable >= 5 &&
        faults.timedOut === 1 &&
        faults.late === 2,
      JSON.stringify(faults),
    );
    for (const poll of polls) {
      assert.ok(
        poll.now >= poll.since + MINUTE,
        `asked for ${poll.since} at ${poll.now}, before it closed`,
      );
    }
    const asked = new Set(polls.map((p) => p.since));
    assert.equal(asked.size, LIVE_BARS, 'every live minute asked for, none skipped');
    const fills = replayed.transactions.columns[0].values.length;
    assert.ok(fills > 5, `fills: ${fills}`);
    assert.equal(JSON.stringify(viaExchange.transactions), JSON.stringify(replayed.transactions));
    assert.equal(JSON.stringify(viaExchange.orders), JSON.stringify(replayed.orders));
    assert.equal(JSON.stringify(viaExchange.positions), JSON.stringify(replayed.positions));
  });
});

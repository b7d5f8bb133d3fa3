import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocketServer, type WebSocket } from 'ws';
import { getCalendar } from '../../src/calendar/index.js';
import type { CcxtLiveFeed } from '../../src/data/sources/ccxt-live-feed.js';
import { CcxtSource } from '../../src/data/sources/ccxt-source.js';
import type { AlgorithmStrategy } from '../../src/engine/algorithm/run-options.js';
import { rsi } from '../../src/indicators/index.js';
import { ReplayFeed } from '../../src/live/replay-feed.js';
import { runLive } from '../../src/live/run-live.js';
import { FakeClock } from '../data/sources/helpers/fake-clock.js';
import { sendJson, startLoopback, type Loopback } from '../data/sources/helpers/loopback-server.js';
import {
  binanceExchangeInfo,
  binanceUrls,
  klineRows,
  unitsText,
} from './helpers/loopback-binance.js';
import { recordedBtcUsdt } from './kline-fixture.js';

const MINUTE = 60_000;
const DAY_1 = Date.UTC(2023, 2, 9);
const DAY_2 = Date.UTC(2023, 2, 10);
const LIVE_BARS = 180;
const DROP_AT = DAY_2 + 100 * MINUTE + 20_000; // mid-bar

const text = unitsText;

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

/**
 * Exchange time: moves when the live clock sleeps. Crossing a minute boundary
 * pushes the closed candle's last update and the new candle's first over the
 * socket, then yields a few real milliseconds so the client reads them.
 */
class ExchangeClock extends FakeClock {
  onAdvance: (from: number, to: number) => void = () => {};
  override async sleep(ms: number): Promise<void> {
    const from = this.time;
    await super.sleep(ms);
    this.onAdvance(from, this.time);
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
}

describe('live bars over a loopback Binance websocket (watchOHLCV), with a disconnect mid-bar', () => {
  const frame = recordedBtcUsdt();
  const index = new Map(Array.from(frame.timestamps, (t, i) => [t, i]));
  const clock = new ExchangeClock(DAY_2);
  let rest: Loopback;
  let sockets: WebSocketServer;
  const clients = new Set<WebSocket>();
  let subscriptions = 0;
  let dropped = false;
  let restPolls = 0;

  const kline = (t: number, final: boolean) => {
    const i = index.get(t)!;
    const close = final ? frame.close[i] : frame.open[i];
    return JSON.stringify({
      e: 'kline',
      E: final ? t + MINUTE : t + 1,
      s: 'BTCUSDT',
      k: {
        t,
        T: t + MINUTE - 1,
        s: 'BTCUSDT',
        i: '1m',
        f: 1,
        L: 2,
        o: text(frame.open[i], 2),
        c: text(close, 2),
        h: text(final ? frame.high[i] : Math.max(frame.open[i], close), 2),
        l: text(final ? frame.low[i] : Math.min(frame.open[i], close), 2),
        v: text(final ? frame.volume[i] : 0, 6),
        n: 2,
        x: final,
        q: '0',
        V: '0',
        Q: '0',
        B: '0',
      },
    });
  };

  before(async () => {
    rest = await startLoopback((url, response) => {
      if (url.pathname === '/api/v3/exchangeInfo')
        return sendJson(response, 200, binanceExchangeInfo(DAY_1));
      if (url.pathname !== '/api/v3/klines')
        return sendJson(response, 404, { code: -1121, msg: 'Invalid symbol.' });
      const from = Number(url.searchParams.get('startTime') ?? 0);
      const to = Number(url.searchParams.get('endTime') ?? Infinity);
      if (from >= DAY_2) restPolls++;
      sendJson(
        response,
        200,
        klineRows(frame, from, to, clock.now(), {
          limit: Number(url.searchParams.get('limit') ?? 500),
        }),
      );
    });
    sockets = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => sockets.once('listening', resolve));
    sockets.on('connection', (socket) => {
      clients.add(socket);
      socket.on('close', () => clients.delete(socket));
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { method: string; id: number };
        if (message.method === 'SUBSCRIBE') {
          subscriptions++;
          socket.send(JSON.stringify({ result: null, id: message.id }));
        }
      });
    });
    clock.onAdvance = (from, to) => {
      if (!dropped && from < DROP_AT && to >= DROP_AT) {
        dropped = true;
        for (const socket of clients) socket.terminate();
      }
      for (
        let boundary = Math.floor(from / MINUTE + 1) * MINUTE;
        boundary <= to;
        boundary += MINUTE
      ) {
        for (const socket of clients) {
          socket.send(kline(boundary - MINUTE, true));
          if (index.has(boundary)) socket.send(kline(boundary, false));
        }
      }
    };
  });
  after(async () => {
    await rest.close();
    for (const socket of clients) socket.terminate();
    await new Promise((resolve) => sockets.close(resolve));
  });

  it('streams closed candles, reconnects after the drop with REST filling the outage, and trades exactly as on the recorded bars', async () => {
    const wsUrl = `ws://127.0.0.1:${(sockets.address() as AddressInfo).port}/ws`;
    const urls = binanceUrls(rest.baseUrl, wsUrl);
    const source = new CcxtSource({
      exchange: 'binance',
      exchangeConfig: { urls, timeout: 2_000, rateLimit: 1 },
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10 },
      clock,
    });
    const feed = source.liveBars(['BTC/USDT'], '1m', {
      calendar: getCalendar('24/7'),
      anchor: DAY_1,
      clock,
    }) as CcxtLiveFeed;
    // Let the socket open and subscribe before the first bar closes.
    for (let k = 0; k < 100 && subscriptions === 0; k++)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(subscriptions, 1, 'subscribed to btcusdt@kline_1m');
    const viaSocket = await runLive({
      strategy: strategy(),
      symbols: ['BTC/USDT'],
      dataFrequency: 'minute',
      calendar: '24/7',
      capitalBase: '100000',
      historyStart: DAY_1,
      liveStart: DAY_2,
      history: async (start, end) => (await source.fetch(['BTC/USDT'], start, end, '1m')).frames,
      feed,
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
    const stream = feed.candleStream!;
    assert.ok(dropped, 'the socket was dropped mid-bar');
    assert.ok(stream.disconnects >= 1, `disconnects ${stream.disconnects}`);
    assert.ok(subscriptions >= 2, `resubscribed after the drop (${subscriptions})`);
    assert.ok(stream.streamed > LIVE_BARS / 2, `bars from the socket: ${stream.streamed}`);
    assert.ok(feed.polled >= 1 && restPolls >= feed.polled, `bars by REST: ${feed.polled}`);
    assert.equal(stream.streamed + feed.polled, LIVE_BARS, 'each bar once, from one or the other');
    assert.ok(replayed.transactions.columns[0].values.length > 3);
    assert.equal(JSON.stringify(viaSocket.transactions), JSON.stringify(replayed.transactions));
    assert.equal(JSON.stringify(viaSocket.orders), JSON.stringify(replayed.orders));
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { AlpacaSource } from '../../../src/data/sources/alpaca-source.js';
import { HttpStatusError } from '../../../src/data/sources/http-error.js';
import { ConfigError } from '../../../src/errors/index.js';
import { FakeClock } from './helpers/fake-clock.js';
import { sendJson, startLoopback, type Loopback } from './helpers/loopback-server.js';

const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 60_000 };
const ENV = { APCA_API_KEY_ID: 'PKTEST', APCA_API_SECRET_KEY: 'secret' };
const day = (text: string): number => Date.parse(`${text}T00:00:00Z`);

/** Daily bars in Alpaca's format: stamped at New York midnight. */
const BARS = [
  {
    t: '2022-01-03T05:00:00Z',
    o: 177.83,
    h: 182.88,
    l: 177.71,
    c: 182.01,
    v: 104701220,
    n: 772420,
    vw: 181.4,
  },
  {
    t: '2022-01-04T05:00:00Z',
    o: 182.63,
    h: 182.94,
    l: 179.12,
    c: 179.7,
    v: 99310438,
    n: 831384,
    vw: 181.0,
  },
  {
    t: '2022-01-05T05:00:00Z',
    o: 179.61,
    h: 180.17,
    l: 174.64,
    c: 174.92,
    v: 94537602,
    n: 848797,
    vw: 177.1,
  },
];

describe('AlpacaSource against a loopback server in Alpaca market data v2 format', () => {
  let server: Loopback;
  let busyCalls = 0;
  before(async () => {
    server = await startLoopback((url, response, request) => {
      if (
        request.headers['apca-api-key-id'] !== 'PKTEST' ||
        request.headers['apca-api-secret-key'] !== 'secret'
      ) {
        sendJson(response, 403, { message: 'forbidden.' });
        return;
      }
      const symbol = url.pathname.split('/')[3];
      if (symbol === 'BUSY' && busyCalls++ === 0) {
        sendJson(response, 429, { message: 'too many requests.' }, { 'retry-after': '3' });
        return;
      }
      if (url.searchParams.get('start') === '2030-01-01T00:00:00Z') {
        sendJson(response, 422, { code: 42210000, message: 'invalid start' });
        return;
      }
      // As Alpaca does: `start`/`end` (RFC 3339) both inclusive, one bar a page here.
      const from = Date.parse(url.searchParams.get('start') ?? '');
      const to = Date.parse(url.searchParams.get('end') ?? '');
      const inRange = BARS.filter((bar) => Date.parse(bar.t) >= from && Date.parse(bar.t) <= to);
      const at = Number(url.searchParams.get('page_token') ?? 0);
      sendJson(response, 200, {
        bars: inRange.slice(at, at + 1),
        symbol,
        next_page_token: at + 1 < inRange.length ? String(at + 1) : null,
      });
    });
  });
  after(() => server.close());

  const source = (clock = new FakeClock()): AlpacaSource =>
    new AlpacaSource({ baseUrl: server.baseUrl, env: ENV, retry: RETRY, clock });

  it('follows next_page_token, sends the key headers and labels daily bars by New York date', async () => {
    const { frames } = await source().fetch(
      ['AAPL'],
      new Date('2022-01-03'),
      new Date('2022-01-04'),
      '1d',
    );
    const f = frames[0];
    assert.deepEqual(Array.from(f.timestamps), [day('2022-01-03'), day('2022-01-04')]);
    assert.deepEqual(
      [f.open[0], f.high[0], f.low[0], f.close[0], f.volume[0]],
      [1778300, 1828800, 1777100, 1820100, 104701220],
    );
    assert.equal(f.close[1], 1797000);
    const first = server.requests.find((r) => r.startsWith('/v2/stocks/AAPL/bars?')) ?? '';
    assert.match(first, /timeframe=1Day/);
    assert.match(first, /feed=iex/);
    assert.match(first, /adjustment=raw/);
  });

  it("spans the range's New York dates, so the last session is there (and no day more)", async () => {
    // A run asks for sessions 2022-01-04 to 2022-01-05 as 00:00 UTC labels; the bar of the 5th
    // is stamped 05:00 UTC, after the end label: asked up to the label it would be missing.
    const { frames } = await source().fetch(
      ['AAPL'],
      new Date('2022-01-04T00:00:00Z'),
      new Date('2022-01-05T00:00:00Z'),
      '1d',
    );
    assert.deepEqual(Array.from(frames[0].timestamps), [day('2022-01-04'), day('2022-01-05')]);
    const asked = server.requests.filter((r) => r.includes('start=2022-01-04T05%3A00%3A00Z'));
    assert.ok(
      asked.some((r) => r.includes('end=2022-01-06T04%3A59%3A59Z')),
      server.requests.join('\n'),
    );
  });

  it('asks intraday bars from start to end, to the second', async () => {
    await source().fetch(
      ['AAPL'],
      new Date('2022-01-04T14:30:00.250Z'),
      new Date('2022-01-04T15:30:00.750Z'),
      '1m',
    );
    assert.ok(
      server.requests.some(
        (r) =>
          r.includes('timeframe=1Min') &&
          r.includes('start=2022-01-04T14%3A30%3A01Z') &&
          r.includes('end=2022-01-04T15%3A30%3A00Z'),
      ),
      server.requests.join('\n'),
    );
  });

  it('waits the Retry-After of a 429 and then returns the bars', async () => {
    const clock = new FakeClock();
    const { frames } = await source(clock).fetch(
      ['BUSY'],
      new Date('2022-01-03'),
      new Date('2022-01-04'),
      '1d',
    );
    assert.equal(frames[0].timestamps.length, 2);
    assert.ok(clock.sleeps.includes(3000));
  });

  it("fails without retry on a 422, carrying Alpaca's message", async () => {
    await assert.rejects(
      source().fetch(
        ['AAPL'],
        new Date('2030-01-01T00:00:00Z'),
        new Date('2030-01-02T00:00:00Z'),
        '1h',
      ),
      (error: unknown) =>
        error instanceof HttpStatusError &&
        error.status === 422 &&
        /invalid start/.test(error.message),
    );
  });

  it('reports wrong keys with the 403 answer', async () => {
    const wrong = new AlpacaSource({
      baseUrl: server.baseUrl,
      keyId: 'x',
      secretKey: 'y',
      retry: RETRY,
    });
    await assert.rejects(
      wrong.fetch(['AAPL'], new Date('2022-01-03'), new Date('2022-01-04'), '1d'),
      /403.*forbidden/,
    );
  });

  it('asks for APCA_API_SECRET_KEY when it is not set', async () => {
    await assert.rejects(
      new AlpacaSource({ baseUrl: server.baseUrl, env: { APCA_API_KEY_ID: 'PKTEST' } }).fetch(
        ['AAPL'],
        new Date('2022-01-03'),
        new Date('2022-01-04'),
        '1d',
      ),
      (error: unknown) => error instanceof ConfigError && /APCA_API_SECRET_KEY/.test(error.message),
    );
  });
});

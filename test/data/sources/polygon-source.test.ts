import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { utcOffsetAt } from '../../../src/calendar/zoned-time.js';
import { PolygonSource } from '../../../src/data/sources/polygon-source.js';
import { HttpStatusError } from '../../../src/data/sources/http-error.js';
import { ConfigError } from '../../../src/errors/index.js';
import { FakeClock } from './helpers/fake-clock.js';
import { sendJson, startLoopback, type Loopback } from './helpers/loopback-server.js';

const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 60_000 };
const day = (text: string): number => Date.parse(`${text}T00:00:00Z`);
const newYorkDate = (t: number): string =>
  new Date(t + utcOffsetAt('America/New_York', t)).toISOString().slice(0, 10);

/** Bars in polygon's documented aggregates format; t is midnight New York time for daily bars. */
const BARS = [
  {
    v: 70790813,
    vw: 131.6292,
    o: 130.465,
    c: 130.15,
    h: 133.41,
    l: 129.89,
    t: 1673240400000,
    n: 645365,
  },
  {
    v: 63896155,
    vw: 129.8973,
    o: 130.26,
    c: 130.73,
    h: 131.2636,
    l: 128.12,
    t: 1673326800000,
    n: 554940,
  },
  {
    v: 69458949,
    vw: 132.8931,
    o: 131.25,
    c: 133.49,
    h: 133.51,
    l: 130.46,
    t: 1673413200000,
    n: 561278,
  },
];

describe('PolygonSource against a loopback server in polygon format', () => {
  let server: Loopback;
  let busyCalls = 0;
  before(async () => {
    server = await startLoopback((url, response, request) => {
      if (request.headers.authorization !== 'Bearer testkey') {
        sendJson(response, 401, { status: 'ERROR', request_id: 'a1', error: 'Unknown API Key' });
        return;
      }
      const ticker = url.pathname.split('/')[4];
      if (ticker === 'BUSY' && busyCalls++ === 0) {
        sendJson(response, 429, {
          status: 'ERROR',
          request_id: 'b2',
          error:
            "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing",
        });
        return;
      }
      if (ticker === 'PAID') {
        sendJson(response, 403, {
          status: 'NOT_AUTHORIZED',
          request_id: 'c3',
          message:
            'You are not entitled to this data. Please upgrade your plan at https://polygon.io/pricing',
        });
        return;
      }
      // As polygon does: `from`/`to` are millisecond instants or YYYY-MM-DD dates (whole
      // New York days), both inclusive.
      const [from, to] = url.pathname.split('/').slice(8, 10);
      const inRange = BARS.filter((bar) => {
        const date = newYorkDate(bar.t);
        const after = /^\d{4}-\d{2}-\d{2}$/.test(from) ? date >= from : bar.t >= Number(from);
        const before = /^\d{4}-\d{2}-\d{2}$/.test(to) ? date <= to : bar.t <= Number(to);
        return after && before;
      });
      const cursor = url.searchParams.get('cursor');
      const page = cursor === null ? inRange.slice(0, 2) : inRange.slice(2);
      sendJson(response, 200, {
        ticker,
        queryCount: page.length,
        resultsCount: page.length,
        adjusted: true,
        results: page,
        status: 'OK',
        request_id: 'd4',
        count: page.length,
        ...(cursor === null && inRange.length > 2
          ? { next_url: `${server.baseUrl}${url.pathname}?cursor=YWN0aXZlPXRydWU` }
          : {}),
      });
    });
  });
  after(() => server.close());

  const source = (clock = new FakeClock(), tier?: string): PolygonSource =>
    new PolygonSource({
      baseUrl: server.baseUrl,
      env: { POLYGON_API_KEY: 'testkey' },
      retry: RETRY,
      clock,
      tier,
    });

  it('follows next_url and labels daily bars with their New York date, prices exact at 4 places', async () => {
    const { frames } = await source().fetch(
      ['AAPL'],
      new Date('2023-01-09'),
      new Date('2023-01-11'),
      '1d',
    );
    const f = frames[0];
    assert.deepEqual(Array.from(f.timestamps), [
      day('2023-01-09'),
      day('2023-01-10'),
      day('2023-01-11'),
    ]);
    assert.deepEqual(
      [f.open[0], f.high[1], f.low[2], f.close[2]],
      [1304650, 1312636, 1304600, 1334900],
    );
    assert.equal(f.volume[0], 70790813 * 10_000);
    assert.ok(
      server.requests.some(
        (r) => r.includes('/v2/aggs/ticker/AAPL/range/1/day/') && r.includes('adjusted=true'),
      ),
    );
    assert.ok(server.requests.some((r) => r.includes('cursor=YWN0aXZlPXRydWU')));
  });

  it("asks for whole New York days, so the range's last session is there (and no day more)", async () => {
    // A run asks for sessions 2023-01-09 to 2023-01-10 as 00:00 UTC labels; the bar of the 10th
    // is stamped 05:00 UTC, after the end label: asked by instant it would be missing.
    const { frames } = await source().fetch(
      ['AAPL'],
      new Date('2023-01-09T00:00:00Z'),
      new Date('2023-01-10T00:00:00Z'),
      '1d',
    );
    assert.deepEqual(Array.from(frames[0].timestamps), [day('2023-01-09'), day('2023-01-10')]);
    assert.ok(
      server.requests.some((r) =>
        r.startsWith('/v2/aggs/ticker/AAPL/range/1/day/2023-01-09/2023-01-10?'),
      ),
      server.requests.join('\n'),
    );
  });

  it('asks intraday bars by millisecond instants, both inclusive', async () => {
    const { frames } = await source().fetch(
      ['AAPL'],
      new Date(1673326800000),
      new Date(1673413200000),
      '1h',
    );
    assert.deepEqual(Array.from(frames[0].timestamps), [1673326800000, 1673413200000]);
    assert.ok(
      server.requests.some((r) =>
        r.startsWith('/v2/aggs/ticker/AAPL/range/1/hour/1673326800000/1673413200000?'),
      ),
    );
  });

  it('retries a 429 and then returns the bars', async () => {
    const { frames } = await source().fetch(
      ['BUSY'],
      new Date('2023-01-09'),
      new Date('2023-01-11'),
      '1d',
    );
    assert.equal(frames[0].timestamps.length, 3);
  });

  it("fails without retry on NOT_AUTHORIZED, carrying polygon's message", async () => {
    await assert.rejects(
      source().fetch(['PAID'], new Date('2023-01-09'), new Date('2023-01-11'), '1m'),
      (error: unknown) =>
        error instanceof HttpStatusError &&
        error.status === 403 &&
        /not entitled/.test(error.message),
    );
  });

  it("reports a wrong key with polygon's 401 message", async () => {
    const wrong = new PolygonSource({ baseUrl: server.baseUrl, apiKey: 'bad', retry: RETRY });
    await assert.rejects(
      wrong.fetch(['AAPL'], new Date('2023-01-09'), new Date('2023-01-11'), '1d'),
      /401.*Unknown API Key/,
    );
  });

  it('asks for POLYGON_API_KEY when no key is set', async () => {
    await assert.rejects(
      new PolygonSource({ baseUrl: server.baseUrl, env: {} }).fetch(
        ['AAPL'],
        new Date('2023-01-09'),
        new Date('2023-01-11'),
        '1d',
      ),
      (error: unknown) => error instanceof ConfigError && /POLYGON_API_KEY/.test(error.message),
    );
  });

  it('keeps to 5 requests a minute on the free tier', async () => {
    const clock = new FakeClock();
    await source(clock, 'free').fetch(
      ['A', 'B', 'C'],
      new Date('2023-01-09'),
      new Date('2023-01-11'),
      '1d',
    );
    // 3 tickers x 2 pages = 6 requests: a burst of 5, then one 12 s later.
    assert.deepEqual(clock.sleeps, [12_000]);
    assert.throws(
      () => source(clock, 'gold'),
      /Unknown polygon tier 'gold': use one of free, paid/,
    );
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { getCalendar } from '../../../src/calendar/index.js';
import { checkBarFrame } from '../../../src/data/bar-frame.js';
import { YahooSource } from '../../../src/data/sources/yahoo-source.js';
import { ConfigError, DataError } from '../../../src/errors/index.js';
import { FakeClock } from './helpers/fake-clock.js';
import { sendJson, startLoopback, type Loopback } from './helpers/loopback-server.js';

const DIR = 'test/fixtures/sources/yahoo';
const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 60_000 };

interface Recorded {
  request: { url: string };
  response: { status: number; bodyJson: unknown };
}

/** Key of a chart request: symbol, interval and period, as Yahoo reads them. */
function keyOf(url: URL): string {
  const symbol = decodeURIComponent(url.pathname.replace('/v8/finance/chart/', ''));
  const q = url.searchParams;
  return `${symbol}|${q.get('interval')}|${q.get('period1')}|${q.get('period2')}`;
}

/** A loopback Yahoo replaying recorded responses by request key; 404 for anything else. */
async function replay(files: string[], firstStatus?: number): Promise<Loopback> {
  const recorded = new Map<string, unknown>();
  for (const file of files) {
    const exchange = JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as Recorded;
    recorded.set(keyOf(new URL(exchange.request.url)), exchange.response.bodyJson);
  }
  let calls = 0;
  return startLoopback((url, response) => {
    calls++;
    if (calls === 1 && firstStatus !== undefined) {
      sendJson(response, firstStatus, 'Too Many Requests', { 'retry-after': '2' });
      return;
    }
    const body = recorded.get(keyOf(url));
    if (body === undefined) {
      sendJson(response, 404, {
        chart: {
          result: null,
          error: { code: 'Not Found', description: 'No data found, symbol may be delisted' },
        },
      });
    } else {
      sendJson(response, 200, body);
    }
  });
}

const day = (text: string): number => Date.parse(`${text}T00:00:00Z`);

describe('YahooSource against recorded Yahoo responses on a loopback server', () => {
  let server: Loopback;
  before(async () => {
    server = await replay([
      'chart-AAPL-2020-08-31-to-2020-11-07.json',
      'chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json',
      'chart-OCDO.L-2020-01-01-to-2020-01-03.json',
      'chart-BTC-USD-2020-01-01-to-2020-01-03.json',
      'chart-EURUSD=X-2020-01-01-to-2020-01-03.json',
    ]);
  });
  after(() => server.close());

  it('reads 49 daily AAPL bars with the real 4:1 split and the 0.205 dividend, exactly', async () => {
    const source = new YahooSource({ baseUrl: server.baseUrl, retry: RETRY });
    const { frames, corporateActions, report } = await source.fetch(
      ['AAPL'],
      new Date('2020-08-31T00:00:00Z'),
      new Date('2020-11-06T00:00:00Z'),
      '1d',
      { calendar: getCalendar('XNYS') },
    );
    const aapl = frames[0];
    checkBarFrame(aapl);
    assert.equal(aapl.timestamps.length, 49);
    assert.equal(aapl.priceScale, 4);
    assert.equal(aapl.timestamps[0], day('2020-08-31'));
    assert.equal(aapl.open[0], 1275800); // 127.58000183105469 on the wire
    assert.equal(aapl.close[48], 1186900); // 118.69000244140625
    assert.equal(aapl.volume[0], 225702700);
    assert.deepEqual(corporateActions.splits, [
      { symbol: 'AAPL', exDate: day('2020-08-31'), numerator: 4, denominator: 1 },
    ]);
    assert.deepEqual(corporateActions.dividends, [
      { symbol: 'AAPL', exDate: day('2020-11-06'), amount: 205000, scale: 6, currency: 'USD' },
    ]);
    assert.deepEqual(report, { issues: [], gaps: [] });
    assert.ok(
      server.requests.some(
        (r) => r.startsWith('/v8/finance/chart/AAPL?') && r.includes('interval=1d'),
      ),
    );
  });

  it('labels daily bars with the exchange-local date (London, 24/7 crypto, forex)', async () => {
    const source = new YahooSource({ baseUrl: server.baseUrl, retry: RETRY });
    const { frames } = await source.fetch(
      ['OCDO.L', 'BTC-USD', 'EURUSD=X'],
      new Date('2020-01-01T00:00:00Z'),
      new Date('2020-01-02T00:00:00Z'),
      '1d',
    );
    assert.deepEqual(Array.from(frames[0].timestamps), [day('2020-01-02')]);
    assert.equal(frames[0].close[0], 12595000);
    assert.deepEqual(Array.from(frames[1].timestamps), [day('2020-01-01'), day('2020-01-02')]);
    assert.equal(frames[1].close[0], 72001743); // 7200.17431640625 at 4 places
    assert.equal(frames[2].close[0], 11221); // 1.1220825910568237
  });

  it('returns an empty frame for a minute request over a weekend', async () => {
    const source = new YahooSource({
      baseUrl: server.baseUrl,
      retry: RETRY,
      clock: new FakeClock(Date.parse('2025-02-10T00:00:00Z')),
    });
    const { frames, report } = await source.fetch(
      ['AAPL'],
      new Date('2025-02-01T00:00:00Z'),
      new Date('2025-02-01T23:59:00Z'),
      '1m',
    );
    assert.equal(frames[0].timestamps.length, 0);
    assert.deepEqual(report.issues, []);
  });

  it('refuses minute bars older than 30 days before asking Yahoo', async () => {
    const before = server.requests.length;
    const source = new YahooSource({
      baseUrl: server.baseUrl,
      clock: new FakeClock(Date.parse('2025-06-01T00:00:00Z')),
    });
    await assert.rejects(
      source.fetch(
        ['AAPL'],
        new Date('2025-02-01T00:00:00Z'),
        new Date('2025-02-01T23:59:00Z'),
        '1m',
      ),
      (error: unknown) => error instanceof ConfigError && /last 30 days/.test(error.message),
    );
    assert.equal(server.requests.length, before);
  });

  it('reports an unknown symbol as a DataError naming it', async () => {
    const source = new YahooSource({ baseUrl: server.baseUrl, retry: RETRY });
    await assert.rejects(
      source.fetch(
        ['NOPE'],
        new Date('2020-01-01T00:00:00Z'),
        new Date('2020-01-02T00:00:00Z'),
        '1d',
      ),
      (error: unknown) => error instanceof DataError && /chart of NOPE/.test(error.message),
    );
  });
});

describe('YahooSource error paths', () => {
  for (const file of [
    'chart-notimestamp-quotes-length.fake.json',
    'chart-notimestamp-weird-quote.fake.json',
  ]) {
    it(`fails with a DataError naming the symbol on the malformed ${file}`, async () => {
      const server = await replay([file]);
      try {
        const source = new YahooSource({ baseUrl: server.baseUrl, retry: RETRY });
        await assert.rejects(
          source.fetch(
            ['AAPL'],
            new Date('2020-01-01T00:00:00Z'),
            new Date('2020-01-02T00:00:00Z'),
            '1d',
          ),
          (error: unknown) => error instanceof DataError && /AAPL/.test(error.message),
        );
      } finally {
        await server.close();
      }
    });
  }

  it('splits a 20-day minute range into windows of at most 7 days', async () => {
    const empty = JSON.parse(
      readFileSync(
        `${DIR}/chart-AAPL-2025-02-01-to-2025-02-02-includePrePost-false-interval-1m.json`,
        'utf8',
      ),
    ) as Recorded;
    const server = await startLoopback((_url, response) =>
      sendJson(response, 200, empty.response.bodyJson),
    );
    try {
      const clock = new FakeClock(Date.parse('2025-02-25T00:00:00Z'));
      const source = new YahooSource({ baseUrl: server.baseUrl, retry: RETRY, clock });
      await source.fetch(
        ['AAPL'],
        new Date('2025-02-01T00:00:00Z'),
        new Date('2025-02-20T23:59:00Z'),
        '1m',
      );
      const windows = server.requests.map((r) => {
        const q = new URL(r, 'http://x').searchParams;
        return [Number(q.get('period1')), Number(q.get('period2'))];
      });
      assert.equal(windows.length, 3);
      assert.equal(windows[0][0], Date.parse('2025-02-01T00:00:00Z') / 1000);
      assert.equal(windows[2][1], Date.parse('2025-02-21T00:00:00Z') / 1000);
      for (let i = 0; i < windows.length; i++) {
        assert.ok(windows[i][1] - windows[i][0] <= 7 * 86_400);
        if (i > 0) assert.equal(windows[i][0], windows[i - 1][1]);
      }
    } finally {
      await server.close();
    }
  });

  it('waits out a 429 with Retry-After and then reads the chart', async () => {
    const server = await replay(['chart-AAPL-2020-08-31-to-2020-11-07.json'], 429);
    try {
      const clock = new FakeClock();
      const source = new YahooSource({ baseUrl: server.baseUrl, retry: RETRY, clock });
      const { frames } = await source.fetch(
        ['AAPL'],
        new Date('2020-08-31T00:00:00Z'),
        new Date('2020-11-06T00:00:00Z'),
        '1d',
      );
      assert.equal(frames[0].timestamps.length, 49);
      assert.ok(clock.sleeps.includes(2000));
      assert.equal(server.requests.length, 2);
    } finally {
      await server.close();
    }
  });
});

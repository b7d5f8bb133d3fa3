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
      if (url.searchParams.get('start') === '2030-01-01T00:00:00.000Z') {
        sendJson(response, 422, { code: 42210000, message: 'invalid start' });
        return;
      }
      const token = url.searchParams.get('page_token');
      if (token === null) {
        sendJson(response, 200, {
          bars: [
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
          ],
          symbol,
          next_page_token: 'QUFQTHxEfDIwMjItMDEtMDNUMDU6MDA6MDAuMDAwMDAwMDAwWg==',
        });
      } else {
        sendJson(response, 200, {
          bars: [
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
          ],
          symbol,
          next_page_token: null,
        });
      }
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

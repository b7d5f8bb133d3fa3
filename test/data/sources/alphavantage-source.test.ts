import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { AlphaVantageSource } from '../../../src/data/sources/alphavantage-source.js';
import { ConfigError, DataError } from '../../../src/errors/index.js';
import { FakeClock } from './helpers/fake-clock.js';
import { sendJson, startLoopback, type Loopback } from './helpers/loopback-server.js';

const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 120_000 };
const day = (text: string): number => Date.parse(`${text}T00:00:00Z`);

const DAILY = {
  'Meta Data': {
    '1. Information': 'Daily Prices (open, high, low, close) and Volumes',
    '2. Symbol': 'IBM',
    '3. Last Refreshed': '2024-01-05',
    '4. Output Size': 'Compact',
    '5. Time Zone': 'US/Eastern',
  },
  'Time Series (Daily)': {
    '2024-01-05': {
      '1. open': '162.3000',
      '2. high': '162.9000',
      '3. low': '160.4200',
      '4. close': '161.7300',
      '5. volume': '3691617',
    },
    '2024-01-04': {
      '1. open': '160.6600',
      '2. high': '162.4100',
      '3. low': '160.3700',
      '4. close': '161.7500',
      '5. volume': '4087210',
    },
    '2024-01-03': {
      '1. open': '160.9600',
      '2. high': '161.2400',
      '3. low': '159.9200',
      '4. close': '160.1000',
      '5. volume': '3928810',
    },
  },
};

const INTRADAY = {
  'Meta Data': {
    '1. Information': 'Intraday (60min) open, high, low, close prices and volume',
    '2. Symbol': 'IBM',
    '3. Last Refreshed': '2024-01-05 16:00:00',
    '4. Interval': '60min',
    '5. Output Size': 'Full size',
    '6. Time Zone': 'US/Eastern',
  },
  'Time Series (60min)': {
    '2024-01-05 16:00:00': {
      '1. open': '161.5000',
      '2. high': '161.9000',
      '3. low': '161.3000',
      '4. close': '161.7300',
      '5. volume': '612345',
    },
    '2024-01-05 15:00:00': {
      '1. open': '161.2000',
      '2. high': '161.6000',
      '3. low': '161.1000',
      '4. close': '161.5000',
      '5. volume': '400100',
    },
  },
};

describe('AlphaVantageSource against a loopback server in Alpha Vantage format', () => {
  let server: Loopback;
  let noteCalls = 0;
  before(async () => {
    server = await startLoopback((url, response) => {
      const q = url.searchParams;
      if (q.get('apikey') !== 'demo-key') {
        sendJson(response, 200, { 'Error Message': 'the parameter apikey is invalid or missing.' });
        return;
      }
      const symbol = q.get('symbol');
      if (symbol === 'NOTE' && noteCalls++ === 0) {
        sendJson(response, 200, {
          Note: 'Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.',
        });
        return;
      }
      if (symbol === 'DAILYCAP') {
        sendJson(response, 200, {
          Information:
            'Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits.',
        });
        return;
      }
      if (symbol === 'XXXX') {
        sendJson(response, 200, {
          'Error Message':
            'Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for TIME_SERIES_DAILY.',
        });
        return;
      }
      sendJson(response, 200, q.get('function') === 'TIME_SERIES_DAILY' ? DAILY : INTRADAY);
    });
  });
  after(() => server.close());

  const source = (clock = new FakeClock()): AlphaVantageSource =>
    new AlphaVantageSource({
      baseUrl: server.baseUrl,
      env: { ALPHAVANTAGE_API_KEY: 'demo-key' },
      retry: RETRY,
      clock,
    });

  it('reads the decimal text of daily bars exactly, oldest first, compact on the free tier', async () => {
    const { frames } = await source().fetch(
      ['IBM'],
      new Date('2024-01-03'),
      new Date('2024-01-05'),
      '1d',
    );
    const f = frames[0];
    assert.deepEqual(Array.from(f.timestamps), [
      day('2024-01-03'),
      day('2024-01-04'),
      day('2024-01-05'),
    ]);
    assert.deepEqual(
      [f.open[2], f.high[2], f.low[2], f.close[2], f.volume[2]],
      [1623000, 1629000, 1604200, 1617300, 3691617],
    );
    assert.match(
      server.requests.find((r) => r.includes('TIME_SERIES_DAILY')) ?? '',
      /outputsize=compact/,
    );
  });

  it('reads intraday stamps as bar ends in US/Eastern, month by month', async () => {
    const { frames } = await source().fetch(
      ['IBM'],
      new Date('2024-01-05T00:00:00Z'),
      new Date('2024-01-05T23:59:00Z'),
      '1h',
    );
    // 15:00 and 16:00 New York (UTC-5) are the ends of the bars starting 19:00 and 20:00 UTC.
    assert.deepEqual(Array.from(frames[0].timestamps), [
      Date.UTC(2024, 0, 5, 19),
      Date.UTC(2024, 0, 5, 20),
    ]);
    assert.match(
      server.requests.find((r) => r.includes('TIME_SERIES_INTRADAY')) ?? '',
      /interval=60min.*month=2024-01|month=2024-01.*interval=60min/,
    );
  });

  it('waits a minute after a per-minute Note and then reads the series', async () => {
    const clock = new FakeClock();
    const { frames } = await source(clock).fetch(
      ['NOTE'],
      new Date('2024-01-03'),
      new Date('2024-01-05'),
      '1d',
    );
    assert.equal(frames[0].timestamps.length, 3);
    assert.deepEqual(clock.sleeps, [60_000]);
  });

  it('fails at once on the daily limit, without retrying', async () => {
    const clock = new FakeClock();
    await assert.rejects(
      source(clock).fetch(['DAILYCAP'], new Date('2024-01-03'), new Date('2024-01-05'), '1d'),
      (error: unknown) => error instanceof DataError && /25 requests per day/.test(error.message),
    );
    assert.deepEqual(clock.sleeps, []);
  });

  it('turns an Error Message into a DataError', async () => {
    await assert.rejects(
      source().fetch(['XXXX'], new Date('2024-01-03'), new Date('2024-01-05'), '1d'),
      /Invalid API call/,
    );
  });

  it('asks for ALPHAVANTAGE_API_KEY when no key is set', async () => {
    await assert.rejects(
      new AlphaVantageSource({ baseUrl: server.baseUrl, env: {} }).fetch(
        ['IBM'],
        new Date('2024-01-03'),
        new Date('2024-01-05'),
        '1d',
      ),
      (error: unknown) =>
        error instanceof ConfigError && /ALPHAVANTAGE_API_KEY/.test(error.message),
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AlpacaSource } from '../../../src/data/sources/alpaca-source.js';
import { AlphaVantageSource } from '../../../src/data/sources/alphavantage-source.js';
import type { DataSource } from '../../../src/data/sources/data-source.js';
import { PolygonSource } from '../../../src/data/sources/polygon-source.js';
import { redact, secretsOf } from '../../../src/data/sources/redaction.js';
import { startLoopback, type Loopback } from './helpers/loopback-server.js';

const NO_RETRY = { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 };
const KEYS = {
  POLYGON_API_KEY: 'pg-KEY-9f8e7d6c5b4a',
  APCA_API_KEY_ID: 'PKALPACAKEYID123',
  APCA_API_SECRET_KEY: 'alpaca/secret+value=42',
  ALPHAVANTAGE_API_KEY: 'AVKEYZ1X2C3V4',
};

/** A server or proxy that reflects the whole request (headers and query) in its error body. */
let echo: Loopback;
let status = 401;
before(async () => {
  echo = await startLoopback((url, response, request) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(
      // Credentials first, where a 200-character excerpt of the body shows them.
      JSON.stringify({
        raw: request.rawHeaders.join(' '),
        url: url.toString(),
        error: 'unauthorized',
      }),
    );
  });
});
after(() => echo.close());

const sources = (): [string, DataSource][] => [
  [
    'polygon',
    new PolygonSource({ baseUrl: echo.baseUrl, apiKey: KEYS.POLYGON_API_KEY, retry: NO_RETRY }),
  ],
  ['alpaca', new AlpacaSource({ baseUrl: echo.baseUrl, env: KEYS, retry: NO_RETRY })],
  ['alphavantage', new AlphaVantageSource({ baseUrl: echo.baseUrl, env: KEYS, retry: NO_RETRY })],
];

function assertNoKey(text: string, where: string): void {
  for (const key of Object.values(KEYS)) {
    assert.ok(
      !text.includes(key) && !text.includes(encodeURIComponent(key)),
      `${where} leaks ${key}:\n${text}`,
    );
  }
}

describe('secrets are never printed', () => {
  for (const code of [401, 500]) {
    it(`removes every key from errors built from a ${code} body that echoes the request`, async () => {
      status = code;
      for (const [name, source] of sources()) {
        const error = await source
          .fetch(['AAPL'], new Date('2024-01-02T00:00:00Z'), new Date('2024-01-05T23:59:59Z'), '1d')
          .then(
            () => assert.fail(`${name} should fail`),
            (e: unknown) => e as Error,
          );
        assert.match(error.message, new RegExp(`HTTP ${code}`), `${name}: ${error.message}`);
        assert.match(error.message, /\*\*\*/, `${name} shows where a secret was removed`);
        assertNoKey(error.message, `${name} message`);
        assertNoKey(error.stack ?? '', `${name} stack`);
      }
    });
  }

  it('redacts by value, URL-encoded too, and anything shaped like a credential', () => {
    const secrets = secretsOf(
      { Authorization: 'Bearer abc123def', 'APCA-API-SECRET-KEY': 's/e+c=r' },
      { apikey: 'QWERTY12' },
      ['apikey'],
    );
    assert.deepEqual(
      secrets,
      ['Bearer abc123def', 'QWERTY12', 'abc123def', 's/e+c=r'].sort((a, b) => b.length - a.length),
    );
    const text =
      'url ?apikey=QWERTY12 hdr s%2Fe%2Bc%3Dr Authorization: Bearer other-token-777 token=zzzz9999';
    const clean = redact(text, secrets);
    for (const leaked of ['QWERTY12', 's%2Fe%2Bc%3Dr', 'other-token-777', 'zzzz9999'])
      assert.ok(!clean.includes(leaked), clean);
  });
});

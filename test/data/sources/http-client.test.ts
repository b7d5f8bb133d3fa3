import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { HttpClient } from '../../../src/data/sources/http-client.js';
import { HttpStatusError, NetworkError } from '../../../src/data/sources/http-error.js';
import { DataError } from '../../../src/errors/index.js';
import { FakeClock } from './helpers/fake-clock.js';
import { sendJson, startLoopback, type Loopback } from './helpers/loopback-server.js';

const RETRY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 60_000 };

describe('HttpClient against a loopback server', () => {
  let server: Loopback;
  const hits = new Map<string, number>();
  before(async () => {
    server = await startLoopback((url, response) => {
      const count = (hits.get(url.pathname) ?? 0) + 1;
      hits.set(url.pathname, count);
      switch (url.pathname) {
        case '/ok':
          sendJson(response, 200, { echo: url.searchParams.get('q') });
          break;
        case '/busy-then-ok':
          if (count === 1)
            sendJson(response, 429, { error: 'rate limited' }, { 'retry-after': '7' });
          else sendJson(response, 200, { attempt: count });
          break;
        case '/always-500':
          sendJson(response, 500, 'internal');
          break;
        case '/missing':
          sendJson(response, 404, { error: 'no such ticker' });
          break;
        case '/not-json':
          sendJson(response, 200, '{"open": [1, 2');
          break;
        case '/hang':
          break; // never answers
        default:
          sendJson(response, 404, {});
      }
    });
  });
  after(() => server.close());

  const client = (clock = new FakeClock(), timeoutMs = 2000): HttpClient =>
    new HttpClient({
      baseUrl: server.baseUrl,
      sourceName: 'test',
      retry: RETRY,
      clock,
      timeoutMs,
      secretParams: ['apikey'],
    });

  it('parses a JSON body and sends the query', async () => {
    const response = await client().getJson('ok', { q: 'a b', skip: undefined });
    assert.deepEqual(response.body, { echo: 'a b' });
  });

  it('waits the Retry-After of a 429 and then returns the success', async () => {
    const clock = new FakeClock();
    const response = await client(clock).getJson('busy-then-ok');
    assert.deepEqual(response.body, { attempt: 2 });
    assert.deepEqual(clock.sleeps, [7000]);
  });

  it('fails with the status after retrying a persistent 500', async () => {
    const clock = new FakeClock();
    await assert.rejects(
      client(clock).getJson('always-500'),
      (error: unknown) => error instanceof HttpStatusError && error.status === 500,
    );
    assert.equal(hits.get('/always-500'), 3);
    assert.equal(clock.sleeps.length, 2);
  });

  it('does not retry a 404, and hides the API key in the message', async () => {
    await assert.rejects(
      client().getJson('missing', { apikey: 'SECRET123' }),
      (error: unknown) =>
        error instanceof HttpStatusError &&
        error.status === 404 &&
        !error.message.includes('SECRET123') &&
        error.message.includes('no such ticker'),
    );
    assert.equal(hits.get('/missing'), 1);
  });

  it('reports a body that is not JSON as a DataError without retrying', async () => {
    await assert.rejects(
      client().getJson('not-json'),
      (error: unknown) => error instanceof DataError && /not JSON/.test(error.message),
    );
    assert.equal(hits.get('/not-json'), 1);
  });

  it('turns a request with no answer into a NetworkError after the timeout, retried', async () => {
    await assert.rejects(
      client(new FakeClock(), 150).getJson('hang'),
      (error: unknown) =>
        error instanceof NetworkError && /no answer within 150 ms/.test(error.message),
    );
    assert.equal(hits.get('/hang'), 3);
  });

  it('stops at once when the caller aborts, without sending the request', async () => {
    const before = server.requests.length;
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await assert.rejects(client().getJson('ok', {}, controller.signal), /user cancelled/);
    assert.equal(server.requests.length, before);
  });

  it('reports a refused connection as a NetworkError', async () => {
    const refused = new HttpClient({
      baseUrl: 'http://127.0.0.1:1',
      sourceName: 'test',
      retry: { ...RETRY, maxAttempts: 1 },
    });
    await assert.rejects(refused.getJson('x'), NetworkError);
  });
});

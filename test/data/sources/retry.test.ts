import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import {
  HttpStatusError,
  NetworkError,
  parseRetryAfter,
} from '../../../src/data/sources/http-error.js';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  withRetry,
  type RetryPolicy,
} from '../../../src/data/sources/retry.js';
import { SeededRandom } from '../../../src/data/sources/seeded-random.js';
import { DataError } from '../../../src/errors/index.js';
import { FakeClock } from './helpers/fake-clock.js';

const POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 5000,
};

function failing(errors: Error[]): () => Promise<string> {
  let call = 0;
  return () => {
    const error = errors[call++];
    return error === undefined ? Promise.resolve('ok') : Promise.reject(error);
  };
}

describe('withRetry', () => {
  it('retries a network error, a 503 and a 429, then returns the success', async () => {
    const clock = new FakeClock();
    const result = await withRetry(
      failing([
        new NetworkError('reset'),
        new HttpStatusError('busy', 503),
        new HttpStatusError('slow down', 429),
      ]),
      { policy: POLICY, clock, random: new SeededRandom(1) },
    );
    assert.equal(result, 'ok');
    assert.equal(clock.sleeps.length, 3);
  });

  it('waits exactly as long as Retry-After asks when that exceeds the backoff', async () => {
    const clock = new FakeClock();
    await withRetry(failing([new HttpStatusError('slow down', 429, 2000)]), {
      policy: POLICY,
      clock,
      random: new SeededRandom(1),
    });
    assert.deepEqual(clock.sleeps, [2000]);
  });

  it('gives up at once when Retry-After exceeds the longest wait it honours', async () => {
    const clock = new FakeClock();
    const error = new HttpStatusError('come back tomorrow', 429, 86_400_000);
    await assert.rejects(
      withRetry(failing([error]), { policy: POLICY, clock }),
      (e) => e === error,
    );
    assert.deepEqual(clock.sleeps, []);
  });

  it('does not retry a 404 or a data error', async () => {
    for (const error of [new HttpStatusError('no such symbol', 404), new DataError('bad body')]) {
      const clock = new FakeClock();
      await assert.rejects(
        withRetry(failing([error]), { policy: POLICY, clock }),
        (e) => e === error,
      );
      assert.deepEqual(clock.sleeps, []);
    }
  });

  it('rethrows the last error after maxAttempts tries', async () => {
    const clock = new FakeClock();
    const errors = [1, 2, 3, 4].map((n) => new HttpStatusError(`fail ${n}`, 500));
    await assert.rejects(
      withRetry(failing(errors), { policy: POLICY, clock }),
      (e) => e === errors[3],
    );
    assert.equal(clock.sleeps.length, 3);
  });

  it('waits the same delays for the same jitter seed', async () => {
    const delays = async (seed: number): Promise<number[]> => {
      const clock = new FakeClock();
      await withRetry(
        failing([new NetworkError('a'), new NetworkError('b'), new NetworkError('c')]),
        {
          policy: POLICY,
          clock,
          random: new SeededRandom(seed),
        },
      );
      return clock.sleeps;
    };
    assert.deepEqual(await delays(7), await delays(7));
    assert.notDeepEqual(await delays(7), await delays(8));
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, capped, with half of each delay jittered', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, u) => {
          const cap = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** (attempt - 1));
          const delay = backoffDelay(attempt, POLICY, u);
          return delay >= Math.floor(cap / 2) && delay <= cap;
        },
      ),
    );
    assert.equal(backoffDelay(1, POLICY, 0), 50);
    assert.equal(backoffDelay(3, POLICY, 0), 200);
    assert.equal(backoffDelay(10, POLICY, 0), 500);
    assert.equal(backoffDelay(1, DEFAULT_RETRY_POLICY, 0.5, 4000), 4000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('Mon, 01 Jan 2024 00:00:10 GMT', now), 10_000);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });
});

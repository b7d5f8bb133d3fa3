import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TokenBucket } from '../../../src/data/sources/rate-limiter.js';
import { ConfigError } from '../../../src/errors/index.js';
import { FakeClock } from './helpers/fake-clock.js';

describe('TokenBucket', () => {
  it('lets a burst of capacity through, then spaces requests at the refill rate', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(5, 60_000, 5, clock);
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      await bucket.take();
      times.push(clock.now());
    }
    assert.deepEqual(times, [0, 0, 0, 0, 0, 12_000, 24_000, 36_000]);
  });

  it('serves concurrent takers in order at the refill rate after the burst', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(2, 1000, 2, clock);
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, () => bucket.take().then(() => times.push(clock.now()))),
    );
    assert.deepEqual(times, [0, 0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000]);
  });

  it('refills while idle, up to the capacity only', async () => {
    const clock = new FakeClock(0);
    const bucket = new TokenBucket(1, 1000, 3, clock);
    for (let i = 0; i < 3; i++) await bucket.take();
    clock.time += 60_000;
    assert.equal(bucket.available(), 3);
  });

  it('rejects a non-positive rate with a ConfigError', () => {
    assert.throws(() => new TokenBucket(0, 1000), ConfigError);
  });
});

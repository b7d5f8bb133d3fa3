import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDuration } from '../../src/cli/commands/duration.js';
import { ConfigError } from '../../src/errors/index.js';

describe('parseDuration', () => {
  it('reads minutes, hours, days and weeks', () => {
    assert.equal(parseDuration('30m', '--older-than'), 30 * 60 * 1000);
    assert.equal(parseDuration('12h', '--older-than'), 12 * 60 * 60 * 1000);
    assert.equal(parseDuration('7d', '--older-than'), 7 * 24 * 60 * 60 * 1000);
    assert.equal(parseDuration('2w', '--older-than'), 14 * 24 * 60 * 60 * 1000);
  });

  it('gives the same length for a week as for seven days, and for a day as for 24 hours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        assert.equal(parseDuration(`${n}w`, 'x'), parseDuration(`${7 * n}d`, 'x'));
        assert.equal(parseDuration(`${n}d`, 'x'), parseDuration(`${24 * n}h`, 'x'));
        assert.equal(parseDuration(`${n}h`, 'x'), parseDuration(`${60 * n}m`, 'x'));
      }),
    );
  });

  it('rejects anything else with a ConfigError naming the flag and the accepted forms', () => {
    for (const bad of ['7', 'd', '7days', '1.5h', '0d', '-1d', '7 d', '7D', '1y', '', '10s']) {
      assert.throws(
        () => parseDuration(bad, '--older-than'),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.code === 'ERR_CONFIG' &&
          error.message.startsWith(`--older-than ${JSON.stringify(bad)} is not a duration`) &&
          error.message.includes('30m, 12h, 7d, 2w'),
        bad,
      );
    }
  });
});

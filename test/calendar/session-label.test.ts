import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DAY_MS, formatSessionLabel, sessionLabel } from '../../src/calendar/session-label.js';

// formatSessionLabel writes dates by arithmetic from 1970 to 9999 and through Date otherwise:
// it must write what Date writes, to the day, for every instant.
const byDate = (instant: number): string => new Date(instant).toISOString().slice(0, 10);

describe('formatSessionLabel', () => {
  it('writes the UTC date Date writes, for any instant of years 1970 to 9999 and around them', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5e12, max: 253_402_300_799_999 + 5e12 }), (instant) => {
        assert.equal(formatSessionLabel(instant), byDate(instant));
      }),
      { numRuns: 20_000 },
    );
  });

  it('gets the edges right: leap days, year and century ends, the first and last day', () => {
    for (const date of [
      '1970-01-01',
      '1972-02-29',
      '1999-12-31',
      '2000-02-29',
      '2000-03-01',
      '2024-02-29',
      '2100-02-28',
      '2100-03-01',
      '9999-12-31',
    ]) {
      const label = sessionLabel(date);
      assert.equal(formatSessionLabel(label), date);
      assert.equal(formatSessionLabel(label + DAY_MS - 1), date);
    }
    assert.equal(formatSessionLabel(-1), '1969-12-31');
    assert.equal(formatSessionLabel(1.5), '1970-01-01');
    assert.throws(() => formatSessionLabel(Number.NaN), RangeError);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateRules, timeRules } from '../../../src/engine/algorithm/schedule-rules.js';
import { ConfigError } from '../../../src/errors/index.js';

// NYSE sessions of January and early February 2021, written out by hand:
// Jan 1 (New Year) and Jan 18 (Martin Luther King Jr. Day) are holidays.
const days = [4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 19, 20, 21, 22, 25, 26, 27, 28, 29];
const labels = Float64Array.from([
  ...days.map((d) => Date.UTC(2021, 0, d)),
  Date.UTC(2021, 1, 1),
  Date.UTC(2021, 1, 2),
]);

function firing(mask: Uint8Array): string[] {
  const out: string[] = [];
  mask.forEach((fires, i) => {
    if (fires === 1) out.push(new Date(labels[i]).toISOString().slice(5, 10));
  });
  return out;
}

describe('dateRules', () => {
  it('everyDay fires on every session', () => {
    assert.equal(firing(dateRules.everyDay().select(labels)).length, labels.length);
  });

  it('weekStart fires on the first session of each week, a Tuesday after a Monday holiday', () => {
    assert.deepEqual(firing(dateRules.weekStart().select(labels)), [
      '01-04',
      '01-11',
      '01-19',
      '01-25',
      '02-01',
    ]);
    assert.deepEqual(firing(dateRules.weekStart(1).select(labels)), [
      '01-05',
      '01-12',
      '01-20',
      '01-26',
      '02-02',
    ]);
  });

  it('weekEnd fires on the last session of each week, counting back with the offset', () => {
    assert.deepEqual(firing(dateRules.weekEnd().select(labels)), [
      '01-08',
      '01-15',
      '01-22',
      '01-29',
      '02-02',
    ]);
    assert.deepEqual(firing(dateRules.weekEnd(3).select(labels)), [
      '01-05',
      '01-12',
      '01-19',
      '01-26',
    ]);
  });

  it('monthStart and monthEnd count trading sessions, not calendar days', () => {
    assert.deepEqual(firing(dateRules.monthStart().select(labels)), ['01-04', '02-01']);
    assert.deepEqual(firing(dateRules.monthStart(2).select(labels)), ['01-06']);
    assert.deepEqual(firing(dateRules.monthEnd().select(labels)), ['01-29', '02-02']);
    assert.deepEqual(firing(dateRules.monthEnd(1).select(labels)), ['01-28', '02-01']);
  });

  it('rejects a negative or fractional offset', () => {
    assert.throws(() => dateRules.weekStart(-1), ConfigError);
    assert.throws(
      () => dateRules.monthEnd(1.5),
      /monthEnd: daysOffset must be a non-negative integer, got 1.5/,
    );
  });
});

describe('timeRules', () => {
  const open = Date.UTC(2021, 0, 4, 14, 30);
  const close = Date.UTC(2021, 0, 4, 21, 0);

  it('marketOpen defaults to one minute after the open and adds hours and minutes', () => {
    assert.equal(timeRules.marketOpen().triggerTime(open, close), open + 60_000);
    assert.equal(
      timeRules.marketOpen({ hours: 1, minutes: 30 }).triggerTime(open, close),
      open + 90 * 60_000,
    );
    assert.equal(timeRules.marketOpen({ hours: 1 }).triggerTime(open, close), open + 60 * 60_000);
  });

  it('marketClose defaults to one minute before the close', () => {
    assert.equal(timeRules.marketClose().triggerTime(open, close), close - 60_000);
    assert.equal(
      timeRules.marketClose({ minutes: 30 }).triggerTime(open, close),
      close - 30 * 60_000,
    );
  });

  it('rejects negative offsets', () => {
    assert.throws(
      () => timeRules.marketOpen({ minutes: -5 }),
      /marketOpen: minutes must be a non-negative integer/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getCalendar } from '../../src/calendar/index.js';
import { THURSDAY, MONDAY, easterSunday, nthWeekday } from '../../src/calendar/holiday-rules.js';
import { formatSessionLabel, sessionLabel } from '../../src/calendar/session-label.js';
import { utcOffsetAt, zonedTimeToUtc } from '../../src/calendar/zoned-time.js';
import { ConfigError } from '../../src/errors/index.js';

describe('holiday rules', () => {
  it('finds Easter Sunday on its published dates', () => {
    const easters = [
      '1990-04-15',
      '2000-04-23',
      '2008-03-23',
      '2011-04-24',
      '2019-04-21',
      '2024-03-31',
      '2038-04-25',
    ];
    for (const date of easters) {
      assert.equal(formatSessionLabel(easterSunday(Number(date.slice(0, 4)))), date);
    }
  });

  it('finds the n-th and the last weekday of a month', () => {
    assert.equal(formatSessionLabel(nthWeekday(2024, 11, THURSDAY, 4)), '2024-11-28');
    assert.equal(formatSessionLabel(nthWeekday(2024, 5, MONDAY, -1)), '2024-05-27');
    assert.equal(formatSessionLabel(nthWeekday(2021, 5, MONDAY, -1)), '2021-05-31');
    assert.equal(formatSessionLabel(nthWeekday(2024, 9, MONDAY, 1)), '2024-09-02');
  });
});

describe('zoned time', () => {
  it('reads offsets from the tz database', () => {
    assert.equal(utcOffsetAt('America/New_York', Date.UTC(2024, 0, 15)), -5 * 3_600_000);
    assert.equal(utcOffsetAt('America/New_York', Date.UTC(2024, 6, 15)), -4 * 3_600_000);
    assert.equal(utcOffsetAt('Asia/Kolkata', Date.UTC(2024, 6, 15)), 5.5 * 3_600_000);
  });

  it('converts wall times on DST change days, a skipped hour resolving after the jump', () => {
    const springForward = sessionLabel('2024-03-10');
    assert.equal(zonedTimeToUtc('America/New_York', springForward, 60), Date.UTC(2024, 2, 10, 6));
    assert.equal(zonedTimeToUtc('America/New_York', springForward, 180), Date.UTC(2024, 2, 10, 7));
    assert.equal(
      zonedTimeToUtc('America/New_York', springForward, 150),
      Date.UTC(2024, 2, 10, 7, 30),
    );
    const fallBack = sessionLabel('2024-11-03');
    assert.equal(
      zonedTimeToUtc('America/New_York', fallBack, 9 * 60 + 30),
      Date.UTC(2024, 10, 3, 14, 30),
    );
    assert.equal(zonedTimeToUtc('America/New_York', fallBack, 24 * 60), Date.UTC(2024, 10, 4, 5));
  });
});

describe('getCalendar', () => {
  it('returns the shipped calendars by name, NYSE as an alias of XNYS', () => {
    assert.equal(getCalendar('XNYS').name, 'XNYS');
    assert.equal(getCalendar('NYSE'), getCalendar('XNYS'));
    assert.equal(getCalendar('24/7').name, '24/7');
  });

  it('refuses an unknown name with a ConfigError listing the choices', () => {
    assert.throws(
      () => getCalendar('XLON'),
      (error: unknown) => error instanceof ConfigError && /XNYS, NYSE, 24\/7/.test(error.message),
    );
  });
});

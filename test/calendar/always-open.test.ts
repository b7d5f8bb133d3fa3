import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getCalendar } from '../../src/calendar/index.js';
import { DAY_MS, formatSessionLabel, sessionLabel } from '../../src/calendar/session-label.js';
import { CalendarError } from '../../src/errors/index.js';

const crypto = getCalendar('24/7');

describe('24/7 calendar', () => {
  it('makes every UTC date a session running 00:00-24:00 UTC, weekends and holidays included', () => {
    for (const date of ['2024-01-06', '2024-12-25', '2024-02-29', '2024-03-10']) {
      const label = sessionLabel(date);
      assert.equal(crypto.isSession(label), true);
      assert.equal(crypto.sessionOpen(label), label);
      assert.equal(crypto.sessionClose(label), label + DAY_MS);
    }
  });

  it('annualizes with 365 periods, in UTC', () => {
    assert.equal(crypto.annualization, 365);
    assert.equal(crypto.timeZone, 'UTC');
    assert.equal(crypto.name, '24/7');
  });

  it('lists 366 sessions in 2024 and steps one day at a time', () => {
    assert.equal(
      crypto.sessionsInRange(sessionLabel('2024-01-01'), sessionLabel('2024-12-31')).length,
      366,
    );
    assert.equal(formatSessionLabel(crypto.nextSession(sessionLabel('2024-02-28'))), '2024-02-29');
    assert.equal(
      formatSessionLabel(crypto.previousSession(sessionLabel('2024-03-01'))),
      '2024-02-29',
    );
  });

  it('has 24 hourly and 1440 minute bars per session', () => {
    const label = sessionLabel('2024-03-10');
    const hours = crypto.barsForSession(label, '1h');
    assert.equal(hours.length, 24);
    assert.equal(hours[23], label + 23 * 3_600_000);
    const minutes = crypto.barsForSession(label, '1m');
    assert.equal(minutes.length, 1440);
    assert.equal(minutes[1439], label + DAY_MS - 60_000);
  });

  it('returns consecutive labels for any range (property)', () => {
    const min = sessionLabel('1970-01-01');
    const max = sessionLabel('2099-12-31');
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min: 0, max: 400 }), (start, days) => {
        const end = Math.min(start + days * DAY_MS, max);
        const sessions = crypto.sessionsInRange(start, end);
        assert.equal(sessions[0], Math.floor(start / DAY_MS) * DAY_MS);
        for (let i = 1; i < sessions.length; i++)
          assert.equal(sessions[i] - sessions[i - 1], DAY_MS);
        assert.ok(sessions[sessions.length - 1] <= end);
      }),
    );
  });

  it('refuses dates outside 1970-2099 and labels that are not midnight UTC', () => {
    assert.throws(() => crypto.isSession(sessionLabel('2100-01-01')), CalendarError);
    assert.throws(() => crypto.nextSession(sessionLabel('2099-12-31')), /2099-12-31/);
    assert.throws(() => crypto.previousSession(sessionLabel('1970-01-01')), CalendarError);
    assert.throws(() => crypto.sessionOpen(sessionLabel('2024-01-01') + 1), /not a session label/);
  });
});

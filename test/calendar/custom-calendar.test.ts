import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customCalendar } from '../../src/calendar/index.js';
import { formatSessionLabel, sessionLabel } from '../../src/calendar/session-label.js';
import { CalendarError } from '../../src/errors/index.js';

const iso = (instant: number) => new Date(instant).toISOString().replace('.000', '');

describe('customCalendar', () => {
  it('uses exactly the sessions given, in date order, 00:00-24:00 UTC by default', () => {
    const calendar = customCalendar({
      name: 'three-days',
      sessions: ['2024-01-05', '2024-01-02', sessionLabel('2024-01-03')],
    });
    assert.deepEqual(
      Array.from(
        calendar.sessionsInRange(sessionLabel('2024-01-02'), sessionLabel('2024-01-05')),
        formatSessionLabel,
      ),
      ['2024-01-02', '2024-01-03', '2024-01-05'],
    );
    assert.equal(calendar.isSession(sessionLabel('2024-01-04')), false);
    assert.equal(
      formatSessionLabel(calendar.nextSession(sessionLabel('2024-01-03'))),
      '2024-01-05',
    );
    assert.equal(iso(calendar.sessionOpen(sessionLabel('2024-01-02'))), '2024-01-02T00:00:00Z');
    assert.equal(iso(calendar.sessionClose(sessionLabel('2024-01-02'))), '2024-01-03T00:00:00Z');
    assert.equal(calendar.annualization, 252);
  });

  it('converts local times in its time zone, across DST, with per-session overrides', () => {
    const calendar = customCalendar({
      name: 'XLON-like',
      timeZone: 'Europe/London',
      open: '08:00',
      close: '16:30',
      annualization: 253,
      sessions: ['2024-03-29', '2024-04-02', { date: '2024-12-24', close: '12:30' }],
    });
    assert.equal(iso(calendar.sessionOpen(sessionLabel('2024-03-29'))), '2024-03-29T08:00:00Z');
    assert.equal(iso(calendar.sessionOpen(sessionLabel('2024-04-02'))), '2024-04-02T07:00:00Z');
    assert.equal(iso(calendar.sessionClose(sessionLabel('2024-12-24'))), '2024-12-24T12:30:00Z');
    assert.equal(calendar.barsForSession(sessionLabel('2024-12-24'), '1h').length, 5);
    assert.equal(calendar.annualization, 253);
    assert.equal(calendar.timeZone, 'Europe/London');
  });

  it('answers only between its first and last session', () => {
    const calendar = customCalendar({ name: 'short', sessions: ['2024-01-02', '2024-01-03'] });
    assert.throws(
      () => calendar.isSession(sessionLabel('2024-01-04')),
      /short calendar, which covers 2024-01-02 to 2024-01-03/,
    );
    assert.throws(() => calendar.nextSession(sessionLabel('2024-01-03')), CalendarError);
  });

  it('rejects bad definitions with a CalendarError that says what to fix', () => {
    const bad: [() => unknown, RegExp][] = [
      [() => customCalendar({ name: 'x', sessions: [] }), /no sessions/],
      [() => customCalendar({ name: 'x', sessions: ['2024-01-02', '2024-01-02'] }), /listed twice/],
      [() => customCalendar({ name: 'x', sessions: ['2024-02-30'] }), /YYYY-MM-DD/],
      [() => customCalendar({ name: 'x', sessions: [Date.UTC(2024, 0, 2, 9)] }), /not a label/],
      [() => customCalendar({ name: 'x', sessions: ['2024-01-02'], open: '9:30' }), /HH:MM/],
      [
        () =>
          customCalendar({ name: 'x', sessions: ['2024-01-02'], open: '16:00', close: '09:30' }),
        /closes at or before/,
      ],
      [
        () => customCalendar({ name: 'x', sessions: ['2024-01-02'], timeZone: 'Mars/Olympus' }),
        /IANA time zone/,
      ],
      [
        () => customCalendar({ name: 'x', sessions: ['2024-01-02'], annualization: 0 }),
        /annualization/,
      ],
    ];
    for (const [call, message] of bad) {
      assert.throws(
        call,
        (error: unknown) => error instanceof CalendarError && message.test(error.message),
      );
    }
  });
});

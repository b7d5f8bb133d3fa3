import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildXnysCalendar } from '../../src/calendar/xnys.js';
import { xnysSessionsFromRules, xnysTableFromRules } from '../../src/calendar/xnys-rules.js';
import {
  XNYS_CLOSED_WEEKDAYS,
  XNYS_DAYLIGHT_PERIODS,
  XNYS_EARLY_CLOSES,
} from '../../src/calendar/xnys-table.js';

describe('the generated XNYS table', () => {
  it('holds what the rules give today (else: npm run generate:calendars)', () => {
    const fromRules = xnysTableFromRules();
    assert.deepEqual(XNYS_CLOSED_WEEKDAYS, fromRules.closedWeekdays);
    assert.deepEqual(XNYS_EARLY_CLOSES, fromRules.earlyCloses);
    assert.deepEqual(XNYS_DAYLIGHT_PERIODS, fromRules.daylightPeriods);
  });

  it('gives every session, open and close of 1990–2030 exactly as the rule-based calendar', () => {
    const fromRules = xnysSessionsFromRules();
    const calendar = buildXnysCalendar();
    const labels = calendar.sessionsInRange(Date.UTC(1990, 0, 1), Date.UTC(2030, 11, 31));
    assert.equal(labels.length, fromRules.labels.length);
    assert.deepEqual(labels, fromRules.labels);
    for (let k = 0; k < labels.length; k++) {
      const day = new Date(labels[k]).toISOString().slice(0, 10);
      assert.equal(calendar.sessionOpen(labels[k]), fromRules.opens[k], `open of ${day}`);
      assert.equal(calendar.sessionClose(labels[k]), fromRules.closes[k], `close of ${day}`);
    }
  });

  it('knows the days people check: DST switches, early closes, closures', () => {
    const calendar = buildXnysCalendar();
    const at = (date: string) => Date.parse(`${date}T00:00:00Z`);
    // 2024-03-08 (EST) and 2024-03-11 (EDT) around the spring switch.
    assert.equal(calendar.sessionOpen(at('2024-03-08')), Date.parse('2024-03-08T14:30:00Z'));
    assert.equal(calendar.sessionOpen(at('2024-03-11')), Date.parse('2024-03-11T13:30:00Z'));
    assert.equal(calendar.sessionClose(at('2024-11-29')), Date.parse('2024-11-29T18:00:00Z'));
    assert.equal(calendar.sessionClose(at('1992-11-27')), Date.parse('1992-11-27T19:00:00Z'));
    assert.equal(calendar.isSession(at('2012-10-29')), false);
    assert.equal(calendar.isSession(at('2025-01-09')), false);
    assert.equal(calendar.isSession(at('2025-01-10')), true);
  });

  it('is built without the time-zone database (no Intl at run time)', () => {
    const original = Intl.DateTimeFormat;
    Intl.DateTimeFormat = function refused(): never {
      throw new Error('Intl.DateTimeFormat used while building XNYS');
    } as unknown as typeof Intl.DateTimeFormat;
    try {
      const calendar = buildXnysCalendar();
      assert.equal(calendar.firstSession, Date.UTC(1990, 0, 2));
    } finally {
      Intl.DateTimeFormat = original;
    }
  });
});

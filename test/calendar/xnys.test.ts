import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { getCalendar } from '../../src/calendar/index.js';
import { formatSessionLabel, sessionLabel } from '../../src/calendar/session-label.js';
import { CalendarError } from '../../src/errors/index.js';

interface OracleYear {
  sessions: number;
  weekdayHolidays: string[];
  earlyCloses: [string, string][];
}
const oracle = JSON.parse(
  readFileSync(new URL('../fixtures/calendar/xnys-oracle.json', import.meta.url), 'utf8'),
) as { years: Record<string, OracleYear>; opensAroundDst: [string, string][] };

const xnys = getCalendar('XNYS');
const iso = (instant: number) => new Date(instant).toISOString().replace('.000', '');
const yearSessions = (year: number) =>
  xnys.sessionsInRange(Date.UTC(year, 0, 1), Date.UTC(year, 11, 31));

describe('XNYS session counts', () => {
  it('matches the session counts the NYSE published for selected years', () => {
    const published: Record<number, number> = {
      2001: 248, // closed 11-14 September
      2012: 250, // Hurricane Sandy, 29-30 October
      2018: 251,
      2019: 252,
      2020: 253,
      2022: 251,
      2023: 250,
      2024: 252,
      2025: 250, // Carter day of mourning, 9 January
    };
    for (const [year, count] of Object.entries(published)) {
      assert.equal(yearSessions(Number(year)).length, count, `sessions in ${year}`);
    }
  });

  for (let year = 1990; year <= 2030; year++) {
    it(`has the oracle's sessions, holidays and early closes in ${year}`, () => {
      const expected = oracle.years[String(year)];
      const sessions = yearSessions(year);
      assert.equal(sessions.length, expected.sessions);
      for (const holiday of expected.weekdayHolidays) {
        assert.equal(xnys.isSession(sessionLabel(holiday)), false, `${holiday} is a holiday`);
      }
      const early = Array.from(sessions)
        .filter((label) => xnys.sessionClose(label) - xnys.sessionOpen(label) < 6.5 * 3_600_000)
        .map((label) => [formatSessionLabel(label), iso(xnys.sessionClose(label))]);
      assert.deepEqual(early, expected.earlyCloses);
    });
  }

  it('opens at the oracle instants on both sides of every DST change', () => {
    assert.ok(oracle.opensAroundDst.length > 150);
    for (const [date, open] of oracle.opensAroundDst) {
      assert.equal(iso(xnys.sessionOpen(sessionLabel(date))), open, date);
    }
  });
});

describe('XNYS holidays', () => {
  const closed: [string, string][] = [
    ['1990-01-01', "New Year's Day"],
    ['1990-04-13', 'Good Friday'],
    ['1994-04-27', 'Nixon day of mourning'],
    ['1995-01-02', "New Year's Day on a Sunday, observed Monday"],
    ['1998-01-19', 'first MLK Day the NYSE observed'],
    ['1999-12-24', 'Christmas on a Saturday, observed Friday'],
    ['2001-09-11', 'September 11 attacks'],
    ['2001-09-12', 'September 11 attacks'],
    ['2001-09-13', 'September 11 attacks'],
    ['2001-09-14', 'September 11 attacks'],
    ['2004-06-11', 'Reagan day of mourning'],
    ['2004-07-05', 'Independence Day on a Sunday, observed Monday'],
    ['2007-01-02', 'Ford day of mourning'],
    ['2008-03-21', 'Good Friday in March'],
    ['2010-12-24', 'Christmas on a Saturday, observed Friday'],
    ['2012-10-29', 'Hurricane Sandy'],
    ['2012-10-30', 'Hurricane Sandy'],
    ['2015-07-03', 'Independence Day on a Saturday, observed Friday'],
    ['2016-12-26', 'Christmas on a Sunday, observed Monday'],
    ['2018-12-05', 'G. H. W. Bush day of mourning'],
    ['2020-02-17', "Washington's Birthday"],
    ['2020-05-25', 'Memorial Day'],
    ['2020-07-03', 'Independence Day on a Saturday, observed Friday'],
    ['2020-09-07', 'Labor Day'],
    ['2020-11-26', 'Thanksgiving'],
    ['2022-06-20', 'first Juneteenth, on a Sunday, observed Monday'],
    ['2023-01-02', "New Year's Day on a Sunday, observed Monday"],
    ['2023-06-19', 'Juneteenth'],
    ['2024-03-29', 'Good Friday'],
    ['2025-01-09', 'Carter day of mourning'],
    ['2025-01-20', 'MLK Day'],
    ['2027-06-18', 'Juneteenth on a Saturday, observed Friday'],
    ['2027-12-24', 'Christmas on a Saturday, observed Friday'],
    ['2030-04-19', 'Good Friday'],
  ];
  for (const [date, why] of closed) {
    it(`is closed on ${date} (${why})`, () => {
      assert.equal(xnys.isSession(sessionLabel(date)), false);
    });
  }

  const open: [string, string][] = [
    ['1997-01-20', 'MLK Day before the NYSE observed it'],
    ['2004-06-10', 'the day before the Reagan closure'],
    ['2005-10-10', 'Columbus Day is not an NYSE holiday'],
    ['2010-12-31', "New Year's Day 2011 on a Saturday is not observed on Friday"],
    ['2021-06-18', 'Juneteenth was not an NYSE holiday in 2021'],
    ['2021-12-31', "New Year's Day 2022 on a Saturday is not observed on Friday"],
    ['2022-11-11', 'Veterans Day is not an NYSE holiday'],
    ['2001-09-17', 'reopening after September 11'],
  ];
  for (const [date, why] of open) {
    it(`trades on ${date} (${why})`, () => {
      assert.equal(xnys.isSession(sessionLabel(date)), true);
    });
  }

  it('is closed on weekends', () => {
    assert.equal(xnys.isSession(sessionLabel('2024-01-06')), false);
    assert.equal(xnys.isSession(sessionLabel('2024-01-07')), false);
  });
});

describe('XNYS open and close times', () => {
  it('opens 09:30 and closes 16:00 New York time: 14:30/21:00 UTC in winter, 13:30/20:00 UTC in summer', () => {
    const winter = sessionLabel('2024-01-02');
    assert.equal(iso(xnys.sessionOpen(winter)), '2024-01-02T14:30:00Z');
    assert.equal(iso(xnys.sessionClose(winter)), '2024-01-02T21:00:00Z');
    const summer = sessionLabel('2024-07-01');
    assert.equal(iso(xnys.sessionOpen(summer)), '2024-07-01T13:30:00Z');
    assert.equal(iso(xnys.sessionClose(summer)), '2024-07-01T20:00:00Z');
  });

  it('switches to summer time on the second Sunday of March since 2007 and the first Sunday of April before', () => {
    assert.equal(iso(xnys.sessionOpen(sessionLabel('2024-03-08'))), '2024-03-08T14:30:00Z');
    assert.equal(iso(xnys.sessionOpen(sessionLabel('2024-03-11'))), '2024-03-11T13:30:00Z');
    assert.equal(iso(xnys.sessionOpen(sessionLabel('2006-03-31'))), '2006-03-31T14:30:00Z');
    assert.equal(iso(xnys.sessionOpen(sessionLabel('2006-04-03'))), '2006-04-03T13:30:00Z');
    assert.equal(iso(xnys.sessionOpen(sessionLabel('2024-11-01'))), '2024-11-01T13:30:00Z');
    assert.equal(iso(xnys.sessionOpen(sessionLabel('2024-11-04'))), '2024-11-04T14:30:00Z');
  });

  const earlyCloses: [string, string, string][] = [
    ['1990-12-24', '1990-12-24T19:00:00Z', 'Christmas Eve before 1993 closed at 14:00'],
    ['1992-11-27', '1992-11-27T19:00:00Z', 'the first day-after-Thanksgiving early close, 14:00'],
    ['1993-11-26', '1993-11-26T18:00:00Z', 'day after Thanksgiving, 13:00 since 1993'],
    ['1996-07-05', '1996-07-05T17:00:00Z', 'Friday after a Thursday Independence Day, before 2013'],
    ['2002-07-05', '2002-07-05T17:00:00Z', 'Friday after a Thursday Independence Day, before 2013'],
    ['1997-12-26', '1997-12-26T18:00:00Z', 'Friday after Christmas 1997'],
    ['1999-12-31', '1999-12-31T18:00:00Z', "New Year's Eve 1999"],
    ['2003-12-26', '2003-12-26T18:00:00Z', 'Friday after Christmas 2003'],
    ['2012-07-03', '2012-07-03T17:00:00Z', 'Tuesday before a Wednesday Independence Day'],
    ['2013-07-03', '2013-07-03T17:00:00Z', 'Wednesday before a Thursday Independence Day'],
    ['2019-07-03', '2019-07-03T17:00:00Z', 'Wednesday before a Thursday Independence Day'],
    ['2020-11-27', '2020-11-27T18:00:00Z', 'day after Thanksgiving'],
    ['2020-12-24', '2020-12-24T18:00:00Z', 'Christmas Eve on a Thursday'],
    ['2024-07-03', '2024-07-03T17:00:00Z', 'Wednesday before a Thursday Independence Day'],
    ['2024-12-24', '2024-12-24T18:00:00Z', 'Christmas Eve on a Tuesday'],
    ['2025-07-03', '2025-07-03T17:00:00Z', 'Thursday before a Friday Independence Day'],
    ['2025-12-24', '2025-12-24T18:00:00Z', 'Christmas Eve on a Wednesday'],
  ];
  for (const [date, close, why] of earlyCloses) {
    it(`closes early on ${date} at ${close.slice(11, 16)} UTC (${why})`, () => {
      assert.equal(iso(xnys.sessionClose(sessionLabel(date))), close);
    });
  }

  const fullDays: [string, string][] = [
    ['2008-12-26', 'Friday after a Thursday Christmas, not closed early in 2008'],
    ['2014-12-26', 'Friday after a Thursday Christmas, not closed early in 2014'],
    ['2019-07-05', 'Friday after a Thursday Independence Day since 2013'],
    ['2025-12-26', 'Friday after a Thursday Christmas in 2025'],
  ];
  for (const [date, why] of fullDays) {
    it(`closes at 16:00 on ${date} (${why})`, () => {
      const label = sessionLabel(date);
      assert.equal(xnys.sessionClose(label) - xnys.sessionOpen(label), 6.5 * 3_600_000);
    });
  }
});

describe('XNYS bars', () => {
  it('lays hourly bars from the open every hour: 09:30, 10:30, ..., 15:30 (the last half an hour)', () => {
    const bars = xnys.barsForSession(sessionLabel('2024-01-02'), '1h');
    assert.deepEqual(
      Array.from(bars, (t) => iso(t).slice(11, 16)),
      ['14:30', '15:30', '16:30', '17:30', '18:30', '19:30', '20:30'],
    );
  });

  it('has 390 minute bars on a full day and 210 on a 13:00 early close', () => {
    const full = xnys.barsForSession(sessionLabel('2024-01-02'), '1m');
    assert.equal(full.length, 390);
    assert.equal(iso(full[0]), '2024-01-02T14:30:00Z');
    assert.equal(iso(full[389]), '2024-01-02T20:59:00Z');
    const early = xnys.barsForSession(sessionLabel('2024-12-24'), '1m');
    assert.equal(early.length, 210);
    assert.equal(iso(early[209]), '2024-12-24T17:59:00Z');
    assert.equal(xnys.barsForSession(sessionLabel('2024-12-24'), '1h').length, 4);
  });

  it('stamps the one daily bar with the session label', () => {
    const label = sessionLabel('2024-01-02');
    assert.deepEqual(Array.from(xnys.barsForSession(label, '1d')), [label]);
  });
});

describe('XNYS navigation and range', () => {
  it('steps over weekends and holidays', () => {
    assert.equal(formatSessionLabel(xnys.nextSession(sessionLabel('2024-12-24'))), '2024-12-26');
    assert.equal(
      formatSessionLabel(xnys.previousSession(sessionLabel('2024-12-26'))),
      '2024-12-24',
    );
    assert.equal(formatSessionLabel(xnys.nextSession(sessionLabel('2001-09-10'))), '2001-09-17');
    assert.equal(
      formatSessionLabel(xnys.previousSession(sessionLabel('2024-01-01'))),
      '2023-12-29',
    );
    assert.equal(formatSessionLabel(xnys.nextSession(sessionLabel('2024-01-06'))), '2024-01-08');
  });

  it('reads any instant as its UTC date', () => {
    assert.equal(xnys.isSession(Date.UTC(2024, 0, 2, 23, 59)), true);
    const range = xnys.sessionsInRange(Date.UTC(2024, 0, 2, 15), Date.UTC(2024, 0, 5, 1));
    assert.deepEqual(Array.from(range, formatSessionLabel), [
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
    ]);
  });

  it('reports 252 periods a year and its bounds', () => {
    assert.equal(xnys.annualization, 252);
    assert.equal(xnys.timeZone, 'America/New_York');
    assert.equal(formatSessionLabel(xnys.firstSession), '1990-01-02');
    assert.equal(formatSessionLabel(xnys.lastSession), '2030-12-31');
  });

  it('refuses dates outside 1990-2030 with a CalendarError naming the range', () => {
    for (const call of [
      () => xnys.isSession(sessionLabel('1989-12-29')),
      () => xnys.sessionsInRange(sessionLabel('2030-12-01'), sessionLabel('2031-01-05')),
      () => xnys.nextSession(sessionLabel('2030-12-31')),
      () => xnys.previousSession(sessionLabel('1990-01-02')),
      () => xnys.sessionOpen(sessionLabel('2031-01-02')),
    ]) {
      assert.throws(call, (error: unknown) => {
        assert.ok(error instanceof CalendarError);
        assert.equal(error.code, 'ERR_CALENDAR');
        assert.match(error.message, /1990|2030/);
        return true;
      });
    }
  });

  it('refuses open, close and bars of a day that is not a session, and a label that is not midnight UTC', () => {
    assert.throws(() => xnys.sessionOpen(sessionLabel('2024-12-25')), /not a XNYS session/);
    assert.throws(() => xnys.sessionClose(sessionLabel('2024-01-06')), CalendarError);
    assert.throws(() => xnys.barsForSession(Date.UTC(2024, 0, 2, 12), '1m'), /not a session label/);
    assert.throws(
      () => xnys.sessionsInRange(sessionLabel('2024-02-01'), sessionLabel('2024-01-01')),
      /swap/,
    );
  });
});

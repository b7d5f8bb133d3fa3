import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { getCalendar } from '../../../src/calendar/index.js';
import { checkBarFrame } from '../../../src/data/bar-frame.js';
import { SeededRandom } from '../../../src/data/sources/seeded-random.js';
import { BarRows, IssueLog, validateBars } from '../../../src/data/validation/index.js';
import { DataError } from '../../../src/errors/index.js';

const DAY = 86_400_000;
const JAN2 = Date.UTC(2024, 0, 2);

function rows(bars: Array<[number, number, number, number, number, number]>): BarRows {
  const raw = new BarRows('ABC', '1d', 2, 0, 2);
  bars.forEach(([t, o, h, l, c, v], i) => raw.push(t, o, h, l, c, v, i + 2));
  return raw;
}

describe('validateBars (lenient)', () => {
  it('drops each bad row with its reason and keeps the good ones', () => {
    const log = new IssueLog(false);
    const { frame } = validateBars(
      rows([
        [JAN2, 100, 110, 90, 105, 1000],
        [JAN2 + DAY, 100, 99, 90, 95, 1000], // high below open
        [JAN2 + 2 * DAY, 100, 110, 90, 105, -5], // negative volume
        [JAN2 + 3 * DAY, 0, 110, 0, 105, 5], // zero price
        [JAN2 + 4 * DAY, 100, 110, 90, 105, 1000],
        [JAN2 + 4 * DAY, 101, 111, 91, 106, 1000], // duplicate
        [JAN2 + 5 * DAY, 100.5, 110, 90, 105, 1000], // not integer units
      ]),
      { log },
    );
    assert.deepEqual(Array.from(frame.timestamps), [JAN2, JAN2 + 4 * DAY]);
    assert.deepEqual(
      log.issues.map((issue) => [issue.row, issue.problem, issue.action]),
      [
        [3, 'ohlc-inconsistent', 'dropped'],
        [4, 'negative-volume', 'dropped'],
        [5, 'non-positive-price', 'dropped'],
        [8, 'unparsable', 'dropped'],
        [7, 'duplicate-timestamp', 'dropped'],
      ],
    );
  });

  it('re-sorts rows that arrive out of order and reports them', () => {
    const log = new IssueLog(false);
    const { frame } = validateBars(
      rows([
        [JAN2 + DAY, 1, 1, 1, 1, 1],
        [JAN2, 2, 2, 2, 2, 2],
      ]),
      { log },
    );
    assert.deepEqual(Array.from(frame.close), [2, 1]);
    assert.equal(log.issues[0].problem, 'out-of-order');
    assert.equal(log.issues[0].action, 'repaired');
  });

  it('drops bars outside the calendar and reports missing sessions', () => {
    const log = new IssueLog(false);
    // 2024-01-05 is a Friday, 01-06 a Saturday; 2024-01-03 is missing.
    const { frame, gaps } = validateBars(
      rows([
        [JAN2, 1, 1, 1, 1, 1],
        [Date.UTC(2024, 0, 4), 1, 1, 1, 1, 1],
        [Date.UTC(2024, 0, 5), 1, 1, 1, 1, 1],
        [Date.UTC(2024, 0, 6), 1, 1, 1, 1, 1],
      ]),
      { log, calendar: getCalendar('XNYS') },
    );
    assert.equal(frame.timestamps.length, 3);
    assert.deepEqual(
      log.issues.map((issue) => issue.problem),
      ['outside-session'],
    );
    assert.deepEqual(gaps, { symbol: 'ABC', missing: [Date.UTC(2024, 0, 3)] });
  });

  it('flags a 10x jump as an outlier but keeps it', () => {
    const log = new IssueLog(false);
    const bars: Array<[number, number, number, number, number, number]> = [];
    const random = new SeededRandom(3);
    let level = 1000;
    for (let i = 0; i < 40; i++) {
      level = Math.round(level * Math.exp(0.01 * random.normal()));
      const c = i === 25 ? level * 10 : level;
      bars.push([JAN2 + i * DAY, c, c, c, c, 1]);
    }
    const { frame } = validateBars(rows(bars), { log });
    assert.equal(frame.timestamps.length, 40);
    assert.deepEqual(
      log.issues.map((issue) => [issue.row, issue.problem, issue.action]),
      [
        [27, 'outlier', 'flagged'],
        [28, 'outlier', 'flagged'],
      ],
    );
  });

  it('always returns a frame that passes checkBarFrame, whatever the rows', () => {
    const bar = fc.tuple(
      fc.integer({ min: 0, max: 50 }).map((d) => JAN2 + d * DAY),
      fc.integer({ min: -5, max: 200 }),
      fc.integer({ min: -5, max: 200 }),
      fc.integer({ min: -5, max: 200 }),
      fc.integer({ min: -5, max: 200 }),
      fc.integer({ min: -5, max: 200 }),
    );
    fc.assert(
      fc.property(fc.array(bar, { maxLength: 60 }), (bars) => {
        const log = new IssueLog(false);
        const { frame } = validateBars(rows(bars), { log });
        checkBarFrame(frame);
        const dropped = log.issues.filter((issue) => issue.action === 'dropped').length;
        return frame.timestamps.length + dropped === bars.length;
      }),
    );
  });
});

describe('validateBars on clean rows', () => {
  it('gives the same frame as the full checks, which a single bad row forces', () => {
    const random = new SeededRandom(9);
    const clean: Array<[number, number, number, number, number, number]> = [];
    let level = 5000;
    for (let i = 0; i < 300; i++) {
      const open = level;
      level = Math.max(1, Math.round(level * Math.exp(0.02 * random.normal())));
      clean.push([
        JAN2 + i * DAY,
        open,
        Math.max(open, level) + 3,
        Math.min(open, level) - 3,
        level,
        10 + i,
      ]);
    }
    const fast = validateBars(rows(clean), { log: new IssueLog(false) }).frame;
    const log = new IssueLog(false);
    const full = validateBars(rows([...clean, [JAN2 + 400 * DAY, 5, 4, 3, 2, 1]]), { log }).frame;
    assert.deepEqual(fast, full);
    assert.deepEqual(
      log.issues.map((issue) => issue.problem),
      ['ohlc-inconsistent'],
    );
  });
});

describe('validateBars (strict)', () => {
  it('fails on the first bad row with a DataError naming symbol, row and problem', () => {
    assert.throws(
      () =>
        validateBars(
          rows([
            [JAN2, 100, 110, 90, 105, 1000],
            [JAN2 + DAY, 100, 99, 90, 95, 1000],
          ]),
          { log: new IssueLog(true) },
        ),
      (error: unknown) =>
        error instanceof DataError &&
        error.message.startsWith('ABC: row 3 (2024-01-03T00:00:00.000Z): ohlc-inconsistent'),
    );
  });

  it('fails on out-of-order rows but not on flagged outliers', () => {
    assert.throws(
      () =>
        validateBars(
          rows([
            [JAN2 + DAY, 1, 1, 1, 1, 1],
            [JAN2, 2, 2, 2, 2, 2],
          ]),
          { log: new IssueLog(true) },
        ),
      /out-of-order/,
    );
  });
});

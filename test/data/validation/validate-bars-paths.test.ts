import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getCalendar } from '../../../src/calendar/index.js';
import { BarRows, IssueLog, validateBars } from '../../../src/data/validation/index.js';

const xnys = getCalendar('XNYS');
const sessions = xnys.sessionsInRange(Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 12));
const allBars = Array.from(sessions).flatMap((label) =>
  Array.from(xnys.barsForSession(label, '1h')),
);

function rowsOf(times: number[], extraBadRow: boolean): BarRows {
  const raw = new BarRows('XYZ', '1h', 2, 0);
  times.forEach((t, i) => raw.push(t, 100, 110, 90, 105, 10, i + 1));
  if (extraBadRow) raw.push(NaN, 100, 110, 90, 105, 10, times.length + 1);
  return raw;
}

describe('validateBars: the clean-rows merge walk and the general path agree', () => {
  it('finds the same missing bars for any subset of a calendar’s hourly bars', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: allBars.length, maxLength: allBars.length }),
        (keep) => {
          const times = allBars.filter((_, i) => keep[i]);
          const range = { start: Date.UTC(2024, 0, 2), end: Date.UTC(2024, 0, 12, 23) };
          const fast = validateBars(rowsOf(times, false), {
            log: new IssueLog(false),
            calendar: xnys,
            range,
          });
          const general = validateBars(rowsOf(times, true), {
            log: new IssueLog(false),
            calendar: xnys,
            range,
          });
          assert.deepEqual(Array.from(fast.frame.timestamps), times);
          assert.deepEqual(Array.from(general.frame.timestamps), times);
          assert.deepEqual(fast.gaps?.missing ?? [], general.gaps?.missing ?? []);
          assert.equal((fast.gaps?.missing.length ?? 0) + times.length, allBars.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('still drops a bar outside the sessions when every other row is clean', () => {
    const log = new IssueLog(false);
    const saturday = Date.UTC(2024, 0, 6, 15);
    const times = [allBars[0], saturday, allBars[1]].sort((a, b) => a - b);
    const result = validateBars(rowsOf(times, false), { log, calendar: xnys });
    assert.deepEqual(Array.from(result.frame.timestamps), [allBars[0], allBars[1]]);
    assert.equal(log.issues.filter((issue) => issue.problem === 'outside-session').length, 1);
  });
});

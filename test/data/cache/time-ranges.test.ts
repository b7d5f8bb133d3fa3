import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { gridRange, uncoveredRanges } from '../../../src/data/cache/time-ranges.js';

describe('time ranges on a grid', () => {
  it('finds the holes between covered ranges', () => {
    assert.deepEqual(
      uncoveredRanges(
        { start: 0, end: 100 },
        [
          { start: 20, end: 30 },
          { start: 25, end: 40 },
          { start: 60, end: 200 },
        ],
        10,
      ),
      [
        { start: 0, end: 10 },
        { start: 50, end: 50 },
      ],
    );
    assert.deepEqual(uncoveredRanges({ start: 0, end: 100 }, [], 10), [{ start: 0, end: 100 }]);
    assert.deepEqual(uncoveredRanges({ start: 0, end: 100 }, [{ start: -10, end: 100 }], 10), []);
  });

  it('rounds a request inward to the grid', () => {
    assert.deepEqual(gridRange(15, 95, 10), { start: 20, end: 90 });
    assert.deepEqual(gridRange(20, 90, 10), { start: 20, end: 90 });
    const empty = gridRange(11, 19, 10);
    assert.ok(empty.start > empty.end);
  });

  it('puts every grid point of the request in exactly one of: a covered range, a hole', () => {
    const point = fc.integer({ min: 0, max: 60 });
    const range = fc
      .tuple(point, point)
      .map(([a, b]) => ({ start: Math.min(a, b) * 5, end: Math.max(a, b) * 5 }));
    fc.assert(
      fc.property(range, fc.array(range, { maxLength: 6 }), (wanted, covered) => {
        const holes = uncoveredRanges(wanted, covered, 5);
        for (let i = 1; i < holes.length; i++) assert.ok(holes[i].start > holes[i - 1].end + 5);
        for (let t = wanted.start; t <= wanted.end; t += 5) {
          const inCovered = covered.some((r) => t >= r.start && t <= r.end);
          const inHoles = holes.filter((r) => t >= r.start && t <= r.end).length;
          assert.equal(inHoles, inCovered ? 0 : 1, `grid point ${t}`);
        }
        for (const hole of holes) assert.ok(hole.start >= wanted.start && hole.end <= wanted.end);
      }),
      { numRuns: 500 },
    );
  });
});

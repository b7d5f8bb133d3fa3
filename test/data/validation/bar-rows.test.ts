import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BarRows, IssueLog, validateBars } from '../../../src/data/validation/index.js';

// A reader whose rows came from lines that follow one another hands over the first line
// only (`fromColumns` with a number): everything validation reports must name the same rows
// as with every line listed, and pushing more rows must keep them.
const DAY = 86_400_000;

const bar = fc.record({
  // Mostly one day after the other; sometimes the same day again or an earlier one.
  step: fc.oneof(
    { weight: 8, arbitrary: fc.constant(1) },
    { weight: 1, arbitrary: fc.integer({ min: -3, max: 0 }) },
  ),
  low: fc.integer({ min: -5, max: 100 }),
  spread: fc.integer({ min: -5, max: 30 }),
  volume: fc.integer({ min: -2, max: 1000 }),
});

function columnsOf(bars: { step: number; low: number; spread: number; volume: number }[]) {
  let day = Date.UTC(2024, 0, 1) / DAY;
  const n = bars.length;
  const column = (): Float64Array => new Float64Array(n);
  const c = {
    timestamps: column(),
    open: column(),
    high: column(),
    low: column(),
    close: column(),
    volume: column(),
  };
  bars.forEach((b, i) => {
    day += b.step;
    c.timestamps[i] = day * DAY;
    c.low[i] = b.low;
    c.open[i] = b.low + Math.max(0, b.spread);
    c.close[i] = b.low + Math.max(0, b.spread >> 1);
    c.high[i] = b.low + b.spread;
    c.volume[i] = b.volume;
  });
  return c;
}

describe('BarRows over columns with rows as a run', () => {
  it('reports the same rows as with every row listed', () => {
    let reported = 0;
    fc.assert(
      fc.property(
        fc.array(bar, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 1000 }),
        (bars, first) => {
          const columns = columnsOf(bars);
          const listed = Float64Array.from(bars, (_, i) => first + i);
          const validate = (rows: Float64Array | number) => {
            const copy = Object.fromEntries(
              Object.entries(columns).map(([k, v]) => [k, v.slice()]),
            ) as typeof columns;
            const log = new IssueLog(false);
            const raw = BarRows.fromColumns('XYZ', '1d', 0, 0, { ...copy, rows });
            const { frame } = validateBars(raw, { log });
            return { timestamps: Array.from(frame.timestamps), issues: log.issues };
          };
          const fromRun = validate(first);
          assert.deepEqual(fromRun, validate(listed));
          reported += fromRun.issues.length;
        },
      ),
      { numRuns: 300 },
    );
    assert.ok(reported > 100, `only ${reported} issues reported: the property tested little`);
  });

  it('answers rowOf from the run, and writes the run out when a row is pushed', () => {
    const columns = columnsOf([
      { step: 1, low: 1, spread: 2, volume: 1 },
      { step: 1, low: 1, spread: 2, volume: 1 },
    ]);
    const raw = BarRows.fromColumns('XYZ', '1d', 0, 0, { ...columns, rows: 7 });
    assert.deepEqual([raw.rowOf(0), raw.rowOf(1), raw.rows.length], [7, 8, 0]);
    raw.push(Date.UTC(2024, 0, 9), 2, 3, 1, 2, 1, 42);
    assert.deepEqual(Array.from(raw.rows.subarray(0, raw.length)), [7, 8, 42]);
    assert.deepEqual([raw.rowOf(0), raw.rowOf(2)], [7, 42]);
  });
});

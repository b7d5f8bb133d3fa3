import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConfigError } from '../../src/errors/index.js';
import { IndicatorBatch, rsi, sma } from '../../src/indicators/index.js';

const N = Number.NaN;

/** Integer-unit closes, bar-major: rows[t][sid], NaN for a missing bar. */
const market = (assets: number) =>
  fc.array(
    fc.array(
      fc.oneof(
        { weight: 10, arbitrary: fc.integer({ min: 95, max: 105 }) },
        { weight: 1, arbitrary: fc.constant(N) },
      ),
      { minLength: assets, maxLength: assets },
    ),
    { minLength: 1, maxLength: 60 },
  );

function batchFor(assets: number): IndicatorBatch {
  const batch = new IndicatorBatch(assets);
  const all = Array.from({ length: assets }, (_, sid) => sid);
  batch.declare('fast', sma(2), all);
  batch.declare('slow', sma(4), all);
  return batch;
}

const ZERO = [0, 0, 0, 0, 0, 0];

/** Every bar's events as "up:sids|down:sids". */
function eventsPerBar(rows: number[][], assets: number): string[] {
  const batch = batchFor(assets);
  return rows.map((row) => {
    batch.updateUnits({ close: Float64Array.from(row) }, ZERO, ZERO);
    const up = batch.crossovers('fast', 'slow').toArray();
    const down = batch.crossunders('fast', 'slow').toArray();
    return `up:${up.join(',')}|down:${down.join(',')}`;
  });
}

describe('signal lists (crossovers, crossunders, above, below)', () => {
  it('list, in ascending sids, exactly the assets whose per-asset crossover test fires on a bar they have', () => {
    fc.assert(
      fc.property(market(6), (rows) => {
        const batch = batchFor(6);
        for (const row of rows) {
          batch.updateUnits({ close: Float64Array.from(row) }, ZERO, ZERO);
          const expectUp: number[] = [];
          const expectDown: number[] = [];
          const expectAbove: number[] = [];
          for (let sid = 0; sid < 6; sid++) {
            const fast = batch.current('fast', sid);
            const slow = batch.current('slow', sid);
            if (fast > slow) expectAbove.push(sid);
            if (Number.isNaN(row[sid])) continue;
            if (batch.crossover('fast', 'slow', sid)) expectUp.push(sid);
            if (batch.crossunder('fast', 'slow', sid)) expectDown.push(sid);
          }
          assert.deepEqual(batch.crossovers('fast', 'slow').toArray(), expectUp);
          assert.deepEqual(batch.crossunders('fast', 'slow').toArray(), expectDown);
          assert.deepEqual(batch.above('fast', 'slow').toArray(), expectAbove);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never look ahead: the events of bar t are the same whatever the bars after t are', () => {
    fc.assert(
      fc.property(market(4), market(4), (rows, later) => {
        const alone = eventsPerBar(rows, 4);
        const followed = eventsPerBar([...rows, ...later], 4);
        assert.deepEqual(followed.slice(0, rows.length), alone);
      }),
      { numRuns: 200 },
    );
  });

  it('raise no event for an asset without a bar, where the per-asset test repeats the last one', () => {
    const batch = new IndicatorBatch(1);
    batch.declare('fast', sma(1), [0]);
    batch.declare('slow', sma(2), [0]);
    for (const c of [10, 10, 12]) batch.update({ close: Float64Array.of(c) });
    assert.deepEqual(batch.crossovers('fast', 'slow').toArray(), [0]);
    batch.update({ close: Float64Array.of(N) });
    assert.equal(batch.crossovers('fast', 'slow').length, 0);
    assert.equal(batch.crossover('fast', 'slow', 0), true);
    assert.deepEqual(batch.above('fast', 'slow').toArray(), [0], 'still above on its last values');
  });

  it('compares with a constant level, and only over the assets both indicators are declared for', () => {
    const batch = new IndicatorBatch(3);
    batch.declare('rsi', rsi(2), [0, 1, 2]);
    batch.declare('mean', sma(1), [2, 1]);
    const closes = [
      [10, 10, 10],
      [11, 9, 11],
      [12, 8, 10],
      [10, 9, 12],
    ];
    const seen: string[] = [];
    for (const row of closes) {
      batch.update({ close: Float64Array.from(row) });
      seen.push(
        `${batch.crossovers('rsi', 70).toArray().join(',')}/${batch.crossunders('rsi', 70).toArray().join(',')}`,
      );
    }
    // RSI(2) from bar 2 (no event on its first value): 100, 0, 50; then 33.3, 50, 83.3.
    assert.deepEqual(seen, ['/', '/', '/', '2/0']);
    assert.deepEqual(Array.from(batch.compare('mean', 'rsi').assets), [1, 2]);
    assert.deepEqual(batch.below('rsi', 50).toArray(), [0]);
  });

  it('computes a comparison first asked for mid-run for the latest bar, then keeps it up to date', () => {
    const rows = [
      [100, 100],
      [100, 101],
      [100, 99],
      [104, 99],
      [104, 99],
      [90, 103],
    ];
    const late = batchFor(2);
    const early = eventsPerBar(rows, 2);
    rows.forEach((row, t) => {
      late.updateUnits({ close: Float64Array.from(row) }, ZERO, ZERO);
      if (t < 3) return;
      const up = late.crossovers('fast', 'slow').toArray();
      const down = late.crossunders('fast', 'slow').toArray();
      assert.equal(`up:${up.join(',')}|down:${down.join(',')}`, early[t], `bar ${t}`);
    });
  });

  it('starts an asset over after a reset of either indicator: no crossing from the forgotten values', () => {
    const batch = new IndicatorBatch(2);
    batch.declare('fast', sma(1), [0, 1]);
    batch.declare('slow', sma(2), [0, 1]);
    const step = (a: number, b: number) => batch.update({ close: Float64Array.of(a, b) });
    step(10, 10);
    step(8, 8);
    assert.deepEqual(batch.below('fast', 'slow').toArray(), [0, 1]);
    batch.reset('slow', 0);
    assert.deepEqual(batch.below('fast', 'slow').toArray(), [1]);
    step(12, 12);
    assert.deepEqual(batch.crossovers('fast', 'slow').toArray(), [1]);
    step(14, 14);
    assert.deepEqual(batch.crossovers('fast', 'slow').toArray(), []);
    assert.deepEqual(batch.above('fast', 'slow').toArray(), [0, 1]);
  });

  it('returns the same reused list every bar, with O(1) membership', () => {
    const batch = batchFor(2);
    const first = batch.crossovers('fast', 'slow');
    for (const row of [
      [1, 5],
      [1, 5],
      [1, 5],
      [1, 5],
      [9, 5],
    ]) {
      batch.updateUnits({ close: Float64Array.from(row) }, ZERO, ZERO);
      assert.equal(batch.crossovers('fast', 'slow'), first);
    }
    assert.equal(first.length, 1);
    assert.equal(first.sids[0], 0);
    assert.equal(first.at(0), 0);
    assert.equal(first.at(1), undefined);
    assert.ok(first.has(0) && !first.has(1) && !first.has(7));
    assert.deepEqual([...first], [0]);
  });

  it('refuses unknown indicators, a one-value history and a non-finite level with a ConfigError', () => {
    const batch = new IndicatorBatch(1);
    batch.declare('fast', sma(2), [0]);
    batch.declare('short', sma(2), [0], { history: 1 });
    assert.throws(() => batch.crossovers('fast', 'slow'), /no indicator declared as 'slow'/);
    assert.throws(() => batch.crossovers('short', 'fast'), /comparisons need 2/);
    assert.throws(() => batch.above('fast', Number.NaN), ConfigError);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { backendInfo } from '../../src/native/backend.js';
import { IndicatorBatch } from '../../src/indicators/batch.js';
import { IndicatorComparison } from '../../src/indicators/comparison.js';
import { DeclaredIndicator } from '../../src/indicators/declared.js';
import { DeclaredPlan } from '../../src/indicators/plan.js';
import { unitsPerAsset } from '../../src/indicators/units.js';
import { allSpecs } from './all-specs.js';

const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;
const rust = backendInfo().backend === 'rust';

/** Bar-major columns of `assets` × `bars` in integer units, NaN where an asset has no bar. */
function market(assets: number, bars: number, seed: number, gaps: number) {
  let s = seed | 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const columns = Object.fromEntries(
    FIELDS.map((f) => [f, new Float64Array(assets * bars)]),
  ) as Record<(typeof FIELDS)[number], Float64Array>;
  const price = Array.from({ length: assets }, () => 9_000 + Math.floor(next() * 2_000));
  for (let t = 0; t < bars; t++) {
    for (let a = 0; a < assets; a++) {
      const at = t * assets + a;
      if (next() < gaps) {
        for (const f of FIELDS) columns[f][at] = NaN;
        continue;
      }
      const open = price[a];
      price[a] = Math.max(100, open + Math.floor(next() * 9) - 4);
      columns.open[at] = open;
      columns.close[at] = price[a];
      columns.high[at] = Math.max(open, price[a]) + Math.floor(next() * 3);
      columns.low[at] = Math.min(open, price[a]) - Math.floor(next() * 3);
      columns.volume[at] = 100 + Math.floor(next() * 900);
    }
  }
  return columns;
}

function sameArray(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`${what}[${i}]: ${actual[i]} !== ${expected[i]}`);
    }
  }
}

describe('declared plan (every kernel indicator and comparison in one native crossing per bar)', () => {
  it('is used on the Rust backend from 48 kernel lanes on, and not below', { skip: !rust }, () => {
    const specs = allSpecs();
    const lanes = (n: number) => Array.from({ length: n }, (_, i) => i);
    const indicator = (n: number) =>
      new DeclaredIndicator('x', specs[0], Int32Array.from(lanes(n)), new Int32Array(n), 2);
    assert.ok(DeclaredPlan.of([indicator(48)]) instanceof DeclaredPlan);
    assert.equal(DeclaredPlan.of([indicator(47)]), undefined);
    assert.ok(DeclaredPlan.of([indicator(24), indicator(24)]) instanceof DeclaredPlan);
  });

  it(
    'gives the values, histories, states and signal lists of the per-indicator calls, bar after bar',
    { skip: !rust },
    () => {
      const specs = allSpecs();
      fc.assert(
        fc.property(
          fc.integer({ min: 48, max: 70 }),
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          fc.shuffledSubarray(
            specs.map((_, i) => i),
            { minLength: 3, maxLength: 6 },
          ),
          fc.integer({ min: 0, max: 40 }),
          fc.integer({ min: 0, max: 30 }),
          fc.double({ min: 0, max: 0.3, noNaN: true }),
          (assets, seed, picks, compareAt, resetAt, gaps) => {
            const bars = 60;
            const columns = market(assets, bars, seed, gaps);
            const priceScale = new Int32Array(assets).fill(2);
            const volumeScale = new Int32Array(assets);
            const priceUnits = unitsPerAsset(priceScale, assets, 'price scale');
            const volumeUnits = unitsPerAsset(volumeScale, assets, 'volume scale');
            const batch = new IndicatorBatch(assets);
            const reference: DeclaredIndicator[] = [];
            picks.forEach((p, k) => {
              const spec = specs[p];
              // Every other indicator over a subset of the assets, with a longer history.
              const ids = Array.from({ length: assets }, (_, a) => a).filter(
                (a) => k % 2 === 0 || a % 3 !== 0,
              );
              const history = k % 2 === 0 ? 2 : 5;
              batch.declare(`i${k}`, spec, ids, { history });
              const laneOf = new Int32Array(assets).fill(-1);
              ids.forEach((a, j) => (laneOf[a] = j));
              reference.push(
                new DeclaredIndicator(`i${k}`, spec, Int32Array.from(ids), laneOf, history),
              );
            });
            const comparisons: [IndicatorComparison, IndicatorComparison][] = [];
            for (let t = 0; t < bars; t++) {
              // Rebinding: every tenth bar arrives in a copy of the columns.
              const source =
                t % 10 === 9
                  ? (Object.fromEntries(
                      FIELDS.map((f) => [f, columns[f].slice()]),
                    ) as typeof columns)
                  : columns;
              batch.updateUnits(source, priceScale, volumeScale, t * assets);
              for (const r of reference) {
                r.update(source, assets, priceUnits, volumeUnits, t, t * assets);
              }
              for (const [, ref] of comparisons) ref.evaluate(t);
              if (t === compareAt) {
                comparisons.push(
                  [
                    batch.compare('i0', 'i1'),
                    new IndicatorComparison(reference[0], reference[1], assets, t),
                  ],
                  [
                    batch.compare('i1', 9_950),
                    new IndicatorComparison(reference[1], 9_950, assets, t),
                  ],
                  // Both over every asset in the same order: the aligned walk.
                  [
                    batch.compare('i0', 'i2'),
                    new IndicatorComparison(reference[0], reference[2], assets, t),
                  ],
                );
              }
              if (t === resetAt) {
                batch.reset('i0', 5);
                reference[0].reset(5);
                for (const [, ref] of comparisons)
                  if (ref.a === 'i0' || ref.b === 'i0') ref.forget(5);
              }
              reference.forEach((r, k) => {
                const d = batch.get(`i${k}`);
                for (const key of ['state', 'ring', 'head', 'filled', 'stamp', 'latest'] as const) {
                  sameArray(d[key], r[key], `bar ${t} i${k} ${r.spec.name} ${key}`);
                }
              });
              for (const [planned, ref] of comparisons) {
                const what = `bar ${t} ${ref.a} vs ${ref.b}`;
                assert.deepEqual(
                  planned.crossovers.toArray(),
                  ref.crossovers.toArray(),
                  `${what} up`,
                );
                assert.deepEqual(
                  planned.crossunders.toArray(),
                  ref.crossunders.toArray(),
                  `${what} down`,
                );
                assert.deepEqual(planned.above().toArray(), ref.above().toArray(), `${what} above`);
                assert.deepEqual(planned.below().toArray(), ref.below().toArray(), `${what} below`);
                for (const sid of [0, 5, assets - 1]) {
                  assert.equal(
                    planned.crossovers.has(sid),
                    ref.crossovers.has(sid),
                    `${what} has ${sid}`,
                  );
                }
              }
            }
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  it('turns a failure inside the core into a typed error naming the bar', { skip: !rust }, () => {
    const assets = 48;
    const ids = Int32Array.from({ length: assets }, (_, a) => a);
    const fast = new DeclaredIndicator('fast', allSpecs()[0], ids, ids, 2);
    const plan = DeclaredPlan.of([fast])!;
    const close = new Float64Array(assets).fill(100);
    const ones = new Float64Array(assets).fill(1);
    assert.ok(plan.accepts({ close }, ones, ones, 0, assets));
    // An offset past the bound columns (the batch never passes one: `accepts` says no first).
    assert.throws(
      () => plan.advance(assets, 7),
      (e: Error & { code?: string }) =>
        e.code === 'ERR_NATIVE_UNAVAILABLE' && /fast\) failed at bar 7/.test(e.message),
    );
  });

  it('raises the per-indicator DataError for a short column', { skip: !rust }, () => {
    const assets = 60;
    const batch = new IndicatorBatch(assets);
    batch.declare(
      'fast',
      allSpecs()[0],
      Array.from({ length: assets }, (_, a) => a),
    );
    const close = new Float64Array(assets).fill(100);
    const ones = new Int32Array(assets);
    batch.updateUnits({ close }, ones, ones, 0);
    assert.throws(
      () => batch.updateUnits({ close }, ones, ones, 1),
      (e: Error & { code?: string }) => e.code === 'ERR_DATA' && /reads close/.test(e.message),
    );
  });
});

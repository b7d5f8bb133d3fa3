import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  IndicatorBatch,
  IndicatorStream,
  compute,
  type BarColumns,
  type IndicatorSpec,
  type InputScales,
} from '../../src/indicators/index.js';
import { NATIVE_MIN_LANES } from '../../src/indicators/declared.js';
import { allSpecs } from './all-specs.js';
import { loadGoog, toUnits, type DailySeries } from './goog.js';

/** Streaming form over the same columns, one update per bar. */
function streamed(spec: IndicatorSpec, bars: DailySeries, scales?: InputScales): Float64Array[] {
  const stream = new IndicatorStream(spec, scales);
  const n = bars.close.length;
  const outs = spec.outputs.map(() => new Float64Array(n));
  const cols = spec.inputs.map((field) => bars[field]);
  for (let i = 0; i < n; i++) {
    stream.update(cols[0][i], cols[1]?.[i] ?? 0, cols[2]?.[i] ?? 0, cols[3]?.[i] ?? 0);
    spec.outputs.forEach((name, k) => (outs[k][i] = stream.output(name)));
  }
  return outs;
}

/**
 * Batch form: asset 1 carries the series, the other assets carry other data,
 * so lanes must not leak into each other. Skipped bars are NaN in the result.
 * With `scales`, the bars are integer units and go through `updateUnits`,
 * the other assets at other scales. There are enough assets for the
 * indicator to run on the Rust kernel when the addon is in use.
 */
function batched(spec: IndicatorSpec, bars: DailySeries, scales?: InputScales): Float64Array[] {
  const assets = NATIVE_MIN_LANES;
  const priceScales = Int32Array.from({ length: assets }, (_, a) =>
    a === 1 ? (scales?.price ?? 0) : a % 4,
  );
  const volumeScales = Int32Array.from({ length: assets }, (_, a) =>
    a === 1 ? (scales?.volume ?? 0) : (a + 1) % 3,
  );
  const n = bars.close.length;
  const batch = new IndicatorBatch(assets);
  const handle = batch.declare(
    'x',
    spec,
    Array.from({ length: assets }, (_, j) => assets - 1 - j),
  );
  const outs = spec.outputs.map(() => new Float64Array(n));
  const fields = ['open', 'high', 'low', 'close', 'volume'] as const;
  const bar: Required<BarColumns> = {
    open: new Float64Array(assets),
    high: new Float64Array(assets),
    low: new Float64Array(assets),
    close: new Float64Array(assets),
    volume: new Float64Array(assets),
  };
  for (let i = 0; i < n; i++) {
    for (const field of fields) {
      for (let a = 0; a < assets; a++)
        bar[field][a] = a % 2 === 0 ? 1 + ((i + a) % 7) : 100 - ((i * a) % 5);
      bar[field][1] = bars[field][i];
    }
    if (scales === undefined) batch.update(bar);
    else batch.updateUnits(bar, priceScales, volumeScales);
    const skipped = spec.inputs.some((field) => Number.isNaN(bars[field][i]));
    spec.outputs.forEach((name, k) => (outs[k][i] = skipped ? NaN : handle.current(1, name)));
  }
  return outs;
}

function assertSameBits(spec: IndicatorSpec, bars: DailySeries, scales?: InputScales): void {
  const vector = compute(spec, bars, {}, scales);
  const stream = streamed(spec, bars, scales);
  const batch = batched(spec, bars, scales);
  spec.outputs.forEach((name, k) => {
    const v = vector[name];
    for (let i = 0; i < v.length; i++) {
      if (!Object.is(v[i], stream[k][i]) || !Object.is(v[i], batch[k][i])) {
        assert.fail(
          `${spec.name}.${name} at bar ${i}: vectorized ${v[i]}, streaming ${stream[k][i]}, batch ${batch[k][i]}`,
        );
      }
    }
  });
}

describe('vectorized, streaming and batch forms', () => {
  const goog = loadGoog();

  for (const spec of allSpecs()) {
    it(`${spec.name} gives bit-identical values in all three forms on GOOG daily bars`, () => {
      assertSameBits(spec, goog);
    });
  }

  // GOOG in cents and whole shares: the exact integer units the engine feeds.
  const cents = toUnits(goog, 2);
  for (const spec of allSpecs()) {
    it(`${spec.name} gives bit-identical values in all three forms on GOOG in integer cents`, () => {
      assertSameBits(spec, cents, { price: 2, volume: 0 });
    });
  }

  it('each output is NaN exactly before its first valid index on GOOG', () => {
    for (const spec of allSpecs()) {
      const out = compute(spec, goog);
      spec.outputs.forEach((name, k) => {
        const first = out[name].findIndex((v) => !Number.isNaN(v));
        assert.equal(first, spec.firstValid[k], `${spec.name}.${name}`);
        assert.ok(
          out[name].subarray(first).every((v) => Number.isFinite(v)),
          `${spec.name}.${name} finite after warm-up`,
        );
      });
    }
  });

  const price = fc.oneof(
    { weight: 12, arbitrary: fc.double({ min: 1, max: 1000, noNaN: true }) },
    { weight: 1, arbitrary: fc.constant(Number.NaN) },
    { weight: 1, arbitrary: fc.constant(50) },
  );
  const series = fc
    .array(fc.tuple(price, price, price, price, fc.double({ min: 0, max: 1e6, noNaN: true })), {
      maxLength: 120,
    })
    .map((rows): DailySeries => {
      const col = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k]);
      return { open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4) };
    });

  const unitBars = fc
    .array(
      fc.tuple(
        ...Array.from({ length: 5 }, () =>
          fc.oneof(
            { weight: 12, arbitrary: fc.integer({ min: 1, max: 10_000_000 }) },
            { weight: 1, arbitrary: fc.constant(Number.NaN) },
            { weight: 1, arbitrary: fc.constant(5000) },
          ),
        ),
      ),
      { maxLength: 120 },
    )
    .map((rows): DailySeries => {
      const col = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k]);
      return { open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4) };
    });

  it('agree bit for bit on random integer-unit bars with gaps at random scales for every indicator', () => {
    const specs = allSpecs();
    fc.assert(
      fc.property(
        unitBars,
        fc.integer({ min: 0, max: specs.length - 1 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 8 }),
        (bars, pick, price, volume) => {
          assertSameBits(specs[pick], bars, { price, volume });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agree bit for bit on random bars with gaps (NaN) for every indicator', () => {
    const specs = allSpecs();
    fc.assert(
      fc.property(series, fc.integer({ min: 0, max: specs.length - 1 }), (bars, pick) => {
        assertSameBits(specs[pick], bars);
      }),
      { numRuns: 400 },
    );
  });
});

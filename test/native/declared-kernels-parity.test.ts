import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  adx,
  atr,
  bbands,
  cci,
  dema,
  donchian,
  ema,
  highest,
  kama,
  lowest,
  macd,
  mom,
  obv,
  on,
  roc,
  rsi,
  sma,
  smma,
  stddev,
  stoch,
  tema,
  trueRange,
  vwap,
  willr,
  wma,
  type IndicatorSpec,
} from '../../src/indicators/index.js';
import { KERNEL_CODES, KERNEL_SHAPES, type KernelKind } from '../../src/indicators/kernel.js';
import type { Kernels } from '../../src/native/kernels.js';
import { rustKernelsOrSkip, sameBits, tsKernels } from '../helpers/backends.js';

const { kernels: rust, skip } = rustKernelsOrSkip();

const period = fc.integer({ min: 1, max: 12 });
const width = fc.double({ min: 0, max: 3, noNaN: true });

/** Random specs of each kernel, parameters included. */
const SPECS: Record<KernelKind, fc.Arbitrary<IndicatorSpec>> = {
  sma: fc.tuple(period, fc.boolean()).map(([p, v]) => (v ? on('volume', sma(p)) : sma(p))),
  ema: period.map((p) => ema(p)),
  smma: period.map((p) => smma(p)),
  dema: period.map((p) => dema(p)),
  tema: period.map((p) => tema(p)),
  wma: period.map((p) => wma(p)),
  kama: fc.tuple(period, period, period).map(([p, f, s]) => kama(p, f, s)),
  rsi: period.map((p) => rsi(p)),
  macd: fc
    .tuple(period, period, period)
    .map(([a, b, c]) => macd(Math.min(a, b), Math.max(a, b), c)),
  bbands: fc.tuple(period, width, width).map(([p, u, d]) => bbands(p, u, d)),
  stddev: fc.tuple(period, width).map(([p, d]) => stddev(p, d)),
  atr: period.map((p) => atr(p)),
  trueRange: fc.constant(trueRange()),
  mom: period.map((p) => mom(p)),
  roc: period.map((p) => roc(p)),
  highest: fc
    .tuple(period, fc.boolean())
    .map(([p, h]) => (h ? on('high', highest(p)) : highest(p))),
  lowest: fc.tuple(period, fc.boolean()).map(([p, v]) => (v ? on('volume', lowest(p)) : lowest(p))),
  donchian: period.map((p) => donchian(p)),
  stoch: fc.tuple(period, period, period).map(([a, b, c]) => stoch(a, b, c)),
  willr: period.map((p) => willr(p)),
  cci: period.map((p) => cci(p)),
  adx: period.map((p) => adx(p)),
  obv: fc.constant(obv()),
  vwap: fc.integer({ min: 0, max: 8 }).map((p) => vwap(p)),
};

const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** A bar-major market: `bars` rows of `assets` values per field, NaN for missing bars. */
interface Market {
  assets: number;
  rows: number[][][];
  priceUnits: Float64Array;
  volumeUnits: Float64Array;
}

// Integer units (cents to 10^-8) with flat stretches, zeros and missing values, or plain floats.
const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 2 ** 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 103 }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constant(NaN) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
);

const market: fc.Arbitrary<Market> = fc.integer({ min: 1, max: 4 }).chain((assets) =>
  fc.record({
    assets: fc.constant(assets),
    rows: fc.array(
      fc.array(fc.array(value, { minLength: assets, maxLength: assets }), {
        minLength: 5,
        maxLength: 5,
      }),
      { minLength: 1, maxLength: 50 },
    ),
    priceUnits: fc
      .array(fc.integer({ min: 0, max: 8 }), { minLength: assets, maxLength: assets })
      .map((s) => Float64Array.from(s, (k) => 10 ** k)),
    volumeUnits: fc
      .array(fc.integer({ min: 0, max: 8 }), { minLength: assets, maxLength: assets })
      .map((s) => Float64Array.from(s, (k) => 10 ** k)),
  }),
);

/** Runs one declared indicator over the market with `kernels`; returns every array it writes. */
function run(kernels: Kernels, spec: IndicatorSpec, m: Market, history: number): Float64Array[] {
  const kernel = spec.kernel!;
  // Lanes in reverse asset order and a bar-major store read at an offset, as the engine does.
  const lanes = m.assets;
  const assets = Int32Array.from({ length: lanes }, (_, j) => lanes - 1 - j);
  const columns = FIELDS.map(() => new Float64Array(m.rows.length * m.assets));
  m.rows.forEach((row, t) =>
    row.forEach((field, f) => field.forEach((x, a) => (columns[f][t * m.assets + a] = x))),
  );
  const inputs = spec.inputs.map((field) => columns[FIELDS.indexOf(field)]);
  while (inputs.length < 4) inputs.push(inputs[0]);
  let volumeInputs = 0;
  spec.inputs.forEach((field, k) => {
    if (field === 'volume') volumeInputs |= 1 << k;
  });
  const state = new Float64Array(spec.stateSize * lanes);
  const ring = new Float64Array(spec.outputs.length * history * lanes).fill(NaN);
  const head = new Int32Array(lanes);
  const filled = new Int32Array(lanes);
  const stamp = new Int32Array(lanes).fill(-1);
  const latest = new Float64Array(lanes).fill(NaN);
  for (let t = 0; t < m.rows.length; t++) {
    kernels.declaredInto(
      KERNEL_CODES[kernel.kind],
      kernel.params,
      state,
      inputs[0],
      inputs[1],
      inputs[2],
      inputs[3],
      t * m.assets,
      assets,
      m.priceUnits,
      m.volumeUnits,
      volumeInputs,
      ring,
      head,
      filled,
      stamp,
      latest,
      history,
      t,
    );
  }
  return [
    state,
    ring,
    latest,
    Float64Array.from(head),
    Float64Array.from(filled),
    Float64Array.from(stamp),
  ];
}

describe(
  'declared-indicator kernels: Rust and its TypeScript twin agree bit for bit',
  { skip },
  () => {
    for (const [kind, specs] of Object.entries(SPECS)) {
      it(`${kind}: state, history ring, heads, counts, stamps and values over gappy unit bars`, () => {
        fc.assert(
          fc.property(specs, market, fc.integer({ min: 1, max: 4 }), (spec, m, history) => {
            assert.equal(spec.kernel?.kind, kind);
            const [ins, outs] = KERNEL_SHAPES[kind as KernelKind];
            assert.equal(spec.inputs.length, ins);
            assert.equal(spec.outputs.length, outs);
            const a = run(rust!, spec, m, history);
            const b = run(tsKernels, spec, m, history);
            const names = ['state', 'ring', 'latest', 'head', 'filled', 'stamp'];
            a.forEach((column, k) =>
              assert.ok(sameBits(column, b[k]), `${spec.name}: ${names[k]}`),
            );
          }),
          { numRuns: 150 },
        );
      });
    }

    it('refuses an unknown kernel and parameters it cannot run, with an error on either side', () => {
      const one = new Float64Array(1);
      const call = (kernels: Kernels, kind: number, params: number[]) =>
        kernels.declaredInto(
          kind,
          Float64Array.from(params),
          new Float64Array(16),
          one,
          one,
          one,
          one,
          0,
          Int32Array.of(0),
          Float64Array.of(1),
          Float64Array.of(1),
          0,
          new Float64Array(3),
          new Int32Array(1),
          new Int32Array(1),
          new Int32Array(1),
          new Float64Array(1),
          1,
          0,
        );
      assert.throws(() => call(rust!, 99, []), /kernel 99 does not exist/);
      assert.throws(() => call(tsKernels, 99, []), /kernel 99 does not exist/);
      assert.throws(() => call(rust!, KERNEL_CODES.ema, [0, 1]), /period/);
      assert.throws(() => call(rust!, KERNEL_CODES.bbands, [20, 2, 2]), /shorter than its lanes/);
    });
  },
);

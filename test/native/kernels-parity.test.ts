import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
// The declared-indicator twins (declaredSmaInto's among them) register when the indicators load.
import '../../src/indicators/index.js';
import { rustKernelsOrSkip, sameBits, tsKernels } from '../helpers/backends.js';

const { kernels: rust, skip } = rustKernelsOrSkip();

function rollingWith(
  kernels: typeof tsKernels,
  values: Float64Array,
  window: number,
): Float64Array {
  const out = new Float64Array(values.length);
  kernels.rollingMeanInto(values, window, out);
  return out;
}

const anyDouble = fc.double({ noDefaultInfinity: false, noNaN: false });

describe('Rust and TypeScript kernels agree bit for bit', { skip }, () => {
  it('adds pairs identically, including NaN, infinities and signed zeros', () => {
    const cases: [number, number][] = [
      [2, 3],
      [0.1, 0.2],
      [NaN, 1],
      [Infinity, -Infinity],
      [Infinity, 1],
      [-0, -0],
      [-0, 0],
      [Number.MAX_VALUE, Number.MAX_VALUE],
      [Number.MIN_VALUE, -Number.MIN_VALUE],
    ];
    for (const [a, b] of cases)
      assert.ok(Object.is(rust!.rustSum(a, b), tsKernels.rustSum(a, b)), `${a} + ${b}`);
    fc.assert(fc.property(anyDouble, anyDouble, (a, b) => Object.is(rust!.rustSum(a, b), a + b)));
  });

  it('computes the same CRC-32 of any bytes, whole or in chunks, and the standard check value', () => {
    const digits = Buffer.from('123456789');
    assert.equal(rust!.crc32Update(digits, 0), 0xcbf43926);
    assert.equal(tsKernels.crc32Update(digits, 0), 0xcbf43926);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 5000 }),
        fc.nat(),
        fc.integer({ min: 0, max: 0xffffffff }),
        (bytes, cut, start) => {
          const at = bytes.length === 0 ? 0 : cut % (bytes.length + 1);
          const whole = rust!.crc32Update(bytes, start);
          const chunked = rust!.crc32Update(
            bytes.subarray(at),
            rust!.crc32Update(bytes.subarray(0, at), start),
          );
          return whole === tsKernels.crc32Update(bytes, start) && chunked === whole;
        },
      ),
      { numRuns: 500 },
    );
    // A large buffer takes the folding path (64-byte blocks), unaligned start included.
    const big = Buffer.alloc((1 << 20) + 3);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    assert.equal(rust!.crc32Update(big.subarray(3), 7), tsKernels.crc32Update(big.subarray(3), 7));
  });

  it('sums columns identically for arbitrary doubles', () => {
    fc.assert(
      fc.property(fc.float64Array({ maxLength: 300 }), (values) =>
        Object.is(rust!.sumFloat64(values), tsKernels.sumFloat64(values)),
      ),
      { numRuns: 500 },
    );
  });

  it('computes rolling means identically for arbitrary doubles and windows', () => {
    fc.assert(
      fc.property(
        fc.float64Array({ maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        (values, window) =>
          sameBits(rollingWith(rust!, values, window), rollingWith(tsKernels, values, window)),
      ),
      { numRuns: 500 },
    );
  });

  it('runs declared SMAs identically over gappy unit prices, state and history included', () => {
    const run = (kernels: typeof tsKernels, closes: number[][], period: number) => {
      const lanes = closes[0].length;
      const history = 3;
      const state = new Float64Array((3 + period) * lanes);
      const ring = new Float64Array(history * lanes).fill(NaN);
      const head = new Int32Array(lanes);
      const filled = new Int32Array(lanes);
      const stamp = new Int32Array(lanes).fill(-1);
      const latest = new Float64Array(lanes).fill(NaN);
      const assets = Int32Array.from({ length: lanes }, (_, j) => lanes - 1 - j);
      const units = Float64Array.from({ length: lanes }, (_, a) => 10 ** (a % 3));
      closes.forEach((row, t) => {
        const x = Float64Array.from(row);
        kernels.declaredSmaInto(
          state,
          period,
          x,
          0,
          assets,
          units,
          ring,
          head,
          filled,
          stamp,
          latest,
          history,
          t,
        );
      });
      return [
        state,
        ring,
        latest,
        Float64Array.from(head),
        Float64Array.from(filled),
        Float64Array.from(stamp),
      ];
    };
    const price = fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.constant(NaN));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((lanes) =>
          fc.array(fc.array(price, { minLength: lanes, maxLength: lanes }), {
            minLength: 1,
            maxLength: 40,
          }),
        ),
        fc.integer({ min: 1, max: 12 }),
        (closes, period) => {
          const a = run(rust!, closes, period);
          const b = run(tsKernels, closes, period);
          return a.every((column, k) => sameBits(column, b[k]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists the same crossings and keeps the same relations bar after bar', () => {
    const run = (
      kernels: typeof tsKernels,
      bars: { a: number[]; b: number[]; stamped: boolean[] }[],
      level: number | undefined,
    ) => {
      const n = bars[0].a.length;
      const sids = Int32Array.from({ length: n }, (_, i) => i * 2);
      const lanesA = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
      const lanesB = Int32Array.from({ length: n }, (_, i) => i);
      const stampA = new Int32Array(n).fill(-1);
      const stampB = new Int32Array(n).fill(-1);
      const latestA = new Float64Array(n);
      const latestB = new Float64Array(n);
      const relation = new Int8Array(n).fill(2);
      const lists: number[][] = [];
      bars.forEach((bar, t) => {
        for (let i = 0; i < n; i++) {
          if (!bar.stamped[i]) continue;
          stampA[lanesA[i]] = t;
          latestA[lanesA[i]] = bar.a[i];
          stampB[lanesB[i]] = t;
          latestB[lanesB[i]] = bar.b[i];
        }
        const up = new Int32Array(n);
        const down = new Int32Array(n);
        const upMember = new Uint8Array(2 * n);
        const downMember = new Uint8Array(2 * n);
        const counts = new Int32Array(2);
        kernels.compareLanesInto(
          sids,
          lanesA,
          lanesB,
          stampA,
          latestA,
          level === undefined ? stampB : stampA,
          level === undefined ? latestB : latestA,
          level ?? NaN,
          level !== undefined,
          t,
          relation,
          up,
          upMember,
          down,
          downMember,
          counts,
        );
        lists.push([...up.subarray(0, counts[0])], [-1], [...down.subarray(0, counts[1])]);
        lists.push([...upMember], [...downMember], [...relation]);
      });
      return lists;
    };
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(NaN));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.array(
            fc.record({
              a: fc.array(value, { minLength: n, maxLength: n }),
              b: fc.array(value, { minLength: n, maxLength: n }),
              stamped: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
            }),
            { minLength: 1, maxLength: 30 },
          ),
        ),
        fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }),
        (bars, level) => {
          assert.deepEqual(run(rust!, bars, level), run(tsKernels, bars, level));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles the empty array', () => {
    const empty = new Float64Array(0);
    assert.equal(rust!.sumFloat64(empty), 0);
    assert.equal(tsKernels.sumFloat64(empty), 0);
    assert.equal(rollingWith(rust!, empty, 3).length, 0);
  });

  it('reads a subarray view in place, honouring its byte offset', () => {
    const backing = Float64Array.from({ length: 100 }, (_, i) => i * 0.5);
    const view = backing.subarray(10, 60);
    assert.equal(rust!.sumFloat64(view), tsKernels.sumFloat64(view));
    assert.equal(
      rust!.sumFloat64(view),
      Array.from(view).reduce((s, v) => s + v, 0),
    );
  });

  it('writes the rolling mean into the caller\u2019s array without a copy', () => {
    const backing = new Float64Array(20).fill(-1);
    const out = backing.subarray(5, 15);
    const values = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    rust!.rollingMeanInto(values, 2, out);
    assert.ok(Number.isNaN(backing[5]));
    assert.equal(backing[6], 1.5);
    assert.equal(backing[14], 9.5);
    assert.equal(backing[4], -1, 'memory before the view is untouched');
    assert.equal(backing[15], -1, 'memory after the view is untouched');
  });

  it('agrees on ten million elements', () => {
    const n = 10_000_000;
    const values = new Float64Array(n);
    let x = 1;
    for (let i = 0; i < n; i++) {
      x = (x * 16807) % 2147483647;
      values[i] = x / 2147483647 - 0.5;
    }
    values[1234] = NaN;
    values[5_000_000] = Infinity;
    assert.ok(Number.isNaN(rust!.sumFloat64(values)));
    values[1234] = 0;
    values[5_000_000] = 0;
    assert.ok(Object.is(rust!.sumFloat64(values), tsKernels.sumFloat64(values)));
    assert.ok(sameBits(rollingWith(rust!, values, 20), rollingWith(tsKernels, values, 20)));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { NumericOverflowError } from '../../src/errors/index.js';
import type { Kernels } from '../../src/native/kernels.js';
import { markDecimalOnBackend, markDecimalWith } from '../../src/numeric/mark-backend.js';
import { markDecimalRange, type RoundingCode } from '../../src/numeric/unit-arithmetic.js';
import { rustKernelsOrSkip, sameBits } from '../helpers/backends.js';

const { kernels: rust, skip } = rustKernelsOrSkip();

interface MarkCase {
  prices: number[];
  quantity: number[];
  shift: number[];
  mode: RoundingCode;
}

interface MarkOutcome {
  lastPrice: Float64Array;
  marketValue: Float64Array;
  error: string | undefined;
}

/** Marks every sid with `kernels` as the engine does (`markDecimalWith`), or with the TypeScript path alone. */
function markWith(kernels: Kernels | undefined, c: MarkCase): MarkOutcome {
  const n = c.prices.length;
  const prices = Float64Array.from(c.prices);
  const quantity = Float64Array.from(c.quantity);
  const shift = Int32Array.from(c.shift);
  const lastPrice = new Float64Array(n).fill(-1);
  const marketValue = new Float64Array(n).fill(-1);
  let error: string | undefined;
  try {
    if (kernels === undefined) {
      markDecimalRange(prices, quantity, lastPrice, marketValue, shift, 0, n, c.mode);
    } else {
      markDecimalWith(kernels, prices, quantity, lastPrice, marketValue, shift, n, c.mode);
    }
  } catch (caught) {
    assert.ok(caught instanceof NumericOverflowError, String(caught));
    error = caught.message;
  }
  return { lastPrice, marketValue, error };
}

function assertSame(c: MarkCase): void {
  const native = markWith(rust, c);
  const ts = markWith(undefined, c);
  assert.equal(native.error, ts.error);
  assert.ok(
    sameBits(native.lastPrice, ts.lastPrice),
    `last prices differ for ${JSON.stringify(c)}`,
  );
  assert.ok(sameBits(native.marketValue, ts.marketValue), `values differ for ${JSON.stringify(c)}`);
}

const MAX = Number.MAX_SAFE_INTEGER;
/** Integer units, from small to near 2^53, signed. */
const units = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.integer({ min: -MAX, max: MAX }),
  fc.constantFrom(0, 1, -1, 5, -5, 15, 25, -25, 10 ** 15, -(10 ** 15), MAX, -MAX),
);
const price = fc.oneof(
  { arbitrary: units, weight: 9 },
  { arbitrary: fc.constant(Number.NaN), weight: 1 },
);
const mode = fc.integer({ min: 0, max: 7 }) as fc.Arbitrary<RoundingCode>;

describe('the Rust decimal mark kernel and its TypeScript path agree bit for bit', { skip }, () => {
  it('on random positions at every shift and rounding mode, overflows included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(price, units, fc.integer({ min: -4, max: 24 })), {
          minLength: 1,
          maxLength: 80,
        }),
        mode,
        (rows, m) => {
          assertSame({
            prices: rows.map((r) => r[0]),
            quantity: rows.map((r) => r[1]),
            shift: rows.map((r) => r[2]),
            mode: m,
          });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('on crypto-sized positions (8 + 8 decimals valued at 8) where products pass 2^53', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 1, max: 20_000_000_000_000 }), // up to 200,000.00000000
            fc.integer({ min: -100_000_000_000, max: 100_000_000_000 }), // ±1,000 coins
          ),
          { minLength: 64, maxLength: 200 },
        ),
        mode,
        (rows, m) => {
          assertSame({
            prices: rows.map((r) => r[0]),
            quantity: rows.map((r) => r[1]),
            shift: rows.map(() => 8),
            mode: m,
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rounds exact ties the same way in every mode', () => {
    for (let m = 0; m < 8; m++) {
      assertSame({
        prices: [25, -25, 35, -35, 15, 150_000_005, -150_000_005, 5],
        quantity: [1, 1, 1, 1, 1, 10_000_000, 10_000_000, 10 ** 15],
        shift: [1, 1, 1, 1, 1, 8, 8, 16],
        mode: m as RoundingCode,
      });
    }
  });

  it('hands back a value beyond 2^53 units, which then raises the same overflow error at the same sid', () => {
    const c: MarkCase = {
      prices: [100, 9e15, 7],
      quantity: [2, 10, 3],
      shift: [0, 0, 0],
      mode: 6,
    };
    const native = markWith(rust, c);
    assert.match(native.error ?? '', /does not fit/);
    assert.deepEqual(Array.from(native.marketValue), [200, -1, -1]);
    assertSame(c);
  });

  it('gives the engine the same marks through markDecimalOnBackend as through TypeScript alone, hand-backs included', () => {
    const n = 120;
    const c: MarkCase = {
      prices: Array.from({ length: n }, (_, i) =>
        i === 77 ? 9e15 : 9_876_543_210_987 + i * 1_000_003,
      ),
      quantity: Array.from({ length: n }, (_, i) => (i % 9 === 0 ? 0 : (i - 60) * 12_345_679)),
      shift: Array.from({ length: n }, () => 8),
      mode: 6,
    };
    const prices = Float64Array.from(c.prices);
    const quantity = Float64Array.from(c.quantity);
    const shift = Int32Array.from(c.shift);
    const lastPrice = new Float64Array(n).fill(-1);
    const marketValue = new Float64Array(n).fill(-1);
    let error: string | undefined;
    try {
      markDecimalOnBackend(prices, quantity, lastPrice, marketValue, shift, n, 6);
    } catch (caught) {
      error = (caught as Error).message;
    }
    const ts = markWith(undefined, c);
    assert.match(error ?? '', /does not fit/, 'sid 77 overflows');
    assert.equal(error, ts.error);
    assert.ok(sameBits(lastPrice, ts.lastPrice));
    assert.ok(sameBits(marketValue, ts.marketValue));
    assert.equal(marketValue[76], ts.marketValue[76]);
    assert.equal(marketValue[78], -1, 'sids after the overflow are left as they were');
  });
});

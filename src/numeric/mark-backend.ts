import { kernels } from '../native/backend.js';
import type { MarkKernel } from './mark-kernels.js';
import type { Kernels } from '../native/kernels.js';
import { markDecimalRange, type RoundingCode } from './unit-arithmetic.js';

/**
 * Below this many assets the decimal mark stays in TypeScript: one native
 * call (about 0.4 µs) costs as much as marking dozens of positions there.
 * Either way the values are identical.
 */
export const NATIVE_MARK_MIN_ASSETS = 64;

/**
 * The Rust kernel is used when some position's shift (price scale + quantity
 * scale − money scale) is at least this: then products of units pass 2^53
 * (8-decimal crypto prices and quantities), where TypeScript needs its split
 * product (about 50 ns a position) and Rust about 8 ns. Below it TypeScript's
 * double arithmetic is as fast as the kernel and saves the crossing.
 */
export const NATIVE_MARK_MIN_SHIFT = 8;

let lastShift: Int32Array | undefined;
let lastCount = -1;
let lastWide = false;

/** Whether any of the first `count` shifts reaches {@link NATIVE_MARK_MIN_SHIFT}; remembered per array and count. */
function hasWideShift(shift: Int32Array, count: number): boolean {
  if (shift === lastShift && count === lastCount) return lastWide;
  let wide = false;
  for (let sid = 0; sid < count && !wide; sid++) wide = shift[sid] >= NATIVE_MARK_MIN_SHIFT;
  lastShift = shift;
  lastCount = count;
  lastWide = wide;
  return wide;
}

/**
 * The decimal mark-to-market on the active backend: one native call per bar
 * (exact 128-bit products in Rust) when the Rust core is loaded, the bar has
 * at least {@link NATIVE_MARK_MIN_ASSETS} assets and products pass 2^53 (see
 * {@link NATIVE_MARK_MIN_SHIFT}); a sid the kernel hands back
 * (a value beyond ±2^53 units) goes through the TypeScript path, which raises
 * the same `NumericOverflowError` as a TypeScript-only run.
 */
export const markDecimalOnBackend: MarkKernel = (
  prices,
  quantity,
  lastPrice,
  marketValue,
  shift,
  count,
  mode,
) => {
  if (count < NATIVE_MARK_MIN_ASSETS || !hasWideShift(shift, count)) {
    markDecimalRange(prices, quantity, lastPrice, marketValue, shift, 0, count, mode);
    return;
  }
  markDecimalWith(kernels(), prices, quantity, lastPrice, marketValue, shift, count, mode);
};

/**
 * Marks sids `0..count` with `kernels`' `markDecimalInto`, sending each sid it
 * hands back through the TypeScript path and going on after it.
 *
 * @throws NumericOverflowError from the TypeScript path, at the sid that overflows.
 */
export function markDecimalWith(
  kernels: Kernels,
  prices: Float64Array,
  quantity: Float64Array,
  lastPrice: Float64Array,
  marketValue: Float64Array,
  shift: Int32Array,
  count: number,
  mode: RoundingCode,
): void {
  let from = 0;
  while (from < count) {
    const sid = kernels.markDecimalInto(
      prices,
      quantity,
      lastPrice,
      marketValue,
      shift,
      from,
      count,
      mode,
    );
    if (sid < 0) return;
    markDecimalRange(prices, quantity, lastPrice, marketValue, shift, sid, sid + 1, mode);
    from = sid + 1;
  }
}

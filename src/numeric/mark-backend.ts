import { kernels } from '../native/backend.js';
import type { MarkKernel } from './mark-kernels.js';
import { markDecimalRange } from './unit-arithmetic.js';

/**
 * Below this many assets the decimal mark stays in TypeScript: one native
 * call costs about as much as marking a few dozen positions there. Either way
 * the values are identical.
 */
export const NATIVE_MARK_MIN_ASSETS = 64;

/**
 * The decimal mark-to-market on the active backend: one native call per bar
 * (exact `i128` products in Rust) when the Rust core is loaded and the bar has
 * at least {@link NATIVE_MARK_MIN_ASSETS} assets; a sid the kernel hands back
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
  if (count < NATIVE_MARK_MIN_ASSETS) {
    markDecimalRange(prices, quantity, lastPrice, marketValue, shift, 0, count, mode);
    return;
  }
  const active = kernels();
  let from = 0;
  while (from < count) {
    const sid = active.markDecimalInto(
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
};

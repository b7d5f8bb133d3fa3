import { crc32 } from 'node:zlib';
import { markDecimalRange, type RoundingCode } from '../numeric/unit-arithmetic.js';
import type { Kernels } from './kernels.js';

/**
 * The TypeScript twins of the Rust kernels. They follow the Rust code step by
 * step (same operations, same order) so results are bit-identical.
 */
export const tsKernels: Kernels = {
  rustSum(a, b) {
    return a + b;
  },

  crc32Update(bytes, crc) {
    // zlib answers 0 for no bytes whatever the running CRC (its "initial value" call): nothing
    // added leaves the CRC as it was, as in the Rust kernel.
    return bytes.length === 0 ? crc : crc32(bytes, crc);
  },

  sumFloat64(values) {
    let total = 0;
    for (let i = 0; i < values.length; i++) total += values[i];
    return total;
  },

  rollingMeanInto(values, window, out) {
    // Non-finite values are counted apart from the float accumulator, as in
    // rustybt-core's rolling.rs, so they leave the window cleanly.
    let finite = 0;
    let nans = 0;
    let posInf = 0;
    let negInf = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v)) finite += v;
      else if (v !== v) nans++;
      else if (v > 0) posInf++;
      else negInf++;
      if (i >= window) {
        const old = values[i - window];
        if (Number.isFinite(old)) finite -= old;
        else if (old !== old) nans--;
        else if (old > 0) posInf--;
        else negInf--;
      }
      if (i + 1 < window) {
        out[i] = NaN;
      } else if (nans > 0 || (posInf > 0 && negInf > 0)) {
        out[i] = NaN;
      } else if (posInf > 0) {
        out[i] = Infinity;
      } else if (negInf > 0) {
        out[i] = -Infinity;
      } else {
        out[i] = finite / window;
      }
    }
  },

  markDecimalInto(prices, quantity, lastPrice, marketValue, shift, from, count, mode) {
    markDecimalRange(
      prices,
      quantity,
      lastPrice,
      marketValue,
      shift,
      from,
      count,
      mode as RoundingCode,
    );
    return -1;
  },
};

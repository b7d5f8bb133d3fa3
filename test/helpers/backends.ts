import { loadBackend } from '../../src/native/loader.js';
import type { Kernels } from '../../src/native/kernels.js';
import { tsKernels } from '../../src/native/ts-kernels.js';

/**
 * The Rust kernels when the addon loads. Under `RUSTYBT_REQUIRE_NATIVE=1` (set
 * by CI) a missing addon fails the run instead of skipping the Rust side.
 */
export function rustKernelsOrSkip(): { kernels?: Kernels; skip: string | false } {
  try {
    return { kernels: loadBackend({ requested: 'rust' }).kernels, skip: false };
  } catch (error) {
    if (process.env.RUSTYBT_REQUIRE_NATIVE === '1') throw error;
    return { skip: `Rust addon unavailable: ${(error as Error).message}` };
  }
}

export { tsKernels };

/** True when two arrays hold the same bits in every slot (NaN equals NaN, 0 differs from -0). */
export function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

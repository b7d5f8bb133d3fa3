import type { Kernels } from './kernels.js';

/**
 * The raw shape of the compiled addon (`rust/crates/rustybt-node`). Functions
 * here trust their arguments: the facade in `roundtrip.ts` checks them first.
 */
export interface NativeAddon extends Kernels {
  nativeVersion(): string;
}

/** Names every addon build must export; checked when the addon is loaded. */
export const NATIVE_EXPORTS: readonly (keyof NativeAddon)[] = [
  'nativeVersion',
  'rustSum',
  'sumFloat64',
  'rollingMeanInto',
  'markDecimalInto',
  'declaredSmaInto',
  'declaredInto',
  'compareLanesInto',
  'crc32Update',
];

/**
 * The raw shape of the compiled addon (`rust/crates/rustybt-node`). Functions
 * here trust their arguments: the facade in `roundtrip.ts` checks them first.
 */
export interface NativeAddon {
  nativeVersion(): string;
  rustSum(a: number, b: number): number;
  sumFloat64(values: Float64Array): number;
  rollingMeanInto(values: Float64Array, window: number, out: Float64Array): void;
  markDecimalInto(
    prices: Float64Array,
    quantity: Float64Array,
    lastPrice: Float64Array,
    marketValue: Float64Array,
    shift: Int32Array,
    from: number,
    count: number,
    mode: number,
  ): number;
}

/** Names every addon build must export; checked when the addon is loaded. */
export const NATIVE_EXPORTS: readonly (keyof NativeAddon)[] = [
  'nativeVersion',
  'rustSum',
  'sumFloat64',
  'rollingMeanInto',
  'markDecimalInto',
];

/** Name of a declared-indicator kernel: one per built-in indicator factory. */
export type KernelKind =
  | 'sma'
  | 'ema'
  | 'smma'
  | 'dema'
  | 'tema'
  | 'wma'
  | 'kama'
  | 'rsi'
  | 'macd'
  | 'bbands'
  | 'stddev'
  | 'atr'
  | 'trueRange'
  | 'mom'
  | 'roc'
  | 'highest'
  | 'lowest'
  | 'donchian'
  | 'stoch'
  | 'willr'
  | 'cci'
  | 'adx'
  | 'obv'
  | 'vwap';

/**
 * The kernels that run declared indicators for all their assets in one call
 * per bar (Rust in rustybt-core's `indicators` module, TypeScript twins in
 * `src/indicators/lanes/`). The codes are shared with rustybt-core's `indicators::code`.
 */
export const KERNEL_CODES: Readonly<Record<KernelKind, number>> = {
  sma: 0,
  ema: 1,
  smma: 2,
  dema: 3,
  tema: 4,
  wma: 5,
  kama: 6,
  rsi: 7,
  macd: 8,
  bbands: 9,
  stddev: 10,
  atr: 11,
  trueRange: 12,
  mom: 13,
  roc: 14,
  highest: 15,
  lowest: 16,
  donchian: 17,
  stoch: 18,
  willr: 19,
  cci: 20,
  adx: 21,
  obv: 22,
  vwap: 23,
};

/**
 * Inputs read and outputs written by each kernel: a spec whose shape differs
 * (e.g. a user's spread copy with other inputs) runs its step per asset instead.
 */
export const KERNEL_SHAPES: Readonly<
  Record<KernelKind, readonly [inputs: number, outputs: number]>
> = {
  sma: [1, 1],
  ema: [1, 1],
  smma: [1, 1],
  dema: [1, 1],
  tema: [1, 1],
  wma: [1, 1],
  kama: [1, 1],
  rsi: [1, 1],
  macd: [1, 3],
  bbands: [1, 3],
  stddev: [1, 1],
  atr: [3, 1],
  trueRange: [3, 1],
  mom: [1, 1],
  roc: [1, 1],
  highest: [1, 1],
  lowest: [1, 1],
  donchian: [2, 3],
  stoch: [3, 2],
  willr: [3, 1],
  cci: [3, 1],
  adx: [3, 3],
  obv: [2, 1],
  vwap: [4, 1],
};

/**
 * What a spec tells the batch about its kernel: which one and its parameters,
 * in the order the kernel reads them (periods first, then derived constants
 * such as an EMA's `k`, computed once in TypeScript so both sides use the same bits).
 */
export interface KernelSpec {
  /** The kernel. */
  readonly kind: KernelKind;
  /** Its parameters (see each factory). */
  readonly params: Float64Array;
}

/** A kernel description for a spec. */
export function kernelOf(kind: KernelKind, ...params: number[]): KernelSpec {
  return { kind, params: Float64Array.from(params) };
}

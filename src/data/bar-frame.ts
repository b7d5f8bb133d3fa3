import { DataError } from '../errors/index.js';

/** Bar frequencies rustybt stores: daily, hourly, minute. */
export type Frequency = '1d' | '1h' | '1m';

/** All supported frequencies, in order of increasing resolution. */
export const FREQUENCIES: readonly Frequency[] = ['1d', '1h', '1m'];

/**
 * The bars of one symbol at one frequency, column by column (struct of arrays).
 * This is the shape every source returns, every bundle stores and the data
 * portal loads; it crosses the native boundary as is.
 *
 * Prices and volumes are exact decimals held as integer units at a declared
 * scale: the price `open[i] / 10^priceScale`. Units are integer-valued doubles,
 * exact while |units| <= Number.MAX_SAFE_INTEGER (checked by `checkBarFrame`), so
 * reading a column allocates nothing and converting to BigInt is exact.
 *
 * Timestamps are UTC epoch milliseconds of the bar's start. Daily bars are
 * stamped with their session date at 00:00 UTC (the session label).
 */
export interface BarFrame {
  /** The symbol as the source names it, normalized by the source (e.g. `BTC/USDT`, `AAPL`). */
  symbol: string;
  frequency: Frequency;
  /** Bar start, UTC epoch ms, strictly increasing. */
  timestamps: Float64Array;
  /** Decimal places of open/high/low/close. */
  priceScale: number;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** Decimal places of volume (0 for share counts, more for fractional crypto volume). */
  volumeScale: number;
  volume: Float64Array;
  /**
   * The first and last bar times, when known without reading the columns (a
   * bundle's frames read their columns only when first used).
   */
  readonly span?: { readonly first: number; readonly last: number };
}

/** The first and last bar times of a frame (from `span` when it has one); undefined without bars. */
export function frameSpan(frame: BarFrame): { first: number; last: number } | undefined {
  if (frame.span !== undefined) return frame.span;
  const n = frame.timestamps.length;
  return n === 0 ? undefined : { first: frame.timestamps[0], last: frame.timestamps[n - 1] };
}

/** Allocates a frame of `length` zeroed bars. */
export function allocateBarFrame(
  symbol: string,
  frequency: Frequency,
  length: number,
  priceScale: number,
  volumeScale: number,
): BarFrame {
  return {
    symbol,
    frequency,
    timestamps: new Float64Array(length),
    priceScale,
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volumeScale,
    volume: new Float64Array(length),
  };
}

/** Number of bars in a frame. */
export function barCount(frame: BarFrame): number {
  return frame.timestamps.length;
}

/** A price column value as a JS number (correctly rounded), for signals and charts. */
export function priceAsNumber(frame: BarFrame, units: number): number {
  return units / 10 ** frame.priceScale;
}

/**
 * Checks the structural invariants of a frame: equal column lengths, integer
 * units within the safe range, valid scales, strictly increasing timestamps.
 * Market-sense checks (OHLC relationships, gaps, outliers) live in validation.
 *
 * @throws DataError naming the symbol, the column and the first bad index.
 */
export function checkBarFrame(frame: BarFrame): void {
  const n = frame.timestamps.length;
  for (const scale of ['priceScale', 'volumeScale'] as const) {
    const value = frame[scale];
    if (!Number.isInteger(value) || value < 0 || value > 18) {
      throw new DataError(
        `${frame.symbol}: ${scale} must be an integer from 0 to 18, got ${value}.`,
      );
    }
  }
  for (const column of ['open', 'high', 'low', 'close', 'volume'] as const) {
    const values = frame[column];
    if (values.length !== n) {
      throw new DataError(
        `${frame.symbol}: column ${column} has ${values.length} values but there are ${n} timestamps.`,
      );
    }
    for (let i = 0; i < n; i++) {
      if (!Number.isSafeInteger(values[i])) {
        throw new DataError(
          `${frame.symbol}: ${column}[${i}] = ${values[i]} is not an integer number of units within ±2^53; lower the scale.`,
        );
      }
    }
  }
  for (let i = 1; i < n; i++) {
    if (!(frame.timestamps[i] > frame.timestamps[i - 1])) {
      throw new DataError(
        `${frame.symbol}: timestamps must strictly increase; index ${i} (${formatTime(frame.timestamps[i])}) does not.`,
      );
    }
  }
}

function formatTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

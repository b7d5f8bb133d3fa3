import { endianness } from 'node:os';

const TWO_32 = 4_294_967_296;
const LOW = endianness() === 'LE' ? 0 : 1;
const HIGH = 1 - LOW;

/**
 * Writes the safe integer `value` as the int64 at index `i` of `words`, a view
 * of native int64 memory as 32-bit words. Exact for |value| <= 2^53 - 1; no
 * BigInt is created, which keeps bulk copies into DuckDB vectors fast.
 */
export function putInt64(words: Int32Array, i: number, value: number): void {
  const high = Math.floor(value / TWO_32);
  words[2 * i + LOW] = value - high * TWO_32;
  words[2 * i + HIGH] = high;
}

/** Reads the int64 at index `i` of `words` as a number (exact below 2^53 in magnitude). */
export function getInt64(words: Int32Array, i: number): number {
  return words[2 * i + HIGH] * TWO_32 + (words[2 * i + LOW] >>> 0);
}

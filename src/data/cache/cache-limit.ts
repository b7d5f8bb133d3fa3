import { CacheError } from '../../errors/index.js';

/** Default size limit of the cache: 10 GB. */
export const DEFAULT_CACHE_MAX_BYTES = 10_000_000_000;

/**
 * The cache size limit from `RUSTYBT_CACHE_MAX_BYTES` (a positive whole number
 * of bytes), else {@link DEFAULT_CACHE_MAX_BYTES}; `override` wins when given.
 *
 * @throws CacheError when the value is not a positive whole number.
 */
export function configuredMaxBytes(
  override?: number,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const text = env.RUSTYBT_CACHE_MAX_BYTES;
  const value =
    override ?? (text === undefined || text === '' ? DEFAULT_CACHE_MAX_BYTES : Number(text));
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new CacheError(
      `The cache size limit must be a positive whole number of bytes, got ${String(override ?? text)}${override === undefined ? ' (RUSTYBT_CACHE_MAX_BYTES)' : ''}.`,
    );
  }
  return value;
}

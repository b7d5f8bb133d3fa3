import { ConfigError } from '../errors/index.js';

/** Largest accepted period: keeps per-lane state (ring buffers) bounded. */
export const MAX_PERIOD = 1_000_000;

/**
 * Checks an indicator period and returns it.
 *
 * @throws ConfigError when `value` is not an integer from `min` to {@link MAX_PERIOD}
 */
export function checkPeriod(indicator: string, parameter: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min || value > MAX_PERIOD) {
    throw new ConfigError(
      `${indicator}: ${parameter} must be an integer from ${min} to ${MAX_PERIOD}, got ${String(value)}; ` +
        `pass e.g. ${indicator}(${Math.max(min, 14)})`,
    );
  }
  return value;
}

/**
 * Checks a finite real parameter (e.g. a Bollinger band width) and returns it.
 *
 * @throws ConfigError when `value` is not a finite number >= `min`
 */
export function checkFinite(indicator: string, parameter: string, value: number, min = 0): number {
  if (!Number.isFinite(value) || value < min) {
    throw new ConfigError(
      `${indicator}: ${parameter} must be a finite number >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

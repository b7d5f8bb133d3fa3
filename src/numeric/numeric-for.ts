import { ConfigError } from '../errors/index.js';
import { decimalNumeric } from './decimal-numeric.js';
import { floatNumeric } from './float-numeric.js';
import type { Numeric } from './numeric.js';

/**
 * The arithmetic of a numeric mode: `decimal` (exact, the default) or `float`.
 *
 * @throws ConfigError for any other mode.
 */
export function numericFor(mode: unknown = 'decimal'): Numeric {
  if (mode === 'decimal') return decimalNumeric;
  if (mode === 'float') return floatNumeric;
  throw new ConfigError(`Unknown numeric mode ${JSON.stringify(mode)}; use "decimal" or "float".`);
}

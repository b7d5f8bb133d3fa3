import { ConfigError } from '../errors/index.js';
import type { BarField, IndicatorSpec } from './spec.js';

/**
 * The same single-input indicator computed on another bar field, e.g.
 * `on('high', highest(20))` or `on('volume', sma(20))`.
 *
 * @throws ConfigError when `spec` reads more than one field
 */
export function on<O extends string>(field: BarField, spec: IndicatorSpec<O>): IndicatorSpec<O> {
  if (spec.inputs.length !== 1) {
    throw new ConfigError(
      `on: ${spec.name} reads ${spec.inputs.join(', ')}; only single-input indicators can be moved to another field`,
    );
  }
  return { ...spec, name: `${spec.name} on ${field}`, inputs: [field] };
}

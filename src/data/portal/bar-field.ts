import { DataError } from '../../errors/index.js';

/** A bar field a strategy can ask for. `price` is zipline's alias: the close. */
export type BarField = 'open' | 'high' | 'low' | 'close' | 'volume' | 'price';

/** The stored columns of a bar (every field but the `price` alias). */
export type StoredField = Exclude<BarField, 'price'>;

/** The stored columns, in storage order. */
export const STORED_FIELDS: readonly StoredField[] = ['open', 'high', 'low', 'close', 'volume'];

/** Maps the `price` alias to `close`. */
export function storedField(field: BarField): StoredField {
  return field === 'price' ? 'close' : field;
}

const FIELDS = new Set<string>([...STORED_FIELDS, 'price']);

/**
 * Checks a field name coming from user code.
 *
 * @throws DataError naming the valid fields.
 */
export function checkField(field: unknown): asserts field is BarField {
  if (typeof field !== 'string' || !FIELDS.has(field)) {
    throw new DataError(
      `Unknown bar field ${JSON.stringify(field)}; use open, high, low, close, volume or price.`,
    );
  }
}

import { DataError } from '../../errors/index.js';
import type { Table } from '../../analytics/table.js';

/**
 * The values of a table's column by name, as strings or as numbers.
 *
 * @throws DataError naming the table and the missing column, or the wrong kind.
 */
export function columnValues(table: Table, name: string, as: 'string'): readonly string[];
export function columnValues(table: Table, name: string, as: 'number'): ArrayLike<number>;
export function columnValues(
  table: Table,
  name: string,
  as: 'string' | 'number',
): readonly string[] | ArrayLike<number> {
  const column = table.columns.find((c) => c.name === name);
  if (column === undefined) {
    throw new DataError(`The ${table.name} table has no ${name} column.`);
  }
  const numeric = column.kind === 'number' || column.kind === 'integer';
  if (numeric !== (as === 'number')) {
    throw new DataError(
      `The ${table.name} table's ${name} column holds ${column.kind} values, not ${as}s.`,
    );
  }
  return column.values;
}

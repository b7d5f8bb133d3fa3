/** The kind of values a results column holds. */
export type ColumnKind = 'date' | 'timestamp' | 'decimal' | 'number' | 'integer' | 'string';

/**
 * One column of a results table. Exact amounts are `decimal` columns of
 * decimal strings (never binary floats); `date` columns hold `YYYY-MM-DD`
 * strings and `timestamp` columns ISO-8601 UTC strings.
 */
export type Column =
  | { name: string; kind: 'date' | 'timestamp' | 'string'; values: readonly string[] }
  | { name: string; kind: 'decimal'; values: readonly string[]; scale?: number }
  | { name: string; kind: 'number' | 'integer'; values: ArrayLike<number> };

/** A column-oriented table: every column has the same number of rows. */
export interface Table {
  name: string;
  columns: readonly Column[];
}

/** Number of rows of a table (0 for a table without columns). */
export function rowCount(table: Table): number {
  return table.columns[0]?.values.length ?? 0;
}

/**
 * Checks that every column has the same length and that names are unique.
 *
 * @throws RangeError naming the table and the offending column.
 */
export function checkTable(table: Table): void {
  const rows = rowCount(table);
  const seen = new Set<string>();
  for (const column of table.columns) {
    if (seen.has(column.name)) {
      throw new RangeError(`Table ${table.name}: column ${column.name} appears twice.`);
    }
    seen.add(column.name);
    if (column.values.length !== rows) {
      throw new RangeError(
        `Table ${table.name}: column ${column.name} has ${column.values.length} rows, expected ${rows}.`,
      );
    }
  }
}

import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlText } from '../data/bundles/duckdb-session.js';
import { DataError } from '../errors/index.js';
import { plainDecimalText } from '../numeric/plain-decimal.js';
import { rowCount, type Column, type Table } from './table.js';

/** Widest DECIMAL DuckDB and Parquet hold exactly. */
const DECIMAL_PRECISION = 38;

/**
 * Writes a results table to a Parquet file through DuckDB. Column types:
 * `decimal` → DECIMAL(38, s) cast from the exact text (s = the column's
 * `scale`, else the most fraction digits in its values; never through a
 * float), `date` → DATE, `timestamp` → TIMESTAMP (UTC), `integer` → BIGINT,
 * `number` → DOUBLE (NaN and ±Infinity as NULL), `string` → VARCHAR.
 * Float-mode decimal text too wide for DECIMAL(38) is written as DOUBLE.
 *
 * @throws DataError when a decimal value does not fit DECIMAL(38, s).
 */
export async function writeTableParquet(
  connection: DuckDBConnection,
  table: Table,
  path: string,
): Promise<void> {
  const staging = `staging_${table.name.replace(/\W/g, '_')}`;
  const plans = table.columns.map((column) => planColumn(column, table.name));
  const staged = plans.map((plan, k) => `c${k} ${plan.staging}`);
  await connection.run(
    `CREATE OR REPLACE TABLE ${staging} (row_number BIGINT${staged.map((c) => `, ${c}`).join('')})`,
  );
  const appender = await connection.createAppender(staging);
  const rows = rowCount(table);
  for (let i = 0; i < rows; i++) {
    appender.appendBigInt(BigInt(i));
    for (const plan of plans) appendCell(appender, plan, i);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  const selected = plans.map(
    (plan, k) => `${plan.select(`c${k}`)} AS ${identifier(plan.column.name)}`,
  );
  await connection.run(
    `COPY (SELECT ${selected.length === 0 ? 'row_number' : selected.join(', ')} FROM ${staging} ORDER BY row_number)
     TO ${sqlText(path)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  await connection.run(`DROP TABLE ${staging}`);
}

/** How one column is staged (as DuckDB receives it) and then cast for the file. */
interface ColumnPlan {
  column: Column;
  staging: 'DOUBLE' | 'BIGINT' | 'VARCHAR';
  /** Decimal texts without exponents, for decimal columns. */
  texts?: readonly string[];
  select: (name: string) => string;
}

function planColumn(column: Column, table: string): ColumnPlan {
  switch (column.kind) {
    case 'number':
      return { column, staging: 'DOUBLE', select: (name) => name };
    case 'integer':
      return { column, staging: 'BIGINT', select: (name) => name };
    case 'timestamp':
      return { column, staging: 'BIGINT', select: (name) => `epoch_ms(${name})` };
    case 'date':
      return { column, staging: 'VARCHAR', select: (name) => `CAST(${name} AS DATE)` };
    case 'string':
      return { column, staging: 'VARCHAR', select: (name) => name };
    case 'decimal':
      return planDecimal(column, table);
  }
}

/**
 * DECIMAL(38, s), s the column's scale or the most fraction digits written.
 * Float-mode text with exponents is rewritten exactly first; a float-mode
 * column too wide for DECIMAL(38) (e.g. 5e-300) is written as DOUBLE, which
 * holds those values exactly.
 */
function planDecimal(column: Extract<Column, { kind: 'decimal' }>, table: string): ColumnPlan {
  let scale = column.scale ?? 0;
  let integerDigits = 1;
  let hadExponent = false;
  const texts = column.values.map((text) => {
    if (text === '') return text;
    const plain = plainDecimalText(text);
    if (plain === undefined) {
      throw new DataError(
        `Table ${table}, column ${column.name}: ${JSON.stringify(text)} is not a decimal number.`,
      );
    }
    hadExponent ||= plain !== text;
    const [whole, fraction = ''] = plain.replace(/^[+-]/, '').split('.');
    integerDigits = Math.max(integerDigits, whole.replace(/^0+/, '').length);
    if (column.scale === undefined) scale = Math.max(scale, fraction.length);
    return plain;
  });
  if (integerDigits + scale <= DECIMAL_PRECISION) {
    return {
      column,
      staging: 'VARCHAR',
      texts,
      select: (name) => `CAST(${name} AS DECIMAL(${DECIMAL_PRECISION}, ${scale}))`,
    };
  }
  if (hadExponent) {
    return {
      column,
      staging: 'VARCHAR',
      texts: column.values,
      select: (name) => `CAST(${name} AS DOUBLE)`,
    };
  }
  throw new DataError(
    `Table ${table}, column ${column.name}: values need ${integerDigits} integer and ${scale} fraction digits, more than DECIMAL(${DECIMAL_PRECISION}) holds; export to JSON or CSV instead.`,
  );
}

interface CellAppender {
  appendVarchar(value: string): void;
  appendDouble(value: number): void;
  appendBigInt(value: bigint): void;
  appendNull(): void;
}

function appendCell(appender: CellAppender, plan: ColumnPlan, row: number): void {
  const { column } = plan;
  const value = (plan.texts ?? column.values)[row];
  if (column.kind === 'number' || column.kind === 'integer') {
    const number = value as number;
    if (!Number.isFinite(number)) appender.appendNull();
    else if (column.kind === 'number') appender.appendDouble(number);
    else appender.appendBigInt(BigInt(Math.trunc(number)));
    return;
  }
  const text = value as string;
  if (column.kind === 'timestamp') {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) appender.appendNull();
    else appender.appendBigInt(BigInt(ms));
    return;
  }
  if (text === '' && column.kind !== 'string') appender.appendNull();
  else appender.appendVarchar(text);
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

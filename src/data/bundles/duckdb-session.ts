import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DataError } from '../../errors/index.js';

/**
 * Runs `work` with a fresh in-memory DuckDB connection and closes it after,
 * whatever happens. DuckDB errors become `DataError`s naming `what`.
 */
export async function withDuckDB<T>(
  what: string,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(connection);
  } catch (error) {
    if (error instanceof DataError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DataError(`${what} failed in DuckDB: ${message}`, { cause: error });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A SQL string literal: the text in single quotes, inner quotes doubled. */
export function sqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

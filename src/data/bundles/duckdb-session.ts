import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DataError } from '../../errors/index.js';

/**
 * Runs `work` with a fresh in-memory DuckDB connection and closes it after,
 * whatever happens. DuckDB errors become `DataError`s naming `what`.
 */
export async function withDuckDB<T>(
  what: string,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const instance = await createInstance();
  try {
    return await onConnection(instance, what, work);
  } finally {
    instance.closeSync();
  }
}

let sharedInstance: Promise<DuckDBInstance> | undefined;

/**
 * Runs read-only `work` (queries over files, no tables created) on a new
 * connection to one in-memory DuckDB instance shared by the process, which
 * saves creating an instance per read (about 10 ms). Errors as {@link withDuckDB}.
 */
export async function withSharedDuckDB<T>(
  what: string,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  sharedInstance ??= createInstance();
  let instance: DuckDBInstance;
  try {
    instance = await sharedInstance;
  } catch (error) {
    sharedInstance = undefined;
    throw new DataError(`${what} failed: DuckDB could not start: ${String(error)}`, {
      cause: error,
    });
  }
  return onConnection(instance, what, work);
}

/** A new in-memory DuckDB; the DuckDB addon is loaded by the first call. */
async function createInstance(): Promise<DuckDBInstance> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  return DuckDBInstance.create(':memory:');
}

/** `work` on a new connection of `instance`, closed after; DuckDB errors become `DataError`s. */
async function onConnection<T>(
  instance: DuckDBInstance,
  what: string,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const connection = await instance.connect();
  try {
    return await work(connection);
  } catch (error) {
    if (error instanceof DataError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DataError(`${what} failed in DuckDB: ${message}`, { cause: error });
  } finally {
    connection.closeSync();
  }
}

/** A SQL string literal: the text in single quotes, inner quotes doubled. */
export function sqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

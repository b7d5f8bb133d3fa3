import { CatalogError, RustybtError } from '../../errors/index.js';

/** Whether `error` came from SQLite (better-sqlite3's `SqliteError`, codes `SQLITE_*`). */
export function isSqliteError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/**
 * A SQLite failure on the catalog as a {@link CatalogError} that says what to
 * do: rebuild a damaged file, wait for a busy one, fix permissions or space.
 * A `RustybtError` passes through unchanged.
 *
 * @param error - what SQLite (or the file system) threw
 * @param path - the catalog file, when known
 * @param doing - what rustybt was doing, e.g. `recording bundle demo`
 */
export function catalogFault(error: unknown, path: string | undefined, doing: string): Error {
  if (error instanceof RustybtError) return error;
  const file = path === undefined ? 'The catalog' : `The catalog ${path}`;
  const code = isSqliteError(error) ? error.code : ((error as { code?: string }).code ?? '');
  const reason = error instanceof Error ? error.message : String(error);
  let advice: string;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    advice = `is damaged (${reason}) while ${doing}. Rebuild it from the bundles and cache entries on disk with: rustybt catalog rebuild (the damaged file is kept beside it).`;
  } else if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    advice = `is busy (${reason}) while ${doing}: another rustybt process holds it. Try again when it has finished.`;
  } else if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_PERM') ||
    code.startsWith('SQLITE_AUTH')
  ) {
    advice = `cannot be opened for writing (${reason}) while ${doing}. Check that you may write to the file and its folder (RUSTYBT_HOME).`;
  } else if (code.startsWith('SQLITE_FULL')) {
    advice = `could not be written (${reason}) while ${doing}: the disk is full. Free space and try again.`;
  } else if (code.startsWith('SQLITE_IOERR')) {
    advice = `could not be read or written (${reason}) while ${doing}. Check the disk; if the file is damaged, rustybt catalog rebuild recreates it from the bundles on disk.`;
  } else {
    advice = `failed (${code === '' ? reason : `${code}: ${reason}`}) while ${doing}. Run rustybt catalog validate; rustybt catalog rebuild recreates the catalog from the bundles on disk.`;
  }
  return new CatalogError(`${file} ${advice}`, { cause: error });
}

/** Runs `work`, turning any SQLite failure into a {@link CatalogError} (see {@link catalogFault}). */
export function guardCatalog<T>(path: string | undefined, doing: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw catalogFault(error, path, doing);
  }
}

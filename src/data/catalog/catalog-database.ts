import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { catalogFault, guardCatalog } from './catalog-faults.js';
import { sqliteDatabase } from './sqlite-driver.js';
import { upgradeCatalog } from './catalog-upgrade.js';

/** Options of `openCatalogDatabase`. */
export interface OpenCatalogOptions {
  /**
   * Receives the one-line notice written when an older catalog was backed up
   * and migrated; default: standard error.
   */
  notice?: (line: string) => void;
}

/**
 * Opens (creating if needed) the catalog database at `path` in WAL mode (one
 * writer, readers never blocked), with a busy timeout so concurrent processes
 * wait for each other instead of failing, foreign keys on, and the schema
 * brought to the current version. An older, non-empty catalog is first copied
 * to `<path>.v<N>-backup-<time>` (WAL content included), then migrated, and
 * one notice line naming the backup is written.
 *
 * @throws CatalogError when the file was written by a newer schema, cannot be
 *   migrated, or SQLite fails (a damaged file, no permission, a busy lock).
 */
export function openCatalogDatabase(
  path: string,
  options: OpenCatalogOptions = {},
): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = guardCatalog(path, 'opening it', () => new (sqliteDatabase())(path));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    const upgrade = upgradeCatalog(db, path);
    if (upgrade !== null && upgrade.backup !== null) {
      const notice = options.notice ?? ((line: string): unknown => process.stderr.write(line));
      notice(
        `rustybt: migrated the catalog ${path} from schema ${upgrade.from} to ${upgrade.to}; the previous file is kept at ${upgrade.backup}\n`,
      );
    }
    db.pragma('foreign_keys = ON');
  } catch (error) {
    db.close();
    throw catalogFault(error, path, 'opening it');
  }
  return db;
}

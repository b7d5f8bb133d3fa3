import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ensureCatalogSchema } from './catalog-schema.js';

/**
 * Opens (creating if needed) the catalog database at `path` in WAL mode (one
 * writer, readers never blocked), with a busy timeout so concurrent processes
 * wait for each other instead of failing, foreign keys on, and the schema
 * brought to the current version.
 */
export function openCatalogDatabase(path: string): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    ensureCatalogSchema(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

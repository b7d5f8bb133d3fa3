import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const requireLazily = createRequire(import.meta.url);
let driver: typeof BetterSqlite3 | undefined;

/**
 * The better-sqlite3 constructor, loaded on first use so that commands which
 * never open the catalog do not load the SQLite addon.
 */
export function sqliteDatabase(): typeof BetterSqlite3 {
  driver ??= requireLazily('better-sqlite3') as typeof BetterSqlite3;
  return driver;
}

import type Database from 'better-sqlite3';

/** The schema version this rustybt writes (SQLite `user_version`). */
export const SCHEMA_VERSION = 2;

/**
 * The migrations, by the version they lead to: 1 is the paper journal; 2 adds
 * what a live session needs (the order as sent, and the exchange's trades,
 * each booked once). A journal is migrated forward in one transaction when a
 * writer opens it; a reader never changes it.
 */
const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE TABLE session (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE orders (
      client_id TEXT PRIMARY KEY, broker_id TEXT, symbol TEXT NOT NULL, amount TEXT NOT NULL,
      filled TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, request TEXT NOT NULL,
      bar_start REAL NOT NULL);
    CREATE TABLE events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, bar_start REAL NOT NULL, wall REAL NOT NULL,
      kind TEXT NOT NULL, client_id TEXT, detail TEXT NOT NULL);
    CREATE TABLE bars (
      bar_start REAL NOT NULL, symbol TEXT NOT NULL, open REAL NOT NULL, high REAL NOT NULL,
      low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL, price_scale INTEGER NOT NULL,
      volume_scale INTEGER NOT NULL, PRIMARY KEY (bar_start, symbol));
    CREATE TABLE processed (
      bar_start REAL PRIMARY KEY, cash TEXT NOT NULL, portfolio_value TEXT NOT NULL,
      session_pnl TEXT NOT NULL, positions TEXT NOT NULL, open_orders INTEGER NOT NULL);
  `,
  2: `
    ALTER TABLE orders ADD COLUMN spec TEXT NOT NULL DEFAULT '';
    CREATE TABLE trades (
      trade_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, symbol TEXT NOT NULL,
      amount TEXT NOT NULL, price TEXT NOT NULL, commission TEXT NOT NULL, fee TEXT NOT NULL,
      bar_start REAL NOT NULL);
  `,
};

/** Brings the schema from `version` (0: an empty file) to `SCHEMA_VERSION`, in one transaction. */
export function migrate(db: Database.Database, version: number): void {
  if (version >= SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let next = version + 1; next <= SCHEMA_VERSION; next++) db.exec(MIGRATIONS[next]);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/** The schema version of an open journal file (0 for an empty file). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

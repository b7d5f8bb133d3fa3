import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { sqliteDatabase } from './sqlite-driver.js';
import { CatalogError } from '../../errors/index.js';
import { crashPoint } from '../../faults/crash-point.js';
import { backupPathFor, copyCatalogFile } from './catalog-backup.js';
import {
  applyMigrations,
  CATALOG_SCHEMA_VERSION,
  catalogSchemaVersion,
  pendingMigrations,
} from './catalog-schema.js';

/** Rows of one old table and of the table its rows moved to, before and after a migration. */
export interface TableConversion {
  from: string;
  to: string;
  /** Rows in `from` before the migration. */
  rowsBefore: number;
  /** Rows in `to` after the migration. */
  rowsAfter: number;
}

/** What bringing a catalog to the current schema did (or, in a dry run, would do). */
export interface CatalogUpgrade {
  /** Schema version before (0 for an empty file). */
  from: number;
  /** Schema version after: {@link CATALOG_SCHEMA_VERSION}. */
  to: number;
  /** The steps applied, oldest first. */
  steps: { version: number; name: string }[];
  /** Rows moved from each old table into its new one. */
  conversions: TableConversion[];
  /** Rows per table after the migration, tables sorted by name. */
  rowsAfter: Record<string, number>;
  /** Backup of the file as it was (null for an empty file or when no backup was asked for). */
  backup: string | null;
}

/** Options of {@link upgradeCatalog}. */
export interface UpgradeOptions {
  /** Copy the file to a backup next to it before migrating a non-empty catalog. Default true. */
  backup?: boolean;
  /** Clock for the backup's name and the `schema_migrations` rows; default now. */
  now?: () => Date;
}

const LOCK_ATTEMPTS = 200;

/**
 * Brings an open catalog to {@link CATALOG_SCHEMA_VERSION} under the write
 * lock. A non-empty older catalog is first checkpointed (so the main file
 * holds every committed change) and copied byte for byte to
 * `<path>.v<N>-backup-<time>`; then every pending migration runs in the same
 * transaction. Returns null when the catalog was already current (possibly
 * migrated by another process meanwhile).
 *
 * Call it before turning foreign keys on: the migrations rebuild tables.
 *
 * @throws CatalogError when the file was written by a newer schema, or when
 * another process keeps the WAL busy so long that no consistent backup can be taken.
 */
export function upgradeCatalog(
  db: Database.Database,
  path: string,
  options: UpgradeOptions = {},
): CatalogUpgrade | null {
  const wantBackup = options.backup ?? true;
  const now = options.now ?? ((): Date => new Date());
  if (checkVersion(db) === CATALOG_SCHEMA_VERSION) return null;
  for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
    if (wantBackup) db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('BEGIN IMMEDIATE');
    let backup: string | null = null;
    try {
      const from = checkVersion(db);
      if (from === CATALOG_SCHEMA_VERSION) {
        db.exec('COMMIT');
        return null;
      }
      const empty = from === 0 && tableNames(db).length === 0;
      if (wantBackup && !empty && walBytes(path) > 0) {
        // A writer slipped in between the checkpoint and the lock: try again.
        db.exec('ROLLBACK');
        pause(attempt);
        continue;
      }
      const steps = pendingMigrations(from);
      const before = rowCounts(db);
      if (wantBackup && !empty) {
        backup = backupPathFor(path, from, now());
        copyCatalogFile(path, backup);
        crashPoint('catalog-upgrade.backed-up');
      }
      try {
        applyMigrations(db, steps, now());
        crashPoint('catalog-upgrade.migrated');
      } catch (error) {
        if (error instanceof CatalogError) throw error;
        throw new CatalogError(
          `Migrating the catalog ${path} from schema ${from} to ${CATALOG_SCHEMA_VERSION} failed (${(error as Error).message}); nothing was changed. Check that nothing but rustybt wrote to the file, or restore an earlier backup.`,
          { cause: error },
        );
      }
      const rowsAfter = rowCounts(db);
      db.exec('COMMIT');
      crashPoint('catalog-upgrade.committed');
      return {
        from,
        to: CATALOG_SCHEMA_VERSION,
        steps: steps.map(({ version, name }) => ({ version, name })),
        conversions: steps.flatMap((step) =>
          (step.converts ?? []).map(([fromTable, toTable]) => ({
            from: fromTable,
            to: toTable,
            rowsBefore: before[fromTable] ?? 0,
            rowsAfter: rowsAfter[toTable] ?? 0,
          })),
        ),
        rowsAfter,
        backup,
      };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (backup !== null) rmSync(backup, { force: true });
      throw error;
    }
  }
  throw new CatalogError(
    `Could not take a consistent backup of the catalog ${path}: other processes kept writing to it. Stop other rustybt processes and retry.`,
  );
}

/** Outcome of {@link migrateCatalogFile}. */
export type CatalogMigrationOutcome =
  | { status: 'missing'; path: string }
  | { status: 'current'; path: string; version: number }
  | { status: 'migrated' | 'planned'; path: string; upgrade: CatalogUpgrade };

/**
 * `rustybt catalog migrate`: brings the catalog file at `path` to the current
 * schema with a backup, or with `dryRun` migrates a temporary copy (main file
 * and WAL) and reports what a real run would do, leaving the file untouched.
 * In a dry run, `upgrade.backup` is the path a real run would use.
 *
 * @throws CatalogError when the file was written by a newer schema.
 */
export function migrateCatalogFile(
  path: string,
  options: { dryRun?: boolean; now?: () => Date } = {},
): CatalogMigrationOutcome {
  if (!existsSync(path)) return { status: 'missing', path };
  if (options.dryRun !== true) {
    const db = new (sqliteDatabase())(path, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      const version = checkVersion(db);
      const upgrade = upgradeCatalog(db, path, { now: options.now });
      return upgrade === null
        ? { status: 'current', path, version }
        : { status: 'migrated', path, upgrade };
    } finally {
      db.close();
    }
  }
  const scratch = mkdtempSync(join(tmpdir(), 'rustybt-catalog-dry-run-'));
  try {
    const copy = join(scratch, 'catalog.sqlite');
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    const db = new (sqliteDatabase())(copy, { fileMustExist: true });
    try {
      const version = checkVersion(db);
      const empty = version === 0 && tableNames(db).length === 0;
      const upgrade = upgradeCatalog(db, copy, { backup: false, now: options.now });
      if (upgrade === null) return { status: 'current', path, version };
      const backup = empty ? null : backupPathFor(path, upgrade.from, (options.now ?? nowDate)());
      return { status: 'planned', path, upgrade: { ...upgrade, backup } };
    } finally {
      db.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function nowDate(): Date {
  return new Date();
}

/** The catalog's schema version, refusing one newer than this code. */
function checkVersion(db: Database.Database): number {
  const version = catalogSchemaVersion(db);
  if (version > CATALOG_SCHEMA_VERSION) {
    throw new CatalogError(
      `The catalog ${db.name} has schema version ${version}, newer than this rustybt understands (${CATALOG_SCHEMA_VERSION}); upgrade rustybt, or roll the catalog back with the rustybt that migrated it.`,
    );
  }
  return version;
}

function tableNames(db: Database.Database): string[] {
  return db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all() as string[];
}

function rowCounts(db: Database.Database): Record<string, number> {
  return Object.fromEntries(
    tableNames(db).map((name) => [
      name,
      db
        .prepare(`SELECT COUNT(*) FROM "${name.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number,
    ]),
  );
}

function walBytes(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}

function pause(attempt: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(5 + attempt, 50));
}

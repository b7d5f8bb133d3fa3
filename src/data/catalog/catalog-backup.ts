import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { sqliteDatabase } from './sqlite-driver.js';
import { CatalogError } from '../../errors/index.js';

/** A backup of the catalog taken before a migration, lying next to the catalog file. */
export interface CatalogBackup {
  /** Absolute or catalog-relative path of the backup file. */
  path: string;
  /** Schema version of the catalog when the backup was taken. */
  schemaVersion: number;
  /** Time stamp in the name, `YYYY-MM-DDTHH-MM-SS-mmmZ` (UTC; sorts chronologically). */
  stamp: string;
}

/** What {@link rollbackCatalog} did. */
export interface CatalogRollback {
  /** The backup copied back into place (it is kept). */
  restored: CatalogBackup;
  /** Where the replaced catalog file (and its -wal/-shm files, if any) now lie. */
  keptAside: string[];
}

const STAMP = /\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z/;

/** A time as a file-name stamp: ISO-8601 UTC with `:` and `.` replaced by `-`. */
export function fileStamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

/**
 * Path of the backup of `catalogPath` at schema `schemaVersion` taken at `at`:
 * `<catalog>.v<N>-backup-<stamp>`, one millisecond later per existing file of that name.
 */
export function backupPathFor(catalogPath: string, schemaVersion: number, at: Date): string {
  let ms = at.getTime();
  for (;;) {
    const candidate = `${catalogPath}.v${schemaVersion}-backup-${fileStamp(new Date(ms))}`;
    if (!existsSync(candidate)) return candidate;
    ms += 1;
  }
}

/** Backups of the catalog at `catalogPath`, oldest first. */
export function listCatalogBackups(catalogPath: string): CatalogBackup[] {
  const dir = dirname(catalogPath);
  if (!existsSync(dir)) return [];
  const name = basename(catalogPath);
  const pattern = new RegExp(
    `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.v(\\d+)-backup-(${STAMP.source})$`,
  );
  return readdirSync(dir)
    .flatMap((entry) => {
      const match = pattern.exec(entry);
      return match === null
        ? []
        : [{ path: join(dir, entry), schemaVersion: Number(match[1]), stamp: match[2] }];
    })
    .sort((a, b) => (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : 0));
}

/**
 * Copies the catalog's main file to `destination` (through a temporary name,
 * so a crash leaves no partial backup). The caller must hold the write lock
 * with the WAL checkpointed and empty, so the main file holds every committed
 * change and nothing can change it during the copy.
 */
export function copyCatalogFile(catalogPath: string, destination: string): void {
  const temporary = `${destination}.partial-${process.pid}`;
  try {
    copyFileSync(catalogPath, temporary);
    renameSync(temporary, destination);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Puts the most recent backup back in place of the catalog: the current file
 * is checkpointed and moved aside to `<catalog>.rolled-back-<stamp>` (with its
 * -wal/-shm files, if any), never deleted; the backup is copied (and kept).
 * Run it while no other rustybt process uses the catalog.
 *
 * @throws CatalogError when there is no backup next to the catalog.
 */
export function rollbackCatalog(catalogPath: string, at: Date = new Date()): CatalogRollback {
  const backups = listCatalogBackups(catalogPath);
  const restored = backups[backups.length - 1];
  if (restored === undefined) {
    throw new CatalogError(
      `No backup of the catalog ${catalogPath} to roll back to (looked for ${basename(catalogPath)}.v<N>-backup-<time> next to it); backups are written when a migration runs.`,
    );
  }
  const keptAside: string[] = [];
  if (existsSync(catalogPath)) {
    checkpointQuietly(catalogPath);
    const aside = `${catalogPath}.rolled-back-${fileStamp(at)}`;
    renameSync(catalogPath, aside);
    keptAside.push(aside);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(`${catalogPath}${suffix}`)) {
        renameSync(`${catalogPath}${suffix}`, `${aside}${suffix}`);
        keptAside.push(`${aside}${suffix}`);
      }
    }
  }
  copyCatalogFile(restored.path, catalogPath);
  return { restored, keptAside };
}

/** Moves a catalog's WAL content into its main file, so the file stands alone; ignores a damaged file. */
function checkpointQuietly(path: string): void {
  let db: Database.Database | undefined;
  try {
    db = new (sqliteDatabase())(path, { fileMustExist: true });
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // A file SQLite cannot open is moved aside as it is.
  } finally {
    db?.close();
  }
}

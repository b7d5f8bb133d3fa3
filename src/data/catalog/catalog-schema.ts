import type Database from 'better-sqlite3';
import { CatalogError } from '../../errors/index.js';
import { CATALOG_MIGRATIONS, type CatalogMigration } from './catalog-migrations.js';

/** Schema version this code writes; stored in SQLite's `user_version`. */
export const CATALOG_SCHEMA_VERSION = CATALOG_MIGRATIONS[CATALOG_MIGRATIONS.length - 1].version;

/** The schema version of an open catalog (0 for an empty file). */
export function catalogSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Migrations that would bring a catalog at `from` to {@link CATALOG_SCHEMA_VERSION}, in order. */
export function pendingMigrations(from: number): CatalogMigration[] {
  return CATALOG_MIGRATIONS.filter((migration) => migration.version > from);
}

/**
 * Applies `migrations` in one immediate transaction, each followed by its
 * `user_version` and a `schema_migrations` row; all or nothing.
 */
export function applyMigrations(
  db: Database.Database,
  migrations: readonly CatalogMigration[],
  at: Date = new Date(),
): void {
  if (migrations.length === 0) return;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const migration of migrations) {
        db.exec(migration.up);
        db.pragma(`user_version = ${migration.version}`);
        if (migration.version >= 2) {
          db.prepare(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
          ).run(migration.version, migration.name, at.toISOString());
        }
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) {
        throw new CatalogError(
          `Migrating the catalog ${db.name} left ${broken.length} row(s) pointing at nothing; nothing was changed. Restore a backup or report the file.`,
        );
      }
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/**
 * Brings a freshly opened catalog to {@link CATALOG_SCHEMA_VERSION}: an empty
 * file gets every migration; a file at the current version is left alone.
 * Takes no backup: `openCatalogDatabase` (through `upgradeCatalog`) backs an
 * older catalog up before migrating it and is what rustybt itself uses.
 *
 * @throws CatalogError when the file was written by a newer schema.
 */
export function ensureCatalogSchema(db: Database.Database): void {
  const version = catalogSchemaVersion(db);
  if (version === CATALOG_SCHEMA_VERSION) return;
  if (version > CATALOG_SCHEMA_VERSION) {
    throw new CatalogError(
      `The catalog ${db.name} has schema version ${version}, newer than this rustybt understands (${CATALOG_SCHEMA_VERSION}); upgrade rustybt.`,
    );
  }
  applyMigrations(db, pendingMigrations(version));
}

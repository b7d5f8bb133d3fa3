import { catalogPath, rustybtHome } from '../../data/bundles/bundle-home.js';
import { rollbackCatalog } from '../../data/catalog/catalog-backup.js';
import { migrateCatalogFile, type CatalogUpgrade } from '../../data/catalog/catalog-upgrade.js';
import { CATALOG_SCHEMA_VERSION } from '../../data/catalog/catalog-schema.js';
import { ConfigError } from '../../errors/index.js';

/** The options of `rustybt catalog migrate`. */
export interface CatalogMigrateFlags {
  dryRun?: boolean;
  rollback?: boolean;
}

/** Runs `rustybt catalog migrate [--dry-run] [--rollback]` on `<RUSTYBT_HOME>/catalog.sqlite`. */
export function runCatalogMigrate(flags: CatalogMigrateFlags): void {
  const path = catalogPath(rustybtHome());
  if (flags.rollback === true) {
    if (flags.dryRun === true) {
      throw new ConfigError('--rollback and --dry-run cannot be combined; run --rollback alone.');
    }
    const { restored, keptAside } = rollbackCatalog(path);
    process.stdout.write(
      `Rolled back ${path} to the backup ${restored.path} (schema ${restored.schemaVersion}, taken ${restored.stamp}).\n` +
        (keptAside.length > 0
          ? `The replaced catalog is kept at ${keptAside.join(', ')}.\n`
          : 'There was no catalog file to keep aside.\n') +
        `This rustybt migrates the restored file again (with a new backup) the next time it opens it; use the rustybt that wrote schema ${restored.schemaVersion} with it.\n`,
    );
    return;
  }
  const outcome = migrateCatalogFile(path, { dryRun: flags.dryRun === true });
  switch (outcome.status) {
    case 'missing':
      process.stdout.write(
        `No catalog at ${path}; nothing to migrate (the first ingest creates it at schema ${CATALOG_SCHEMA_VERSION}).\n`,
      );
      return;
    case 'current':
      process.stdout.write(
        `The catalog ${path} is already at schema ${outcome.version}; nothing to migrate.\n`,
      );
      return;
    default:
      process.stdout.write(describeUpgrade(path, outcome.upgrade, outcome.status === 'planned'));
  }
}

/** The report of a migration (or of its plan, for a dry run). */
export function describeUpgrade(path: string, upgrade: CatalogUpgrade, dryRun: boolean): string {
  const lines = [
    `${dryRun ? 'Dry run: would migrate' : 'Migrated'} the catalog ${path} from schema ${upgrade.from} to ${upgrade.to}.`,
    'steps:',
    ...upgrade.steps.map((step) => `  ${step.version}  ${step.name}`),
  ];
  if (upgrade.conversions.length > 0) {
    lines.push('rows converted:');
    const width = Math.max(...upgrade.conversions.map((c) => `${c.from} -> ${c.to}`.length));
    for (const c of upgrade.conversions) {
      lines.push(`  ${`${c.from} -> ${c.to}`.padEnd(width)}  ${c.rowsBefore} -> ${c.rowsAfter}`);
    }
  }
  const filled = Object.entries(upgrade.rowsAfter).filter(([, rows]) => rows > 0);
  lines.push(
    `rows after: ${filled.length === 0 ? 'none' : filled.map(([table, rows]) => `${table} ${rows}`).join(', ')}`,
  );
  if (upgrade.backup === null) {
    lines.push('backup: none (the catalog was empty)');
  } else if (dryRun) {
    lines.push(`backup: would be written to ${upgrade.backup}`);
    lines.push('Nothing was changed (dry run).');
  } else {
    lines.push(`backup: ${upgrade.backup}`);
    lines.push('Undo with: rustybt catalog migrate --rollback');
  }
  return `${lines.join('\n')}\n`;
}

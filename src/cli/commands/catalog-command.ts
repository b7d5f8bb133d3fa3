import type { Command } from 'commander';
import type { CatalogMigrateFlags } from './catalog-migrate-action.js';

/** Adds `rustybt catalog list | info <bundle> | validate [<bundle>] | rebuild | migrate`. */
export function registerCatalogCommand(program: Command): void {
  const catalog = program
    .command('catalog')
    .description('inspect, validate and migrate the catalog (<RUSTYBT_HOME>/catalog.sqlite)');
  catalog
    .command('list')
    .description(
      'bundles in the catalog: source, versions, latest version, symbols, rows, size, last fetch',
    )
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: { json?: boolean }) => {
      const { runCatalogList } = await import('./catalog-list-action.js');
      runCatalogList(flags);
    });
  catalog
    .command('info')
    .description(
      "a bundle's latest version: provenance, date range, quality, symbols, files with checksums",
    )
    .argument('<bundle>', 'bundle name')
    .option('--json', 'print JSON instead of text')
    .action(async (bundle: string, flags: { json?: boolean }) => {
      const { runCatalogInfo } = await import('./catalog-info-action.js');
      runCatalogInfo(bundle, flags);
    });
  catalog
    .command('validate')
    .description(
      'check the latest version of one or all bundles: file checksums, calendar gaps, OHLC rules; exit code 1 on any problem',
    )
    .argument('[bundle]', 'bundle name (default: every bundle)')
    .option(
      '--calendar <name>',
      'calendar for every symbol (XNYS, 24/7); default XNYS for equities, 24/7 for crypto',
    )
    .option('--json', 'print JSON instead of text')
    .action(async (bundle: string | undefined, flags: { calendar?: string; json?: boolean }) => {
      const { runCatalogValidate } = await import('./catalog-validate-action.js');
      await runCatalogValidate(bundle, flags);
    });
  catalog
    .command('rebuild')
    .description(
      'recreate the catalog from the bundle manifests and cache entries on disk (after it was deleted or damaged); the old file is copied aside first',
    )
    .action(async () => {
      const { runCatalogRebuild } = await import('./catalog-rebuild-action.js');
      runCatalogRebuild();
    });
  catalog
    .command('migrate')
    .description(
      'bring the catalog to the current schema (backup first); --dry-run shows the plan, --rollback restores the latest backup',
    )
    .option('--dry-run', 'show what would change, change nothing')
    .option('--rollback', 'put the most recent backup back (the current file is kept aside)')
    .action(async (flags: CatalogMigrateFlags) => {
      const { runCatalogMigrate } = await import('./catalog-migrate-action.js');
      runCatalogMigrate(flags);
    });
}

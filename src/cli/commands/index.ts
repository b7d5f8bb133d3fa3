import type { Command } from 'commander';
import { registerBundlesCommand } from './bundles-command.js';
import { registerCacheCommand } from './cache-command.js';
import { registerCatalogCommand } from './catalog-command.js';
import { registerCleanCommand } from './clean-command.js';
import { registerIngestCommand } from './ingest-command.js';

/** Adds the data commands (`ingest`, `bundles`, `clean`, `catalog`, `cache`) to the program. */
export function registerDataCommands(program: Command): void {
  registerIngestCommand(program);
  registerBundlesCommand(program);
  registerCleanCommand(program);
  registerCatalogCommand(program);
  registerCacheCommand(program);
}

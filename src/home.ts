import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The rustybt home directory: `$RUSTYBT_HOME` when set, else `~/.rustybt`.
 * Bundles live in `<home>/bundles`, the catalog in `<home>/catalog.sqlite`, compiled
 * strategies in `<home>/strategy-cache`.
 */
export function rustybtHome(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.RUSTYBT_HOME;
  return configured !== undefined && configured !== ''
    ? resolve(configured)
    : join(homedir(), '.rustybt');
}

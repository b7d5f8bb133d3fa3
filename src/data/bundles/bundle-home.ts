import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The rustybt home directory: `$RUSTYBT_HOME` when set, else `~/.rustybt`.
 * Bundles live in `<home>/bundles`, the catalog in `<home>/catalog.sqlite`.
 */
export function rustybtHome(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.RUSTYBT_HOME;
  return configured !== undefined && configured !== ''
    ? resolve(configured)
    : join(homedir(), '.rustybt');
}

/** Directory holding every bundle under a home directory. */
export function bundlesDirectory(home: string): string {
  return join(home, 'bundles');
}

/** Path of the catalog database under a home directory. */
export function catalogPath(home: string): string {
  return join(home, 'catalog.sqlite');
}

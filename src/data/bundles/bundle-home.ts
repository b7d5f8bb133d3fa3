import { join } from 'node:path';

export { rustybtHome } from '../../home.js';

/** Directory holding every bundle under a home directory. */
export function bundlesDirectory(home: string): string {
  return join(home, 'bundles');
}

/** Path of the catalog database under a home directory. */
export function catalogPath(home: string): string {
  return join(home, 'catalog.sqlite');
}

import type { Command } from 'commander';
import { rustybtHome } from '../../data/bundles/bundle-home.js';

/** Adds `rustybt bundles`: every bundle with its versions, size, frequencies, symbols and range. */
export function registerBundlesCommand(program: Command): void {
  program
    .command('bundles')
    .description('list bundles: versions, size, frequencies, symbols, rows and date range')
    .action(async () => {
      const { describeBundles } = await import('./bundles-action.js');
      process.stdout.write(describeBundles(rustybtHome()));
    });
}

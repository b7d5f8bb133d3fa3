import type { Command } from 'commander';
import { rustybtHome } from '../../data/bundles/bundle-home.js';

/** Adds `rustybt bundles [name]`: every bundle, or every version of one bundle. */
export function registerBundlesCommand(program: Command): void {
  program
    .command('bundles')
    .description(
      'list bundles: versions, size, frequencies, symbols, rows and date range; with a name, every version of that bundle',
    )
    .argument('[name]', 'a bundle: list each of its versions (for run --bundle NAME@VERSION)')
    .action(async (name: string | undefined) => {
      const { describeBundles, describeVersions } = await import('./bundles-action.js');
      process.stdout.write(
        name === undefined ? describeBundles(rustybtHome()) : describeVersions(rustybtHome(), name),
      );
    });
}

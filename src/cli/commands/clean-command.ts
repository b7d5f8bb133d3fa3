import type { Command } from 'commander';
import type { CleanFlags } from './clean-action.js';

/** Adds `rustybt clean --bundle <name> [--keep-last N]`. */
export function registerCleanCommand(program: Command): void {
  program
    .command('clean')
    .description(
      'delete old versions of a bundle (--keep-last N keeps the newest N) and leftovers of crashed ingests',
    )
    .requiredOption('--bundle <name>', 'bundle to clean')
    .option('--keep-last <n>', 'keep the newest N versions, delete the rest')
    .action(async (flags: CleanFlags) => {
      const { runCleanCommand } = await import('./clean-action.js');
      runCleanCommand(flags);
    });
}

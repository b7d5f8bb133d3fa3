import type { Command } from 'commander';

/** Adds `rustybt init [dir]` to the program. */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      'create a strategy project (example strategy, backtest.yaml, sample data) that runs at once, offline',
    )
    .argument('[dir]', 'folder to create (must be new or empty)', '.')
    .option('--force', 'write the files into a folder that is not empty (other files are kept)')
    .option('--no-install', 'skip npm install (which only links this rustybt installation)')
    .action(async (dir: string, flags: { force?: boolean; install?: boolean }) => {
      const { initProject } = await import('./init-action.js');
      process.stdout.write(initProject(dir, { force: flags.force, install: flags.install }));
    });
}

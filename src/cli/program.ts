import { Command } from 'commander';
import { backendInfo } from '../native/backend.js';
import { registerBacktestCommands } from './commands/backtest-commands.js';
import { registerBenchCommand } from './commands/bench-command.js';
import { registerDataCommands } from './commands/index.js';
import { registerLiveCommand } from './commands/live-command.js';
import { registerProfileCommand } from './commands/profile-command.js';
import { registerSweepCommands } from './commands/sweep-commands.js';
import { versionText } from './version-text.js';

/**
 * Builds the `rustybt` command tree. Kept apart from `main.ts` so tests can
 * parse arguments without spawning a process.
 */
export function buildProgram(): Command {
  const program = new Command('rustybt')
    .description('Event-driven backtesting with exact decimal accounting and a Rust core.')
    .option('--debug', 'print stack traces on errors')
    .option(
      '-V, --version',
      'print the version and the active backend (rust or ts) with the reason',
    )
    .showHelpAfterError();

  program.on('option:version', () => {
    process.stdout.write(versionText());
    process.exit(0);
  });

  program
    .command('backend')
    .description('print the active backend as JSON: { backend, reason, version }')
    .action(() => {
      process.stdout.write(`${JSON.stringify(backendInfo(), null, 2)}\n`);
    });

  registerDataCommands(program);
  registerBacktestCommands(program);
  registerProfileCommand(program);
  registerBenchCommand(program);
  registerSweepCommands(program);
  registerLiveCommand(program);

  return program;
}

import type { Command } from 'commander';
import { registerDemoCommand } from './demo-command.js';
import { registerInitCommand } from './init-command.js';
import { registerRunCommand } from './run-command.js';

/** Adds the backtest commands (`init`, `run`, `demo`) to the program. */
export function registerBacktestCommands(program: Command): void {
  registerInitCommand(program);
  registerRunCommand(program);
  registerDemoCommand(program);
}

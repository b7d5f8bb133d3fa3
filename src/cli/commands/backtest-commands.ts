import type { Command } from 'commander';
import { registerDemoCommand } from './demo-command.js';
import { registerInitCommand } from './init-command.js';
import { registerReportCommand } from './report-command.js';
import { registerRunCommand } from './run-command.js';

/** Adds the backtest commands (`init`, `run`, `demo`, `report`) to the program. */
export function registerBacktestCommands(program: Command): void {
  registerInitCommand(program);
  registerRunCommand(program);
  registerDemoCommand(program);
  registerReportCommand(program);
}

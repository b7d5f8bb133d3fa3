import type { Command } from 'commander';
import { registerDemoCommand } from './demo-command.js';
import { registerReportCommand } from './report-command.js';
import { registerRunCommand } from './run-command.js';

/** Adds the backtest commands (`run`, `demo`, `report`) to the program. */
export function registerBacktestCommands(program: Command): void {
  registerRunCommand(program);
  registerDemoCommand(program);
  registerReportCommand(program);
}

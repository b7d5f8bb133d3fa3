import type { Command } from 'commander';
import { registerOptimizeCommand, registerWalkForwardCommand } from './optimize-command.js';
import { registerWorkerCommand } from './worker-command.js';

/** Adds the sweep commands (`optimize`, `walkforward`, `worker`) to the program. */
export function registerSweepCommands(program: Command): void {
  registerOptimizeCommand(program);
  registerWalkForwardCommand(program);
  registerWorkerCommand(program);
}

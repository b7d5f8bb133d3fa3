import type { Command } from 'commander';

/** Adds `rustybt report` to the program. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      'write an HTML tear sheet of a results file (rustybt run … -o run.json); several files give a side-by-side comparison',
    )
    .argument('<results...>', 'results JSON files written by rustybt run -o')
    .option(
      '-o, --output <file>',
      'the HTML page to write (default: the results file with .html, or comparison.html for several)',
    )
    .action(async (results: string[], flags: { output?: string }) => {
      const { reportAction } = await import('./report-action.js');
      process.stdout.write(await reportAction(results, flags.output));
    });
}

import type { Command } from 'commander';

/** The bundle the demo writes and reads. */
export const DEMO_BUNDLE = 'demo';

/** Adds `rustybt demo` to the program. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      `offline demo: ingest the sample data (examples/data) into the bundle "${DEMO_BUNDLE}" if absent, run the dual moving average example, print the summary`,
    )
    .option('--reingest', `ingest the sample data again even if the bundle "${DEMO_BUNDLE}" exists`)
    .option('-o, --output <file>', 'also write the results (.json, .csv or .parquet)')
    .option(
      '--report [file]',
      'also write an HTML tear sheet of the run (default file: rustybt-demo.html)',
    )
    .action(async (flags: { reingest?: boolean; output?: string; report?: string | boolean }) => {
      const { runDemo } = await import('./demo-action.js');
      const report =
        flags.report === true
          ? 'rustybt-demo.html'
          : flags.report === false
            ? undefined
            : flags.report;
      const demo = await runDemo({ reingest: flags.reingest, output: flags.output, report });
      process.stdout.write(demo.text);
      if (demo.outputError !== undefined) throw demo.outputError;
    });
}

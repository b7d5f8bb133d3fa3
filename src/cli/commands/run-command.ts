import type { Command } from 'commander';
import { EXPORT_FORMATS } from '../../analytics/export-formats.js';

/** The flags of `rustybt run`, as commander parses them. */
export interface RunFlags {
  file?: string;
  bundle?: string;
  csvDir?: string;
  source?: string;
  exchange?: string;
  /** False with `--no-cache`. */
  cache?: boolean;
  start?: string;
  end?: string;
  capitalBase: string;
  dataFrequency: string;
  numeric: string;
  calendar?: string;
  benchmark?: string;
  fillPrice?: string;
  symbols?: string;
  output?: string;
  warmup?: string;
  /** HTML report to write after the run. */
  report?: string;
  /** False with `--quiet`. */
  quiet?: boolean;
}

/** Adds `rustybt run` to the program. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a strategy module over a bundle (or a CSV directory) and print a summary')
    .requiredOption('-f, --file <strategy>', 'strategy module (.ts or .js) exporting the hooks')
    .option('--bundle <name>', 'ingested bundle to read the bars from')
    .option('--csv-dir <dir>', 'read the bars straight from a directory of CSV files instead')
    .option(
      '--source <name>',
      'fetch the bars from a data source (yfinance, ccxt, ...) through the smart cache; needs --symbols',
    )
    .option('--exchange <id>', 'exchange id for --source ccxt')
    .option('--no-cache', 'with --source: fetch without the cache')
    .requiredOption('--start <date>', 'first session, YYYY-MM-DD')
    .requiredOption('--end <date>', 'last session, YYYY-MM-DD')
    .option('--capital-base <amount>', 'starting cash (decimal)', '100000')
    .option('--data-frequency <f>', 'daily, hourly or minute', 'daily')
    .option('--numeric <mode>', 'decimal (exact) or float', 'decimal')
    .option('--calendar <name>', 'trading calendar: XNYS (default) or 24/7')
    .option('--benchmark <symbol>', 'symbol of the benchmark asset (must be in the data)')
    .option('--fill-price <price>', "fill orders at the next bar's open (default) or close")
    .option('--symbols <list>', 'comma-separated symbols to load (default: all)')
    .option('--warmup <sessions>', 'sessions of history to load before --start (default 0)')
    .option('-o, --output <file>', `write the results (${EXPORT_FORMATS.join(', ')})`)
    .option('--report <file>', 'also write an HTML tear sheet of the run (see rustybt report)')
    .option('-q, --quiet', 'print nothing but errors (no progress bar, no summary)')
    .action(async (flags: RunFlags) => {
      const { runFromFlags } = await import('./run-action.js');
      const written = await runFromFlags(flags);
      if (flags.quiet !== true) process.stdout.write(written.summary);
    });
}

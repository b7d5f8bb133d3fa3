import type { Command } from 'commander';
import { EXPORT_FORMATS } from '../../analytics/export-formats.js';
import type { RunSettings } from './run-settings.js';

/** The flags of `rustybt run`, as commander parses them. */
export interface RunFlags extends RunSettings {
  /** `--config FILE`: a run config file (YAML or JSON); flags override it. */
  config?: string;
}

/** Adds `rustybt run` to the program. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'run a strategy module over a bundle, a CSV directory or a data source and print a summary',
    )
    .option('-c, --config <file>', 'run config file (YAML or JSON); flags given override it')
    .option('-f, --file <strategy>', 'strategy module (.ts or .js) exporting the hooks')
    .option(
      '--bundle <name>',
      'ingested bundle to read the bars from; NAME@VERSION for another than the newest (rustybt bundles NAME)',
    )
    .option('--csv-dir <dir>', 'read the bars straight from a directory of CSV files instead')
    .option(
      '--source <name>',
      'fetch the bars from a data source (yfinance, ccxt, csv with --csv-dir, ...) through the smart cache',
    )
    .option('--exchange <id>', 'exchange id for --source ccxt')
    .option('--no-cache', 'with --source: fetch without the cache')
    .option('--start <date>', 'first session, YYYY-MM-DD (required)')
    .option('--end <date>', 'last session, YYYY-MM-DD (required)')
    .option('--capital-base <amount>', 'starting cash (decimal; default 100000)')
    .option('--data-frequency <f>', 'daily (default), hourly or minute')
    .option('--numeric <mode>', 'decimal (exact, default) or float')
    .option(
      '--calendar <name>',
      'trading calendar: XNYS (default), 24/7, or data (the sessions present in the data)',
    )
    .option(
      '--calendar-file <file>',
      'calendar of the sessions listed in a file, one YYYY-MM-DD per line',
    )
    .option('--benchmark <symbol>', 'symbol of the benchmark asset (must be in the data)')
    .option('--fill-price <price>', "fill orders at the next bar's open (default) or close")
    .option(
      '--commission <model>',
      'commission model: none, per-share:0.005,min=1, per-trade:1, per-dollar:0.0015, percent:0.1, maker-taker:maker=0.001,taker=0.002',
    )
    .option(
      '--slippage <model>',
      'slippage model: none, fixed-bps:5[,volume-limit=0.1], volume-share:volume-limit=0.025,impact=0.1, fixed-spread:0.02',
    )
    .option('--symbols <list>', 'comma-separated symbols to load (default: all)')
    .option('--warmup <sessions>', 'sessions of history to load before --start (default 0)')
    .option(
      '--date-format <format>',
      'CSV dates: auto, iso, ymd-compact, mdy, dmy, epoch-s, epoch-ms',
    )
    .option('--columns <map>', 'CSV header names, e.g. "date=Date,close=Adj Close,volume=Vol"')
    .option('--delimiter <char>', 'CSV field separator: , ; | or tab (default: detected)')
    .option('--timezone <zone>', 'IANA zone of CSV times written without an offset (default UTC)')
    .option('--scale <digits>', 'CSV price decimals (4), or price=4,volume=0 (default: detected)')
    .option(
      '--missing <policy>',
      'CSV rows with empty values: skip (default), forward-fill or fail',
    )
    .option(
      '--strict',
      'with --csv-dir: fail on the first bad row instead of dropping and reporting it',
    )
    .option(
      '--no-verify',
      "skip checking the bundle's files against their recorded checksums while loading (faster, unsafe)",
    )
    .option('-o, --output <file>', `write the results (${EXPORT_FORMATS.join(', ')})`)
    .option('--report <file>', 'also write an HTML tear sheet of the run (see rustybt report)')
    .option('-q, --quiet', 'print nothing but errors (no progress bar, no summary)')
    .action(async (flags: RunFlags, command: Command) => {
      // The run config's parser (yaml, zod) loads only when a config file is given.
      const { config, ...given } = flags;
      const written =
        config === undefined
          ? await (await import('./run-action.js')).runFromFlags(given)
          : await (
              await import('./run-config.js')
            ).runFromCommandLine(flags, (key) => command.getOptionValueSource(key));
      if (flags.quiet !== true) process.stdout.write(written.summary);
      if (written.outputError !== undefined) throw written.outputError;
    });
}

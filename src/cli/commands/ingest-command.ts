import type { Command } from 'commander';
import { FREQUENCIES } from '../../data/bar-frame.js';
import { PROFILING_BUNDLES } from '../../data/bundles/profiling-bundles.js';
import type { IngestFlags } from './ingest-action.js';

/** Adds `rustybt ingest` to the program. */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description(
      `fetch bars from a source into a new bundle version; <source> is a source name or a profiling bundle (${Object.keys(PROFILING_BUNDLES).join(', ')})`,
    )
    .argument('[source]', 'source name (see --list-sources) or profiling bundle name')
    .option('--bundle <name>', 'bundle to write (default: the profiling bundle name)')
    .option('--symbols <list>', 'comma-separated symbols, e.g. AAPL,MSFT')
    .option('--symbols-file <file>', 'file with one symbol per line (# starts a comment)')
    .option('--start <date>', 'first day or instant, UTC (YYYY-MM-DD or ISO-8601)')
    .option('--end <date>', 'last day (inclusive) or instant, UTC')
    .option('--frequency <f>', `bar frequency: ${FREQUENCIES.join(', ')}`, '1d')
    .option('--exchange <id>', 'exchange id (ccxt)')
    .option('--csv-dir <dir>', 'directory of CSV files (csv source)')
    .option('--calendar <name>', 'trading calendar to check sessions against (XNYS, 24/7)')
    .option(
      '--source <name>',
      'with a profiling bundle: the source to use instead (e.g. synthetic)',
    )
    .option('--strict', 'fail on the first bad row instead of dropping and reporting it')
    .option(
      '--max-drop <share>',
      'largest share of rows that may be dropped as bad before the ingest is refused, 0..1 or a percentage (default 0.1)',
    )
    .option('--list-sources', 'list the available sources and exit')
    .action(async (sourceArg: string | undefined, flags: IngestFlags) => {
      // Sources, DuckDB and SQLite load only when the command runs.
      const { runIngestCommand } = await import('./ingest-action.js');
      await runIngestCommand(sourceArg, flags);
    });
}

import type { Command } from 'commander';
import type { RunFlags } from './run-command.js';
import type { WalkForwardFlags } from './walkforward-action.js';

/** The flags of `rustybt optimize` (and, with the window flags, `walkforward`). */
export interface OptimizeFlags extends RunFlags {
  grid?: string;
  random?: string;
  seed: string;
  objective: string;
  minimize?: boolean;
  workers?: string;
  executor?: string;
  redisUrl?: string;
  queue?: string;
  report?: string;
  top: string;
}

/** Adds the options every sweep command shares. */
export function addSweepOptions(command: Command): Command {
  return command
    .requiredOption(
      '-f, --file <strategy>',
      'strategy module (.ts or .js); may export params and constraint',
    )
    .option('--bundle <name>', 'ingested bundle to read the bars from')
    .option('--csv-dir <dir>', 'read the bars straight from a directory of CSV files instead')
    .requiredOption('--start <date>', 'first session, YYYY-MM-DD')
    .requiredOption('--end <date>', 'last session, YYYY-MM-DD')
    .option('--symbols <list>', 'comma-separated symbols to load (default: all)')
    .option('--capital-base <amount>', 'starting cash (decimal)', '100000')
    .option('--data-frequency <f>', 'daily, hourly or minute', 'daily')
    .option('--numeric <mode>', 'decimal (exact) or float', 'decimal')
    .option('--calendar <name>', 'trading calendar: XNYS (default) or 24/7')
    .option('--benchmark <symbol>', 'symbol of the benchmark asset (must be in the data)')
    .option('--fill-price <price>', "fill orders at the next bar's open (default) or close")
    .option('--warmup <sessions>', 'sessions of history to load before --start (default 0)')
    .option(
      '--grid <spec>',
      "values to try: fast=5:50:5,slow=20:200:10,mode=a|b (default: the strategy's params)",
    )
    .option('--random <n>', 'try n combinations of the grid drawn at random instead of all')
    .option('--seed <s>', 'seed of --random', '1')
    .option(
      '--objective <statistic>',
      'statistic to rank runs by (sharpe, sortino, totalReturn, calmar, ...)',
      'sharpe',
    )
    .option('--minimize', 'the lowest objective is best (default: the highest)')
    .option(
      '--executor <kind>',
      'serial, threads or redis (default: threads with --workers > 1, else serial)',
    )
    .option('--workers <n>', 'worker threads for --executor threads (default: the CPU count)')
    .option('--redis-url <url>', 'Redis for --executor redis, e.g. redis://127.0.0.1:6379')
    .option('--queue <name>', 'BullMQ queue name for --executor redis', 'rustybt-sweeps')
    .option(
      '--report <file>',
      'where to write the HTML report (default: RUSTYBT_HOME/sweeps/<id>/report.html)',
    )
    .option('--top <n>', 'runs listed in the report', '25');
}

/** Adds `rustybt optimize` to the program. */
export function registerOptimizeCommand(program: Command): void {
  addSweepOptions(
    program
      .command('optimize')
      .description(
        'run a strategy over a grid of parameters, rank the runs, store them and write a report',
      ),
  ).action(async (flags: OptimizeFlags) => {
    const { optimizeFromFlags } = await import('./optimize-action.js');
    process.stdout.write(await optimizeFromFlags(flags));
  });
}

/** Adds `rustybt walkforward` to the program. */
export function registerWalkForwardCommand(program: Command): void {
  addSweepOptions(
    program
      .command('walkforward')
      .description(
        'optimize on rolling (or anchored) training windows, run the best on the window after each, stitch the out-of-sample equity',
      ),
  )
    .requiredOption('--train <span>', 'training window: 2y, 18m, 26w, 180d')
    .requiredOption('--test <span>', 'test window after each training window: 6m, 3m, 90d')
    .option('--anchored', 'every training window starts at --start (growing) instead of rolling')
    .action(async (flags: WalkForwardFlags) => {
      const { walkForwardFromFlags } = await import('./walkforward-action.js');
      process.stdout.write(await walkForwardFromFlags(flags));
    });
}

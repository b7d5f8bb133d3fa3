import type { Command } from 'commander';

/** The flags of `rustybt live`, as commander parses them. */
export interface LiveFlags {
  file: string;
  source: string;
  exchange?: string;
  symbols: string;
  frequency: string;
  calendar?: string;
  speed: string;
  duration?: string;
  warmup: string;
  capitalBase: string;
  journal: string;
  paper?: boolean;
  live?: boolean;
  sandbox?: boolean;
  iUnderstandRealMoney?: boolean;
  cancelOnExit?: boolean;
  seed?: string;
  cache?: boolean;
  maxOrderValue?: string;
  maxPositionValue?: string;
  maxLeverage?: string;
  dailyLossLimit?: string;
  killSwitchFile?: string;
}

/** The flags of `rustybt live status`. */
export interface LiveStatusFlags {
  journal?: string;
  events: string;
  json?: boolean;
}

/** Adds `rustybt live` and `rustybt live status` to the program. */
export function registerLiveCommand(program: Command): void {
  const live = program
    .command('live')
    .description(
      'run a strategy on live bars, on paper (fills simulated with the backtest rules) or --live on an exchange, journaled to SQLite',
    )
    .option('-f, --file <strategy>', 'strategy module (.ts or .js) exporting the hooks')
    .option('--source <name>', 'live bars from: synthetic (seeded, offline) or ccxt', 'synthetic')
    .option('--exchange <id>', 'exchange id for --source ccxt, e.g. binance')
    .option('--symbols <list>', 'comma-separated symbols to trade, e.g. BTC/USDT')
    .option('--frequency <f>', 'bar frequency: 1m, 1h or 1d', '1m')
    .option('--calendar <name>', 'trading calendar (24/7 by default)')
    .option('--speed <n>', 'synthetic only: run the clock n times faster than real time', '1')
    .option(
      '--duration <d>',
      'stop after this much wall time, e.g. 30s, 2m, 1h (default: until Ctrl-C)',
    )
    .option('--warmup <bars>', 'bars of start-up history before the first live bar', '300')
    .option('--capital-base <amount>', 'starting cash (decimal)', '100000')
    .option(
      '--journal <file>',
      'the SQLite journal to write (resumed when it exists)',
      'rustybt-live.sqlite',
    )
    .option('--paper', 'trade on paper: fills simulated on the live bars (the default)')
    .option(
      '--live',
      'send real orders to the exchange through ccxt (keys from RUSTYBT_<EXCHANGE>_API_KEY/_SECRET; needs --i-understand-real-money)',
    )
    .option('--sandbox', "with --live: trade on the exchange's testnet/sandbox")
    .option(
      '--i-understand-real-money',
      'with --live: confirm that orders are real and can lose money',
    )
    .option('--cancel-on-exit', 'cancel open orders when the run stops (default: leave them open)')
    .option('--seed <n>', 'synthetic only: the seed of the bars')
    .option('--no-cache', 'fetch the start-up history without the cache')
    .option('--max-order-value <amount>', 'safety: refuse any order worth more than this')
    .option(
      '--max-position-value <amount>',
      'safety: refuse orders that would hold more than this per asset',
    )
    .option(
      '--max-leverage <x>',
      'safety: refuse orders that would lead to a higher gross leverage',
    )
    .option(
      '--daily-loss-limit <amount>',
      'safety: stop and cancel open orders once the session loses this much',
    )
    .option(
      '--kill-switch-file <file>',
      'safety: stop and cancel open orders as soon as this file exists (also: kill -USR2)',
    )
    .action(async (flags: LiveFlags) => {
      const { liveFromFlags } = await import('./live-action.js');
      await liveFromFlags(flags);
    });

  live
    .command('status')
    .description('show the state of a live or paper session from its journal (running or stopped)')
    .option('--journal <file>', 'the journal of the session (default rustybt-live.sqlite)')
    .option('--events <n>', 'how many of the last events to show', '10')
    .option('--json', 'print JSON instead of text')
    .action(async (flags: LiveStatusFlags, command: Command) => {
      const { liveStatusFromFlags } = await import('./live-status-action.js');
      // `--journal` after `live` is parsed by the parent command: take it from there.
      const parent = command.parent?.opts<{ journal?: string }>();
      const journal = flags.journal ?? parent?.journal ?? 'rustybt-live.sqlite';
      process.stdout.write(liveStatusFromFlags({ ...flags, journal }));
    });
}

import type { Command } from 'commander';
import type { BenchFlags } from './bench-action.js';

/** Adds `rustybt bench`: the benchmark grid, its history, regression checks, report and validation document. */
export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description(
      'measure backtest throughput on the grid (daily/hourly/minute × simple/complex × 10/50/100/500 assets) in decimal-rust, float-rust and decimal-ts, each cell in its own child process; keep the figures in a history, compare, report',
    )
    .option(
      '--cells <list>',
      'cells to run, comma-separated, * as wildcard (minute-simple-100, minute-*-500); all by default',
    )
    .option(
      '--modes <list>',
      'decimal-rust, float-rust, decimal-ts (comma-separated); all by default',
    )
    .option(
      '--size <size>',
      'standard (the grid) or large (500 assets × every XNYS minute of 2024)',
      'standard',
    )
    .option('--rounds <n>', 'timed rounds per cell and mode, modes interleaved', '3')
    .option(
      '--no-modules',
      'skip the extra profiled run per cell and mode that gives the module split',
    )
    .option('--list', 'list the cells, modes and sizes and exit')
    .option('--json', 'print the run as JSON on stdout instead of the table')
    .option(
      '--history <file>',
      'the history database (default <RUSTYBT_HOME>/bench-history.sqlite)',
    )
    .option('--no-history', 'do not append this run to the history database')
    .option(
      '--no-run',
      'measure nothing: use the latest stored run on this machine (for --report, --validate, --compare, --export)',
    )
    .option(
      '--export <file>',
      'append this run to a JSON history file (e.g. bench/history/<version>.json)',
    )
    .option(
      '--compare [baseline]',
      'compare with the previous release on this machine, or a version, "last" or a history JSON file; exit 1 on a cell > 5 % slower in CPU time beyond the measured spread',
    )
    .option(
      '--report <file>',
      'write an HTML dashboard of the history (charts rendered to SVG, no network needed to view)',
    )
    .option(
      '--validate [file]',
      'write the decimal+Rust vs float validation report (default docs/performance/rust-optimization-results.md)',
    )
    .option(
      '--max-overhead <ratio>',
      'exit 1 when decimal-rust ÷ float-rust CPU time (median of per-round ratios) exceeds this in any cell, e.g. 1.30',
    )
    .action(async (flags: BenchFlags) => {
      // Loaded only when the command runs, so other commands start fast.
      const { benchAction } = await import('./bench-action.js');
      await benchAction(flags);
    });
}

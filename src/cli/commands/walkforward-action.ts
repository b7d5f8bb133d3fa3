// What `rustybt walkforward` does once its flags are parsed: loaded only when the command runs.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../../analytics/atomic-file.js';
import { storeSweep } from '../../optimize/sweep-store.js';
import { formatParams } from '../../optimize/sweep-report.js';
import { runWalkForward } from '../../optimize/walk-forward.js';
import { walkForwardReportHtml } from '../../optimize/walk-forward-report.js';
import { parseSpan, walkForwardWindows } from '../../optimize/walk-forward-windows.js';
import type { OptimizeFlags } from './optimize-command.js';
import { sweepOptionsFromFlags } from './optimize-action.js';
import { SweepProgress } from './sweep-progress.js';

/** The flags of `rustybt walkforward`. */
export interface WalkForwardFlags extends OptimizeFlags {
  train: string;
  test: string;
  anchored?: boolean;
}

/**
 * Runs `rustybt walkforward`: a sweep per training window, the best
 * parameters run on the following test window, the out-of-sample equity
 * stitched; stores every window's sweep and writes the report. Returns the text to print.
 */
export async function walkForwardFromFlags(flags: WalkForwardFlags): Promise<string> {
  const train = parseSpan(flags.train, '--train');
  const test = parseSpan(flags.test, '--test');
  const { home, ...options } = await sweepOptionsFromFlags(flags);
  const windows = walkForwardWindows(
    flags.start!,
    flags.end!,
    train,
    test,
    flags.anchored === true,
  );
  let progress: SweepProgress | undefined;
  let outcome;
  try {
    outcome = await runWalkForward({
      ...options,
      windows,
      onWindow: (_, position) => {
        progress?.stop();
        progress = new SweepProgress(
          process.stderr,
          `walkforward window ${position + 1}/${windows.length}`,
        );
      },
      onRecord: (record, done, total) => progress?.onRun(record.status === 'failed', done, total),
    });
  } finally {
    progress?.stop();
  }
  for (const window of outcome.windows) await storeSweep(home, window.sweep, 'walkforward');
  const id = createHash('sha256')
    .update(outcome.windows.map((w) => w.sweep.sweepId).join(','))
    .digest('hex')
    .slice(0, 16);
  const title = `Walk-forward ${id}: ${flags.file} (${flags.anchored === true ? 'anchored' : 'rolling'}, train ${flags.train}, test ${flags.test})`;
  const report = flags.report ?? join(home, 'walkforward', id, 'report.html');
  const html = walkForwardReportHtml(outcome, options.objective.statistic, title);
  await writeFileAtomic(report, () => Promise.resolve(html));
  const lines = [`${title}: ${windows.length} windows`];
  for (const w of outcome.windows) {
    lines.push(
      `  train ${w.window.trainStart}..${w.window.trainEnd} → best ${w.params === undefined ? 'none' : formatParams(w.params)}; test ${w.window.testStart}..${w.window.testEnd}: ${options.objective.statistic} ${fmt(w.test?.statistics[options.objective.statistic])}, return ${fmt(w.test?.statistics.totalReturn)}`,
    );
  }
  lines.push(
    `Out of sample: total return ${fmt(outcome.statistics.totalReturn)}, sharpe ${fmt(outcome.statistics.sharpe)}, max drawdown ${fmt(outcome.statistics.maxDrawdown)} over ${outcome.equity.length} sessions`,
    `Sweeps stored in ${join(home, 'sweeps.sqlite')}`,
    `Report: ${report}`,
  );
  return `${lines.join('\n')}\n`;
}

function fmt(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? 'n/a'
    : value.toFixed(4);
}

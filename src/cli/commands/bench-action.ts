// What `rustybt bench` does: loaded only when the command runs.
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError, ReportError } from '../../errors/index.js';
import { rustybtHome } from '../../data/bundles/bundle-home.js';
import type { BenchRun } from '../../bench/bench-run.js';
import {
  BENCH_MODES,
  BENCH_SIZES,
  gridCells,
  selectCells,
  selectModes,
} from '../../bench/grid-cells.js';
import { runBenchmarkGrid } from '../../bench/run-grid.js';
import { summaryTable } from '../../bench/summary-table.js';
import { BenchHistoryStore, benchHistoryPath, latestRunHere } from '../../bench/history-store.js';
import { BenchProgressBar } from './bench-progress.js';

/** The flags of `rustybt bench`, as commander parses them. */
export interface BenchFlags {
  cells?: string;
  modes?: string;
  size: string;
  rounds: string;
  modules: boolean;
  list?: boolean;
  json?: boolean;
  history?: string | false;
  run: boolean;
  export?: string;
  compare?: string | true;
  report?: string;
  validate?: string | true;
  maxOverhead?: string;
}

/** The default path of `--validate`. */
export const VALIDATION_DOC = 'docs/performance/rust-optimization-results.md';

function listText(): string {
  const lines = ['sizes and cells:'];
  for (const size of BENCH_SIZES) {
    lines.push(
      `  ${size}: ${gridCells(size)
        .map((c) => c.name)
        .join(', ')}`,
    );
  }
  lines.push(`modes: ${BENCH_MODES.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function parseFlags(flags: BenchFlags): { rounds: number; maxOverhead?: number } {
  const rounds = Number(flags.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100) {
    throw new ConfigError(
      `--rounds must be a whole number from 1 to 100, got ${JSON.stringify(flags.rounds)}.`,
    );
  }
  if (flags.maxOverhead === undefined) return { rounds };
  const maxOverhead = Number(flags.maxOverhead);
  if (!Number.isFinite(maxOverhead) || maxOverhead <= 0) {
    throw new ConfigError(
      `--max-overhead must be a positive ratio such as 1.30, got ${JSON.stringify(flags.maxOverhead)}.`,
    );
  }
  return { rounds, maxOverhead };
}

/** Refuses outputs that cannot be written before a minute of measuring is spent. */
async function preflight(flags: BenchFlags): Promise<void> {
  if (flags.report !== undefined && extname(flags.report).toLowerCase() !== '.html') {
    throw new ReportError(`The benchmark report must be an .html file, got ${flags.report}.`);
  }
  if (flags.export !== undefined && existsSync(flags.export)) {
    const { readHistoryFile } = await import('../../bench/history-file.js');
    readHistoryFile(flags.export);
  }
  if (typeof flags.compare === 'string' && flags.compare.endsWith('.json')) {
    const { readHistoryFile } = await import('../../bench/history-file.js');
    readHistoryFile(flags.compare);
  }
}

/**
 * Runs `rustybt bench`: measures the grid (unless `--no-run`), appends the run
 * to the history, prints the table, then exports, reports, validates and
 * checks as asked. Sets a non-zero exit code when a cell failed.
 *
 * @throws ConfigError for bad flags; BenchHistoryError for a history that cannot be used (checked before measuring);
 *   BenchRegressionError when `--compare` or `--max-overhead` finds cells too slow.
 */
export async function benchAction(flags: BenchFlags): Promise<void> {
  if (flags.list === true) {
    process.stdout.write(listText());
    return;
  }
  const { rounds, maxOverhead } = parseFlags(flags);
  await preflight(flags);
  // Checked before the history is opened, so a typo creates nothing.
  selectCells(flags.cells, flags.size);
  selectModes(flags.modes);
  const useHistory = flags.history !== false;
  const historyPath =
    typeof flags.history === 'string' ? flags.history : benchHistoryPath(rustybtHome());
  // Opened first: a history that cannot be used is refused before a minute of measuring.
  const store = useHistory || !flags.run ? BenchHistoryStore.open(historyPath) : undefined;
  try {
    const stored = store?.runs() ?? [];
    let run: BenchRun;
    if (flags.run) {
      const progress = new BenchProgressBar(process.stderr);
      try {
        run = await runBenchmarkGrid({
          cells: flags.cells,
          modes: flags.modes,
          size: flags.size,
          rounds,
          modules: flags.modules,
          onProgress: progress.update,
        });
      } finally {
        progress.stop();
      }
      if (useHistory) store?.append(run);
    } else {
      run = latestRunHere(stored, historyPath);
    }
    const history = flags.run ? [...stored, run] : stored;
    process.stdout.write(
      flags.json === true ? `${JSON.stringify(run, null, 1)}\n` : summaryTable(run),
    );
    const say = (line: string) =>
      (flags.json === true ? process.stderr : process.stdout).write(line);
    if (flags.export !== undefined) {
      const { appendToHistoryFile } = await import('../../bench/history-file.js');
      const file = appendToHistoryFile(flags.export, [run]);
      say(`run appended to ${flags.export} (${file.runs.length} runs)\n`);
    }
    if (flags.report !== undefined) {
      const { writeBenchReport } = await import('../../bench/report-page.js');
      writeBenchReport(flags.report, history, run);
      say(`report written to ${flags.report} (${history.length} runs)\n`);
    }
    if (flags.validate !== undefined) {
      const path = flags.validate === true ? VALIDATION_DOC : flags.validate;
      const { writeValidationDoc } = await import('../../bench/validation-doc.js');
      writeValidationDoc(path, run);
      say(`validation report written to ${path}\n`);
    }
    const failed = run.results.filter((r) => r.status === 'failed');
    if (maxOverhead !== undefined) {
      const { checkOverhead } = await import('../../bench/overhead.js');
      say(checkOverhead(run, maxOverhead));
    }
    if (flags.compare !== undefined) {
      const compare = await import('../../bench/compare.js');
      const named = flags.compare === true ? 'previous' : flags.compare;
      let baseline: BenchRun;
      if (named.endsWith('.json')) {
        // A history file as baseline: its newest run from this machine.
        const { readHistoryFile } = await import('../../bench/history-file.js');
        baseline = compare.findBaseline(run, readHistoryFile(named).runs, 'last');
      } else {
        baseline = compare.findBaseline(run, history, named);
      }
      const comparison = compare.compareRuns(run, baseline);
      say(compare.comparisonText(comparison));
      if (comparison.regressions.length > 0) {
        const { BenchRegressionError } = await import('../../errors/index.js');
        throw new BenchRegressionError(compare.regressionMessage(comparison));
      }
    }
    if (failed.length > 0) {
      process.stderr.write(
        `rustybt: ${failed.length} of ${run.results.length} cells failed: ${failed.map((r) => `${r.cell} ${r.mode}`).join(', ')} (errors above)\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    store?.close();
  }
}

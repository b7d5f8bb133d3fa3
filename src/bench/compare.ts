import { BenchHistoryError } from '../errors/index.js';
import type { BenchRun } from './bench-run.js';

/** How much slower than the baseline a cell may be, beyond the measured spread, before it is a regression. */
export const REGRESSION_TOLERANCE = 0.05;

/** One cell and mode against the baseline. */
export interface CellComparison {
  cell: string;
  mode: string;
  /** Median CPU ms of the event loop: baseline, now. */
  baselineMs: number;
  currentMs: number;
  /** now ÷ baseline − 1 (0.08 = 8 % slower). */
  change: number;
  /** The allowed change: the tolerance plus the two runs' half spreads relative to the baseline. */
  allowed: number;
  regression: boolean;
}

/** The outcome of comparing a run with its baseline. */
export interface Comparison {
  baseline: BenchRun;
  cells: CellComparison[];
  regressions: CellComparison[];
}

function versionParts(version: string): number[] {
  return version.split(/[.+-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
}

/** Negative when version a is older than b. */
export function compareVersions(a: string, b: string): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The baseline of a run among stored runs on the same machine fingerprint:
 * the newest run of the latest earlier release (`previous`, the default), the
 * newest earlier run of any version (`last`), or the newest run of a named version.
 *
 * @throws BenchHistoryError when no run on this machine fits, naming what there is.
 */
export function findBaseline(
  current: BenchRun,
  history: readonly BenchRun[],
  baseline = 'previous',
): BenchRun {
  const sameMachine = history.filter(
    (r) => r.fingerprint.id === current.fingerprint.id && r.date !== current.date,
  );
  const newest = (runs: BenchRun[]) => runs.sort((a, b) => a.date.localeCompare(b.date)).at(-1);
  let found: BenchRun | undefined;
  if (baseline === 'previous') {
    const older = sameMachine.filter((r) => compareVersions(r.version, current.version) < 0);
    const latest = older
      .map((r) => r.version)
      .sort(compareVersions)
      .at(-1);
    found = newest(older.filter((r) => r.version === latest));
  } else if (baseline === 'last') {
    found = newest(sameMachine.filter((r) => r.date < current.date));
  } else {
    found = newest(sameMachine.filter((r) => r.version === baseline));
  }
  if (found === undefined) {
    const versions = [...new Set(sameMachine.map((r) => r.version))].sort(compareVersions);
    const what =
      baseline === 'previous' ? `a release before ${current.version}` : `baseline ${baseline}`;
    throw new BenchHistoryError(
      `No run of ${what} on this machine (fingerprint ${current.fingerprint.id}) to compare with; ` +
        `${versions.length === 0 ? 'the history holds no run from this machine' : `versions measured here: ${versions.join(', ')}`}. ` +
        'Name a baseline (--compare <version>, --compare last, --compare <history.json>).',
    );
  }
  return found;
}

/**
 * Compares each cell and mode of a run with the baseline on median CPU time
 * of the event loop. A cell regresses when it is slower by more than
 * {@link REGRESSION_TOLERANCE} plus half of each run's min–max spread (both
 * relative to the baseline median): noise the runs themselves showed is not
 * taken for a regression.
 */
export function compareRuns(current: BenchRun, baseline: BenchRun): Comparison {
  const cells: CellComparison[] = [];
  for (const now of current.results) {
    if (now.status !== 'ok') continue;
    const before = baseline.results.find(
      (r) => r.cell === now.cell && r.mode === now.mode && r.status === 'ok',
    );
    if (before === undefined) continue;
    const b = before.simulateCpuMs;
    const c = now.simulateCpuMs;
    const change = c.median / b.median - 1;
    const allowed = REGRESSION_TOLERANCE + (c.max - c.min + (b.max - b.min)) / 2 / b.median;
    cells.push({
      cell: now.cell,
      mode: now.mode,
      baselineMs: b.median,
      currentMs: c.median,
      change,
      allowed,
      // A hair of float rounding is no regression (210 ÷ 200 − 1 is 0.05000000000000004).
      regression: change > allowed + 1e-9,
    });
  }
  return { baseline, cells, regressions: cells.filter((c) => c.regression) };
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;

/** One line per compared cell: baseline and current CPU time, the change and the allowance. */
export function comparisonText(comparison: Comparison): string {
  const { baseline } = comparison;
  const lines = [
    `compared with ${baseline.version} (${baseline.commit}, ${baseline.date.slice(0, 16)}) on the same machine, median CPU time of the event loop:`,
    ...comparison.cells.map(
      (c) =>
        `  ${c.regression ? 'SLOWER' : 'ok    '} ${c.cell} ${c.mode}: ${c.baselineMs.toFixed(0)} ms → ${c.currentMs.toFixed(0)} ms (${pct(c.change)}, allowed ${pct(c.allowed)})`,
    ),
  ];
  if (comparison.cells.length === 0)
    lines.push('  no cell of this run was measured in the baseline');
  return `${lines.join('\n')}\n`;
}

/** The regression message: the cells slower than allowed, with their figures. */
export function regressionMessage(comparison: Comparison): string {
  const list = comparison.regressions
    .map(
      (c) =>
        `${c.cell} ${c.mode} ${c.baselineMs.toFixed(0)} → ${c.currentMs.toFixed(0)} ms CPU (${pct(c.change)}, allowed ${pct(c.allowed)})`,
    )
    .join('; ');
  return `${comparison.regressions.length} cell(s) slower than ${comparison.baseline.version} beyond ${(100 * REGRESSION_TOLERANCE).toFixed(0)} % plus the measured spread: ${list}.`;
}

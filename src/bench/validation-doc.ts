import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, ReportError } from '../errors/index.js';
import { spread, type BenchModule, type BenchRun, type CellResult } from './bench-run.js';
import { describeFingerprint } from './fingerprint.js';
import { cellByName } from './grid-cells.js';
import { decimalOverheads } from './overhead.js';
import { formatRate } from './summary-table.js';

/** The plan's target for the decimal overhead, and ours. */
export const PLAN_TARGET = 0.3;
export const OUR_TARGET = 0;

/** The validation's modules and the benchmark modules each one sums. */
export const VALIDATION_MODULES: readonly [string, readonly BenchModule[]][] = [
  ['calculation engine', ['engine loop', 'ledger/marks', 'indicators', 'rust core']],
  ['order execution', ['order execution']],
  ['metrics', ['metrics']],
  ['data', ['data']],
  ['strategy and other', ['strategy', 'other']],
];

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;

function find(run: BenchRun, cell: string, mode: string): CellResult | undefined {
  return run.results.find((r) => r.cell === cell && r.mode === mode && r.status === 'ok');
}

function shapeLine(cell: string): string {
  const c = cellByName(cell);
  if (c === undefined) return cell;
  const s = c.shape;
  return `${c.assets} ${s.assetClass === 'crypto' ? 'crypto pairs' : 'equities'} × ${s.frequency} bars ${s.start} to ${s.end} (${s.calendar}), ${c.strategy === 'simple' ? 'SMA(10)/SMA(30) crossover' : 'RSI/Bollinger/MACD/ATR rotation with stops'}`;
}

/**
 * The validation report (Markdown): the float baseline and decimal on the
 * Rust core on the same workloads, the overhead per scenario and per module,
 * the machine and commit, and the verdict against < 30 % and ≤ 0 %.
 *
 * @throws ConfigError when no cell of the run has both decimal-rust and float-rust.
 */
export function validationMarkdown(run: BenchRun): string {
  const overheads = decimalOverheads(run);
  if (overheads.length === 0) {
    throw new ConfigError(
      '--validate needs cells measured in both decimal-rust and float-rust; run with --modes decimal-rust,float-rust (or all modes).',
    );
  }
  const lines = [
    '# Decimal + Rust against the float baseline',
    '',
    `Written by \`rustybt bench --validate\` (do not edit by hand; rerun it whenever the core changes). rustybt ${run.version}, commit ${run.commit}, run of ${run.date.slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    `- **Machine**: ${describeFingerprint(run.fingerprint)}; load average ${run.load[0].toFixed(1)} at the start, ${run.load[1].toFixed(1)} at the end (the machine is shared: CPU time, not wall time, is compared).`,
    `- **Method**: each cell and mode in its own child process, ${run.rounds} rounds with the modes interleaved; the overhead of a cell is the median over the rounds of (decimal+Rust CPU time ÷ float CPU time − 1) of the event loop, each round's two children having run side by side. Float is the same engine on the same Rust core with JS numbers instead of exact decimals.`,
    '- **Data**: seeded synthetic bars (integer random walk in ticks; the same bars on every machine).',
    '',
    '## Per scenario',
    '',
    '| scenario | workload | float asset-bars/s | decimal+Rust asset-bars/s | overhead (min–max over rounds) |',
    '|---|---|---:|---:|---:|',
  ];
  for (const o of overheads) {
    const float = find(run, o.cell, 'float-rust')!;
    const decimal = find(run, o.cell, 'decimal-rust')!;
    lines.push(
      `| ${o.cell} | ${shapeLine(o.cell)} | ${formatRate(float.cpuThroughput)} | ${formatRate(decimal.cpuThroughput)} | **${pct(o.ratio.median - 1)}** (${pct(o.ratio.min - 1)} to ${pct(o.ratio.max - 1)}) |`,
    );
  }
  const profiled = overheads.filter(
    (o) => find(run, o.cell, 'float-rust')?.modules && find(run, o.cell, 'decimal-rust')?.modules,
  );
  lines.push('', '## Per module', '');
  if (profiled.length === 0) {
    lines.push('No module split: the run was made with `--no-modules`.');
  } else {
    lines.push(
      'Self time per module in one profiled run per cell and mode (V8 CPU profiler, apart from the timed rounds; one run each, so noisier than the rounds above). Time inside the Rust addon counts to the calculation engine.',
      '',
      `| scenario | ${VALIDATION_MODULES.map(([name]) => `${name}: float → decimal`).join(' | ')} |`,
      `|---|${VALIDATION_MODULES.map(() => '---:').join('|')}|`,
    );
    for (const o of profiled) {
      const sum = (r: CellResult, parts: readonly BenchModule[]) =>
        parts.reduce((s, m) => s + (r.modules?.[m] ?? 0), 0);
      const float = find(run, o.cell, 'float-rust')!;
      const decimal = find(run, o.cell, 'decimal-rust')!;
      const cells = VALIDATION_MODULES.map(([, parts]) => {
        const f = sum(float, parts);
        const d = sum(decimal, parts);
        return `${f.toFixed(0)} → ${d.toFixed(0)} ms${f > 0 ? ` (${pct(d / f - 1)})` : ''}`;
      });
      lines.push(`| ${o.cell} | ${cells.join(' | ')} |`);
    }
  }
  const all = spread(overheads.map((o) => o.ratio.median - 1));
  const underPlan = overheads.filter((o) => o.ratio.median - 1 < PLAN_TARGET).length;
  const underOurs = overheads.filter((o) => o.ratio.median - 1 <= OUR_TARGET).length;
  lines.push(
    '',
    '## Verdict',
    '',
    `Median overhead over the ${overheads.length} scenarios: **${pct(all.median)}** (from ${pct(all.min)} to ${pct(all.max)}).`,
    '',
    `- Plan target, overhead < 30 %: **${underPlan === overheads.length ? 'met' : 'not met'}**: ${underPlan} of ${overheads.length} scenarios under 30 %.`,
    `- Our target, overhead ≤ 0 % (decimal+Rust no slower than float): **${underOurs === overheads.length ? 'met' : 'not met'}**: ${underOurs} of ${overheads.length} scenarios at or under 0 %${
      underOurs === overheads.length
        ? ''
        : `; over it: ${overheads
            .filter((o) => o.ratio.median - 1 > OUR_TARGET)
            .map((o) => `${o.cell} (${pct(o.ratio.median - 1)})`)
            .join(', ')}`
    }.`,
    '',
  );
  const failed = run.results.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    lines.push(
      `Cells that failed and are not counted: ${failed.map((r) => `${r.cell} ${r.mode} (${r.error})`).join('; ')}.`,
      '',
    );
  }
  return lines.join('\n');
}

/**
 * Writes the validation report (a temporary file renamed into place).
 *
 * @throws ConfigError as {@link validationMarkdown}; ReportError when the file cannot be written.
 */
export function writeValidationDoc(path: string, run: BenchRun): void {
  const text = validationMarkdown(run);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new ReportError(
      `Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
}

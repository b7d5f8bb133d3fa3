import type { BenchRun, CellResult } from './bench-run.js';
import { describeFingerprint } from './fingerprint.js';

/** Asset-bars per second as `12.3 M`. */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '–';
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M`;
  return `${(perSecond / 1e3).toFixed(1)} k`;
}

const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Ratio of two modes' median CPU times of a cell (`a ÷ b`), or undefined when either is missing or failed. */
export function cpuRatio(run: BenchRun, cell: string, a: string, b: string): number | undefined {
  const find = (mode: string) =>
    run.results.find((r) => r.cell === cell && r.mode === mode && r.status === 'ok');
  const x = find(a);
  const y = find(b);
  return x === undefined || y === undefined
    ? undefined
    : x.simulateCpuMs.median / y.simulateCpuMs.median;
}

function topModules(result: CellResult): string {
  if (result.modules === undefined) return '';
  const entries = Object.entries(result.modules).sort((a, b) => b[1] - a[1]);
  const sum = entries.reduce((s, [, v]) => s + v, 0);
  if (sum <= 0) return '';
  return entries
    .slice(0, 3)
    .map(([name, v]) => `${name} ${((100 * v) / sum).toFixed(0)}%`)
    .join(', ');
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

/**
 * The table printed at the end of `rustybt bench`: per cell and mode the
 * asset-bars/s on CPU time (median and min–max), the event loop's CPU and
 * wall time, load, the whole child process, peak RSS and the top modules;
 * then the ratios per cell and any failed cells with their errors.
 */
export function summaryTable(run: BenchRun): string {
  const header = [
    'cell',
    'mode',
    'asset-bars',
    'asset-bars/s CPU (min–max)',
    'loop CPU',
    'loop wall',
    'load',
    'process',
    'peak RSS',
    'top modules (profiled run)',
  ];
  const rows = [header];
  for (const r of run.results) {
    if (r.status === 'failed') {
      rows.push([r.cell, r.mode, 'FAILED', '', '', '', '', '', '', '']);
      continue;
    }
    const rates = r.samples.map((s) => r.assetBars / (s.simulateCpuMs / 1000));
    rows.push([
      r.cell,
      r.mode,
      r.assetBars.toLocaleString('en'),
      `${formatRate(r.cpuThroughput)} (${formatRate(Math.min(...rates))}–${formatRate(Math.max(...rates))})`,
      ms(r.simulateCpuMs.median),
      ms(r.simulateMs.median),
      ms(r.loadMs.median),
      ms(r.processMs.median),
      mb(r.maxRssBytes.median),
      topModules(r),
    ]);
  }
  const lines = [
    `rustybt ${run.version} (${run.commit}) on ${describeFingerprint(run.fingerprint)}`,
    `${run.rounds} rounds, modes interleaved, one child process each; load average ${run.load[0].toFixed(1)} → ${run.load[1].toFixed(1)}`,
    '',
    pad(rows),
  ];
  const cells = [...new Set(run.results.map((r) => r.cell))];
  const ratios: string[] = [];
  for (const cell of cells) {
    const overhead = cpuRatio(run, cell, 'decimal-rust', 'float-rust');
    const speedup = cpuRatio(run, cell, 'decimal-ts', 'decimal-rust');
    const parts = [
      overhead === undefined ? undefined : `decimal ÷ float ${overhead.toFixed(2)}`,
      speedup === undefined ? undefined : `Rust speed-up over TS ${speedup.toFixed(2)}×`,
    ].filter((p) => p !== undefined);
    if (parts.length > 0) ratios.push(`  ${cell}: ${parts.join(', ')}`);
  }
  if (ratios.length > 0) lines.push('', 'ratios of median CPU time of the event loop:', ...ratios);
  const failed = run.results.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    lines.push(
      '',
      `${failed.length} failed:`,
      ...failed.map((r) => `  ${r.cell} ${r.mode}: ${r.error}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

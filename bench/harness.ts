import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { backendInfo } from '../src/native/backend.js';

/** One contender in a comparison: `run` does `ops` operations per call. */
export interface BenchTask {
  name: string;
  ops: number;
  /** Returns a number so the work cannot be optimized away. */
  run: () => number;
}

/** Per-task result: ns per operation across rounds. */
export interface BenchResult {
  name: string;
  medianNs: number;
  minNs: number;
  maxNs: number;
  rounds: number;
}

/**
 * Runs tasks interleaved (A B C, A B C, ...) after a warm-up and returns the
 * median, min and max ns/op per task, as docs/performance.md asks.
 */
export function compare(tasks: BenchTask[], { rounds = 9, warmup = 2 } = {}): BenchResult[] {
  const samples = tasks.map(() => [] as number[]);
  let sink = 0;
  for (let round = -warmup; round < rounds; round++) {
    for (let k = 0; k < tasks.length; k++) {
      // Rotate the start so no task always runs first in a round.
      const index = (k + Math.max(round, 0)) % tasks.length;
      const task = tasks[index];
      const start = process.hrtime.bigint();
      sink += task.run();
      const elapsed = Number(process.hrtime.bigint() - start);
      if (round >= 0) samples[index].push(elapsed / task.ops);
    }
  }
  if (Number.isNaN(sink)) process.stderr.write('');
  return tasks.map((task, i) => {
    const sorted = samples[i].slice().sort((a, b) => a - b);
    return {
      name: task.name,
      medianNs: sorted[Math.floor(sorted.length / 2)],
      minNs: sorted[0],
      maxNs: sorted[sorted.length - 1],
      rounds: sorted.length,
    };
  });
}

/** Formats results as a Markdown table, with each task's ratio to the first. */
export function table(
  results: BenchResult[],
  unit: { label: string; perOp: number } = { label: 'ops/s', perOp: 1 },
): string {
  const base = results[0].medianNs;
  const rows = results.map((r) => {
    const throughput = (1e9 / r.medianNs) * unit.perOp;
    return `| ${r.name} | ${fmt(r.medianNs)} | ${fmt(r.minNs)}–${fmt(r.maxNs)} | ${fmtRate(throughput)} ${unit.label} | ${(r.medianNs / base).toFixed(2)}× |`;
  });
  return [
    '| task | median ns/op | spread (min–max) | throughput | time vs first |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** The facts a benchmark report must carry: machine, runtimes, commit, backend. */
export function machineLine(): string {
  const rustc = tryExec('rustc --version');
  const commit = tryExec('git rev-parse --short HEAD');
  const cpu = cpus();
  return `machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}; node ${process.version}; ${rustc}; commit ${commit}; backend ${backendInfo().backend}`;
}

function tryExec(command: string): string {
  try {
    return execSync(command, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'n/a';
  }
}

function fmt(ns: number): string {
  return ns >= 100 ? ns.toFixed(0) : ns >= 1 ? ns.toFixed(2) : ns.toFixed(3);
}

function fmtRate(perSecond: number): string {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)} G`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k`;
  return perSecond.toFixed(0);
}

import type { BenchMode, BenchSize } from './grid-cells.js';
import type { MachineFingerprint } from './fingerprint.js';

/** Where a cell's time went in its profiled run, by module: self time in ms. */
export type ModuleSplit = Partial<Record<BenchModule, number>>;

/** The modules a profiled run's time is booked under (grouped from the profiler's own modules). */
export type BenchModule =
  | 'data'
  | 'order execution'
  | 'ledger/marks'
  | 'indicators'
  | 'metrics'
  | 'strategy'
  | 'engine loop'
  | 'rust core'
  | 'other';

/** All bench modules, in report order. */
export const BENCH_MODULES: readonly BenchModule[] = [
  'data',
  'order execution',
  'ledger/marks',
  'indicators',
  'metrics',
  'strategy',
  'engine loop',
  'rust core',
  'other',
];

/** What one child process measured. */
export interface BenchSample {
  /** The event loop (first bar to the end of the last session), wall ms. */
  simulateMs: number;
  /** CPU time (user + system) of the process over the event loop, ms. */
  simulateCpuMs: number;
  /** `runAlgorithm`'s loading (frames → bar store, assets, account) up to `initialize`, ms. */
  loadMs: number;
  /** The whole child process as the parent saw it (spawn to exit), wall ms. */
  processMs: number;
  /** Peak resident set size of the process, bytes. */
  maxRssBytes: number;
  barsPerAsset: number;
  fills: number;
  /** The engine core that ran (`meta.backend`). */
  backend: string;
}

/** Median and range of one figure over the rounds. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** One cell in one mode: what its rounds measured, or why it failed. */
export interface CellResult {
  cell: string;
  mode: BenchMode;
  status: 'ok' | 'failed';
  /** The child's error (its last stderr lines) when the cell failed. */
  error?: string;
  assets: number;
  /** assets × bars per asset. */
  assetBars: number;
  /** Per round, in run order: event-loop wall and CPU ms (paired across modes by round). */
  samples: { simulateMs: number; simulateCpuMs: number }[];
  simulateMs: Spread;
  simulateCpuMs: Spread;
  loadMs: Spread;
  processMs: Spread;
  maxRssBytes: Spread;
  /** Asset-bars per second over the median CPU time and the median wall time of the event loop. */
  cpuThroughput: number;
  wallThroughput: number;
  fills: number;
  /** Self time per module of one extra profiled run (not one of the timed rounds); absent with --no-modules. */
  modules?: ModuleSplit;
}

/** One `rustybt bench` run: where and what it measured. */
export interface BenchRun {
  /** rustybt version that ran. */
  version: string;
  /** Git commit of the package (`+dirty` with local changes), or `unknown` outside a checkout. */
  commit: string;
  /** ISO time the run started. */
  date: string;
  fingerprint: MachineFingerprint;
  size: BenchSize;
  rounds: number;
  /** Load average (1 min) when the run started and ended: how busy the machine was. */
  load: [number, number];
  results: CellResult[];
}

/** Median (the mean of the middle two for an even count), min and max. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    median: sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

/** Aggregates a cell's samples into its result. */
export function cellResult(
  cell: { name: string; assets: number },
  mode: BenchMode,
  samples: readonly BenchSample[],
  modules: ModuleSplit | undefined,
): CellResult {
  const pick = (f: (s: BenchSample) => number) => spread(samples.map(f));
  const assetBars = cell.assets * (samples[0]?.barsPerAsset ?? 0);
  const simulateCpuMs = pick((s) => s.simulateCpuMs);
  const simulateMs = pick((s) => s.simulateMs);
  return {
    cell: cell.name,
    mode,
    status: 'ok',
    assets: cell.assets,
    assetBars,
    samples: samples.map((s) => ({ simulateMs: s.simulateMs, simulateCpuMs: s.simulateCpuMs })),
    simulateMs,
    simulateCpuMs,
    loadMs: pick((s) => s.loadMs),
    processMs: pick((s) => s.processMs),
    maxRssBytes: pick((s) => s.maxRssBytes),
    cpuThroughput: assetBars / (simulateCpuMs.median / 1000),
    wallThroughput: assetBars / (simulateMs.median / 1000),
    fills: samples[0]?.fills ?? 0,
    ...(modules === undefined ? {} : { modules }),
  };
}

/** The result of a cell that failed: its error, no figures. */
export function failedResult(
  cell: { name: string; assets: number },
  mode: BenchMode,
  error: string,
): CellResult {
  const none = spread([]);
  return {
    cell: cell.name,
    mode,
    status: 'failed',
    error,
    assets: cell.assets,
    assetBars: 0,
    samples: [],
    simulateMs: none,
    simulateCpuMs: none,
    loadMs: none,
    processMs: none,
    maxRssBytes: none,
    cpuThroughput: NaN,
    wallThroughput: NaN,
    fills: 0,
  };
}

/**
 * Child process entry of `rustybt bench`: builds one cell's seeded bars, runs
 * the backtest on the engine core named by `RUSTYBT_BACKEND` and prints one
 * JSON line (a {@link ChildReport}) on stdout. With `profile`, the run is
 * recorded by V8's CPU profiler and the report carries the module split
 * instead of timings that the profiler would distort.
 */
import { Session } from 'node:inspector/promises';
import { rowCount } from '../analytics/table.js';
import { runAlgorithm } from '../engine/algorithm/run-algorithm.js';
import type { CpuProfile } from '../profiling/inspector-types.js';
import type { BenchSample, ModuleSplit } from './bench-run.js';
import { CELL_STRATEGY, cellByName, modeSettings, type BenchMode } from './grid-cells.js';
import { syntheticFrames, workloadStrategy } from './workloads.js';

/** What the parent asks of a child. */
export interface ChildTask {
  cell: string;
  mode: BenchMode;
  seed: number;
  profile: boolean;
}

/** What a child prints: its sample (processMs is filled in by the parent) and, when profiled, the module split. */
export interface ChildReport {
  sample: Omit<BenchSample, 'processMs'>;
  modules?: ModuleSplit;
}

/** Environment variable naming a `cell/mode` whose child fails on purpose (`:kill` to die by SIGKILL): fault injection for tests. */
export const FAULT_VARIABLE = 'RUSTYBT_BENCH_FAULT';

async function runCell(task: ChildTask): Promise<ChildReport> {
  const cell = cellByName(task.cell);
  if (cell === undefined) throw new Error(`no benchmark cell ${task.cell}`);
  const fault = process.env[FAULT_VARIABLE];
  if (fault === `${task.cell}/${task.mode}`)
    throw new Error('fault injected by RUSTYBT_BENCH_FAULT');
  if (fault === `${task.cell}/${task.mode}:kill`) process.kill(process.pid, 'SIGKILL');
  const { numeric } = modeSettings(task.mode);
  const { frames, barsPerAsset } = syntheticFrames(cell.shape, cell.assets, task.seed);
  const inner = workloadStrategy(CELL_STRATEGY[cell.strategy]);
  let session: Session | undefined;
  if (task.profile) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
  }
  const started = performance.now();
  let initializedAt = NaN;
  let loopEndAt = NaN;
  let cpuAtStart = process.cpuUsage();
  let cpuLoop = { user: 0, system: 0 };
  const results = await runAlgorithm({
    strategy: {
      initialize(ctx) {
        initializedAt = performance.now();
        cpuAtStart = process.cpuUsage();
        return inner.initialize(ctx);
      },
      handleData: inner.handleData,
    },
    frames,
    start: cell.shape.start,
    end: cell.shape.end,
    // Large enough for every entry; crypto cash at scale 8 must stay within ±2^53 units.
    capitalBase: cell.shape.assetClass === 'crypto' ? 10_000_000 : 100_000_000,
    dataFrequency: cell.shape.frequency,
    calendar: cell.shape.calendar,
    assetClass: cell.shape.assetClass,
    numeric,
    onProgress(done, total) {
      if (done === total) {
        loopEndAt = performance.now();
        cpuLoop = process.cpuUsage(cpuAtStart);
      }
    },
  });
  const sample: ChildReport['sample'] = {
    simulateMs: loopEndAt - initializedAt,
    simulateCpuMs: (cpuLoop.user + cpuLoop.system) / 1000,
    loadMs: initializedAt - started,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    barsPerAsset,
    fills: rowCount(results.transactions),
    backend: results.meta.backend,
  };
  if (session === undefined) return { sample };
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  session.disconnect();
  const { analyzeCpuProfile } = await import('../profiling/cpu-analysis.js');
  const { groupModules } = await import('./module-split.js');
  return { sample, modules: groupModules(analyzeCpuProfile(profile).modules) };
}

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
const report = await runCell(task);
process.stdout.write(`\n${JSON.stringify(report)}\n`);

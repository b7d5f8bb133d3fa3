import type { CpuAnalysis, FunctionStats, GroupStats, PhaseTimes } from './cpu-analysis.js';
import type { AllocationStats, HeapAnalysis } from './heap-analysis.js';
import type { RunMeasures } from './inspector-types.js';
import type { ProfileConfig } from './profile-config.js';

/** Where a run happened. */
export interface RunEnvironment {
  commit: string;
  node: string;
  machine: string;
  timestamp: string;
}

/** The JSON summary of one profiled run, kept in `<out>/history/`. */
export interface RunSummary {
  format: 'rustybt-profile-summary/1';
  stem: string;
  config: Omit<ProfileConfig, 'backend'> & { backend: string };
  environment: RunEnvironment;
  run: { bars: number; sessions: number; assets: number; wallMs: number };
  phases: PhaseTimes;
  cpu: {
    profiledMs: number;
    busyMs: number;
    idleMs: number;
    loadingBusyMs: number;
    /** Time inside the Rust addon during the run loop (absent in summaries written before it was kept). */
    rustInLoopMs?: number;
  };
  /** Functions by self time: every engine (`src/`) function, others with at least 0.05 % of the busy time or a top-200 place by total. */
  functions: FunctionStats[];
  modules: GroupStats[];
  categories: GroupStats[];
  memory: {
    maxRssBytes: number;
    heapTotalBytes: number;
    heapUsedBytes: number;
    /** GC time from `gc` performance entries, and from the profile's `(garbage collector)` node. */
    gcEntriesMs: number;
    gcCount: number;
    gcProfileMs: number;
    /** GC share of the busy time, from the profile node. */
    gcShare: number;
    sampledAllocationBytes: number;
    allocations: AllocationStats[];
    allocationsByModule: { name: string; bytes: number }[];
  };
}

/** Builds a run's summary from the CPU and heap analyses and the child's measures. */
export function runSummary(
  stem: string,
  config: ProfileConfig,
  environment: RunEnvironment,
  cpu: CpuAnalysis,
  heap: HeapAnalysis,
  measures: RunMeasures,
): RunSummary {
  const keepSelf = cpu.busyMs * 0.0005;
  const byTotal = [...cpu.functions].sort((a, b) => b.totalMs - a.totalMs).slice(0, 200);
  // Engine functions are all kept (with their call counts, even when no sample hit them).
  const kept = new Set([
    ...cpu.functions.filter((f) => f.selfMs >= keepSelf || f.script.startsWith('src/')),
    ...byTotal,
  ]);
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    format: 'rustybt-profile-summary/1',
    stem,
    config: { ...config, backend: measures.backend },
    environment,
    run: {
      bars: measures.bars,
      sessions: measures.sessions,
      assets: measures.assets,
      wallMs: round(measures.wallMs),
    },
    phases: {
      loadingMs: round(cpu.phases.loadingMs),
      simulationMs: round(cpu.phases.simulationMs),
      resultsMs: round(cpu.phases.resultsMs),
    },
    cpu: {
      profiledMs: round(cpu.profiledMs),
      busyMs: round(cpu.busyMs),
      idleMs: round(cpu.idleMs),
      loadingBusyMs: round(cpu.loadingBusyMs),
      rustInLoopMs: round(cpu.rustInLoopMs),
    },
    functions: [...kept]
      .sort((a, b) => b.selfMs - a.selfMs)
      .map((f) => ({ ...f, selfMs: round(f.selfMs), totalMs: round(f.totalMs) })),
    modules: cpu.modules.map((m) => ({ ...m, selfMs: round(m.selfMs), totalMs: round(m.totalMs) })),
    categories: cpu.categories.map((c) => ({
      ...c,
      selfMs: round(c.selfMs),
      totalMs: round(c.totalMs),
    })),
    memory: {
      maxRssBytes: measures.maxRssBytes,
      heapTotalBytes: measures.heapTotalBytes,
      heapUsedBytes: measures.heapUsedBytes,
      gcEntriesMs: round(measures.gcMs),
      gcCount: measures.gcCount,
      gcProfileMs: round(cpu.gcMs),
      gcShare: cpu.busyMs > 0 ? cpu.gcMs / cpu.busyMs : 0,
      sampledAllocationBytes: heap.totalBytes,
      allocations: heap.functions.slice(0, 30),
      allocationsByModule: heap.modules,
    },
  };
}

/**
 * Child process entry of `rustybt profile`: runs one scenario under V8's
 * inspector and writes what it measured to the files named in its argument
 * (a JSON {@link WorkerTask}). Mode `time` records the CPU profile, GC
 * entries and peak RSS; mode `count` records real call counts with precise
 * coverage and the heap sampling profile (allocations do not depend on
 * timing; both are kept apart from the timing run because they slow it).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { prepareScenario, runScenario, scenario } from '../bench/scenarios/index.js';
import { backendInfo } from '../native/backend.js';
import type { ProfileConfig } from './profile-config.js';
import type {
  CpuProfile,
  FunctionCallCount,
  HeapProfileNode,
  RunMeasures,
} from './inspector-types.js';

/** The work given to one child. */
export interface WorkerTask {
  /** `prepare` only ingests the scenario's synthetic twin when it is missing. */
  mode: 'prepare' | 'time' | 'count';
  config: ProfileConfig;
  home: string;
  /** Sampling interval of the CPU profiler, µs. */
  samplingIntervalUs: number;
  /** Output files: `cpuprofile`, `measures` (mode time); `counts`, `heapprofile` (mode count). */
  files: Record<string, string>;
}

interface CoverageRange {
  startOffset: number;
  endOffset: number;
  count: number;
}

interface ScriptCoverage {
  scriptId: string;
  url: string;
  functions: { functionName: string; ranges: CoverageRange[] }[];
}

function run(task: WorkerTask) {
  const { config } = task;
  return runScenario({
    scenario: config.scenario,
    strategy: config.strategy,
    numeric: config.numeric,
    home: task.home,
    sessions: config.sessions,
  });
}

async function timeRun(task: WorkerTask, session: Session): Promise<void> {
  let gcMs = 0;
  let gcCount = 0;
  const record = (entries: readonly PerformanceEntry[]) => {
    for (const entry of entries) {
      gcMs += entry.duration;
      gcCount++;
    }
  };
  const observer = new PerformanceObserver((list) => record(list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: task.samplingIntervalUs });
  await session.post('Profiler.start');
  const started = performance.now();
  const results = await run(task);
  const wallMs = performance.now() - started;
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  const stats = getHeapStatistics();
  await new Promise((resolve) => setTimeout(resolve, 20));
  record(observer.takeRecords());
  observer.disconnect();
  const measures: RunMeasures = {
    backend: backendInfo().backend,
    wallMs,
    maxRssBytes,
    heapTotalBytes: stats.total_heap_size,
    heapUsedBytes: stats.used_heap_size,
    gcMs,
    gcCount,
    bars: results.meta.bars,
    sessions: results.meta.sessions,
    assets: results.meta.assets,
  };
  writeFileSync(task.files.cpuprofile, JSON.stringify(profile));
  writeFileSync(task.files.measures, JSON.stringify(measures));
}

/** 0-based line and column of a character offset, given the offsets where lines start. */
function position(lineStarts: number[], offset: number): [number, number] {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo, offset - lineStarts[lo]];
}

async function countRun(task: WorkerTask, session: Session): Promise<void> {
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16_384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
  await run(task);
  const heap = (await session.post('HeapProfiler.stopSampling')) as unknown as {
    profile: { head: HeapProfileNode };
  };
  writeFileSync(task.files.heapprofile, JSON.stringify(heap.profile));
  const coverage = (await session.post('Profiler.takePreciseCoverage')) as unknown as {
    result: ScriptCoverage[];
  };
  await session.post('Profiler.stopPreciseCoverage');
  await session.post('Debugger.enable');
  const counts: FunctionCallCount[] = [];
  for (const script of coverage.result) {
    const called = script.functions.filter((fn) => fn.ranges[0].count > 0);
    if (called.length === 0) continue;
    const { scriptSource } = await session.post('Debugger.getScriptSource', {
      scriptId: script.scriptId,
    });
    const lineStarts = [0];
    for (let i = 0; i < scriptSource.length; i++) {
      if (scriptSource.charCodeAt(i) === 10) lineStarts.push(i + 1);
    }
    for (const fn of called) {
      const [lineNumber, columnNumber] = position(lineStarts, fn.ranges[0].startOffset);
      counts.push({
        url: script.url,
        functionName: fn.functionName,
        lineNumber,
        columnNumber,
        count: fn.ranges[0].count,
      });
    }
  }
  await session.post('Debugger.disable');
  writeFileSync(task.files.counts, JSON.stringify(counts));
}

const task = JSON.parse(process.argv[2]) as WorkerTask;
// The parent ingests in a child of its own, so every measured run starts the same way.
await prepareScenario(scenario(task.config.scenario), task.home);
if (task.mode === 'prepare') process.exit(0);
const session = new Session();
session.connect();
if (task.mode === 'time') await timeRun(task, session);
else await countRun(task, session);
session.disconnect();

import type { CpuProfile, CpuProfileNode, FunctionCallCount } from './inspector-types.js';
import {
  classify,
  nativeScript,
  relativeScript,
  type BottleneckCategory,
  type ProfileModule,
} from './module-map.js';

/** Time and calls of one function over a run. */
export interface FunctionStats {
  /** `script#name`: stable across edits that move lines, used for before → after. */
  id: string;
  name: string;
  script: string;
  /** 1-based line and column of the function start in the executed (transpiled) script. */
  line: number;
  column: number;
  module: ProfileModule;
  category: BottleneckCategory;
  selfMs: number;
  totalMs: number;
  /** Real calls from precise coverage; null when V8 has no coverage for it (builtins, GC, native). */
  calls: number | null;
}

/** Time of one module or category: self (sums to the busy time) and total (inclusive). */
export interface GroupStats {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Where the wall time of a run went, by phase, from the sample timeline. */
export interface PhaseTimes {
  /** Before the first simulated bar: bundle → frames → bar store → portal, plus setup. */
  loadingMs: number;
  /** The event loop (`simulate`). */
  simulationMs: number;
  /** After the last bar: results tables and risk metrics. */
  resultsMs: number;
}

/** What a CPU profile says, aggregated. */
export interface CpuAnalysis {
  /** Profiled time, ms (busy + idle). */
  profiledMs: number;
  /** Time the main thread was busy (everything but `(idle)`), ms. */
  busyMs: number;
  idleMs: number;
  /** Self time of the `(garbage collector)` node, ms. */
  gcMs: number;
  phases: PhaseTimes;
  /** Busy time of the loading phase, ms. */
  loadingBusyMs: number;
  /** Self time inside the Rust addon (module `rust core`) during the run loop, ms. */
  rustInLoopMs: number;
  functions: FunctionStats[];
  modules: GroupStats[];
  categories: GroupStats[];
}

const IGNORED = new Set(['(root)', '(idle)']);

function positionKey(url: string, line: number, column: number): string {
  return `${url}:${line}:${column}`;
}

/**
 * Matches profile frames to coverage counts: same script URL and function
 * name, and the nearest coverage function starting at or before the frame's
 * position (V8 places a method's profile frame after its name, coverage at
 * the name's start, so the positions differ by a few characters).
 */
export function callCountMatcher(
  counts: readonly FunctionCallCount[],
): (url: string, name: string, line: number, column: number) => FunctionCallCount | undefined {
  const byName = new Map<string, FunctionCallCount[]>();
  for (const count of counts) {
    const key = `${count.url}\0${count.functionName}`;
    const list = byName.get(key) ?? [];
    list.push(count);
    byName.set(key, list);
  }
  for (const list of byName.values()) {
    list.sort((a, b) => a.lineNumber - b.lineNumber || a.columnNumber - b.columnNumber);
  }
  return (url, name, line, column) => {
    const list = byName.get(`${url}\0${name}`);
    if (list === undefined) return undefined;
    let found: FunctionCallCount | undefined;
    for (const count of list) {
      if (count.lineNumber < line || (count.lineNumber === line && count.columnNumber <= column))
        found = count;
      else break;
    }
    return found;
  };
}

/** Durations of the samples, ms: the gap to the next sample (the last one to the profile's end). */
export function sampleDurations(profile: CpuProfile): Float64Array {
  const n = profile.samples.length;
  const times = new Float64Array(n);
  let t = profile.startTime;
  for (let i = 0; i < n; i++) {
    t += profile.timeDeltas[i];
    times[i] = t;
  }
  const durations = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? times[i + 1] : Math.max(profile.endTime, times[i]);
    durations[i] = Math.max(0, next - times[i]) / 1000;
  }
  return durations;
}

/**
 * Aggregates a V8 CPU profile per function, module and category, and maps
 * real call counts onto the functions by script URL, start position (the
 * offset coverage reports, as line and column) and name.
 */
export function analyzeCpuProfile(
  profile: CpuProfile,
  counts: readonly FunctionCallCount[] = [],
): CpuAnalysis {
  const byId = new Map<number, CpuProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const matchCount = callCountMatcher(counts);
  const matched = new Set<FunctionCallCount>();
  const functions = new Map<string, FunctionStats>();
  const functionOfNode = new Map<number, FunctionStats | undefined>();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    if (IGNORED.has(frame.functionName)) {
      functionOfNode.set(node.id, undefined);
      continue;
    }
    const key = positionKey(frame.url, frame.lineNumber, frame.columnNumber) + frame.functionName;
    let stats = functions.get(key);
    if (stats === undefined) {
      const callerId = parent.get(node.id);
      const caller = callerId === undefined ? undefined : byId.get(callerId);
      const script = nativeScript(
        relativeScript(frame.url),
        frame.functionName,
        caller === undefined ? '' : relativeScript(caller.callFrame.url),
      );
      const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
      const match = matchCount(frame.url, frame.functionName, frame.lineNumber, frame.columnNumber);
      if (match !== undefined) matched.add(match);
      stats = {
        id: `${script}#${name}`,
        name,
        script,
        line: frame.lineNumber + 1,
        column: frame.columnNumber + 1,
        ...classify(script, frame.functionName),
        selfMs: 0,
        totalMs: 0,
        calls: match === undefined ? null : match.count,
      };
      functions.set(key, stats);
    }
    functionOfNode.set(node.id, stats);
  }

  // Per node: the distinct functions, modules and categories on its stack, and whether it is in the run loop.
  interface StackInfo {
    functions: FunctionStats[];
    modules: Set<string>;
    categories: Set<string>;
    simulating: boolean;
  }
  const stacks = new Map<number, StackInfo>();
  const stackOf = (id: number): StackInfo => {
    const known = stacks.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const base: StackInfo =
      up === undefined
        ? { functions: [], modules: new Set(), categories: new Set(), simulating: false }
        : stackOf(up);
    const own = functionOfNode.get(id);
    let info = base;
    if (own !== undefined) {
      info = {
        functions: base.functions.includes(own) ? base.functions : [...base.functions, own],
        modules: new Set(base.modules).add(own.module),
        categories: new Set(base.categories).add(own.category),
        simulating:
          base.simulating || (own.name === 'simulate' && own.script.includes('run-algorithm')),
      };
    }
    stacks.set(id, info);
    return info;
  };

  const durations = sampleDurations(profile);
  const moduleSelf = new Map<string, number>();
  const moduleTotal = new Map<string, number>();
  const categorySelf = new Map<string, number>();
  const categoryTotal = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) =>
    map.set(key, (map.get(key) ?? 0) + ms);
  let idleMs = 0;
  let gcMs = 0;
  let loadingBusyMs = 0;
  let rustInLoopMs = 0;
  const phases: PhaseTimes = { loadingMs: 0, simulationMs: 0, resultsMs: 0 };
  let simulationSeen = false;
  let lastSimulationEnd = -1;
  const phaseOfSample: number[] = [];
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const ms = durations[i];
    const node = byId.get(id);
    const stack = stackOf(id);
    if (stack.simulating) {
      simulationSeen = true;
      lastSimulationEnd = i;
    }
    phaseOfSample.push(stack.simulating ? 1 : simulationSeen ? 2 : 0);
    if (node?.callFrame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const own = functionOfNode.get(id);
    if (own === undefined) continue;
    own.selfMs += ms;
    if (own.module === 'GC') gcMs += ms;
    if (!simulationSeen) loadingBusyMs += ms;
    if (stack.simulating && own.module === 'rust core') rustInLoopMs += ms;
    add(moduleSelf, own.module, ms);
    add(categorySelf, own.category, ms);
    for (const fn of stack.functions) fn.totalMs += ms;
    for (const m of stack.modules) add(moduleTotal, m, ms);
    for (const c of stack.categories) add(categoryTotal, c, ms);
  }
  // GC and program samples inside the loop carry no stack: the loop phase spans first to last loop sample.
  for (let i = 0; i < phaseOfSample.length; i++) {
    const phase = phaseOfSample[i] === 2 && i < lastSimulationEnd ? 1 : phaseOfSample[i];
    if (phase === 0) phases.loadingMs += durations[i];
    else if (phase === 1) phases.simulationMs += durations[i];
    else phases.resultsMs += durations[i];
  }
  const profiledMs = durations.reduce((a, b) => a + b, 0);
  const group = (self: Map<string, number>, total: Map<string, number>): GroupStats[] =>
    [...total.keys()]
      .map((name) => ({ name, selfMs: self.get(name) ?? 0, totalMs: total.get(name) ?? 0 }))
      .sort((a, b) => b.selfMs - a.selfMs);
  return {
    profiledMs,
    busyMs: profiledMs - idleMs,
    idleMs,
    gcMs,
    phases,
    loadingBusyMs,
    rustInLoopMs,
    functions: [
      ...[...functions.values()].filter((f) => f.totalMs > 0),
      ...unsampled(counts, matched),
    ],
    modules: group(moduleSelf, moduleTotal),
    categories: group(categorySelf, categoryTotal),
  };
}

/** Engine functions (under `src/`) that ran but never showed in a sample: zero time, real calls. */
function unsampled(
  counts: readonly FunctionCallCount[],
  matched: ReadonlySet<FunctionCallCount>,
): FunctionStats[] {
  return counts
    .filter((c) => !matched.has(c) && relativeScript(c.url).startsWith('src/'))
    .map((c) => {
      const script = relativeScript(c.url);
      const name = c.functionName === '' ? '(anonymous)' : c.functionName;
      return {
        id: `${script}#${name}`,
        name,
        script,
        line: c.lineNumber + 1,
        column: c.columnNumber + 1,
        ...classify(script, c.functionName),
        selfMs: 0,
        totalMs: 0,
        calls: c.count,
      };
    });
}

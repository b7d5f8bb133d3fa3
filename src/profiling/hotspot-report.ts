import type { FunctionStats } from './cpu-analysis.js';
import { calls, change, markdownTable, mb, ms, pct } from './markdown-table.js';
import type { RunSummary } from './run-summary.js';

/** The hotspot tables of one run, for `<stem>.hotspots.json`. */
export interface Hotspots {
  topSelf: FunctionStats[];
  topTotal: FunctionStats[];
  /** Every function whose total (inclusive) time is over 5 % of the busy time. */
  overFivePercent: FunctionStats[];
}

/** Before → after of one function or module between two runs of the same configuration. */
export interface Change {
  name: string;
  beforeSelfMs: number;
  afterSelfMs: number;
  beforeTotalMs: number;
  afterTotalMs: number;
}

/** Top `n` functions by self and by total time, and those over 5 % of the busy time. */
export function hotspots(summary: RunSummary, n = 20): Hotspots {
  const fns = summary.functions;
  return {
    topSelf: [...fns].sort((a, b) => b.selfMs - a.selfMs).slice(0, n),
    topTotal: [...fns].sort((a, b) => b.totalMs - a.totalMs).slice(0, n),
    overFivePercent: fns
      .filter((f) => f.totalMs > 0.05 * summary.cpu.busyMs)
      .sort((a, b) => b.totalMs - a.totalMs),
  };
}

function sumById(fns: readonly FunctionStats[]): Map<string, { self: number; total: number }> {
  const map = new Map<string, { self: number; total: number }>();
  for (const f of fns) {
    const entry = map.get(f.id) ?? { self: 0, total: 0 };
    entry.self += f.selfMs;
    entry.total = Math.max(entry.total, f.totalMs);
    map.set(f.id, entry);
  }
  return map;
}

/**
 * Before → after per function (`script#name`, the top 20 of either run by self
 * time) and per module, between an earlier and a later run of one configuration.
 */
export function compareRuns(
  before: RunSummary,
  after: RunSummary,
): { functions: Change[]; modules: Change[] } {
  const a = sumById(before.functions);
  const b = sumById(after.functions);
  const top = (map: Map<string, { self: number }>) =>
    [...map.entries()]
      .sort((x, y) => y[1].self - x[1].self)
      .slice(0, 20)
      .map(([id]) => id);
  const ids = [...new Set([...top(b), ...top(a)])];
  const functions = ids.map((name) => ({
    name,
    beforeSelfMs: a.get(name)?.self ?? 0,
    afterSelfMs: b.get(name)?.self ?? 0,
    beforeTotalMs: a.get(name)?.total ?? 0,
    afterTotalMs: b.get(name)?.total ?? 0,
  }));
  const moduleNames = [...new Set([...after.modules, ...before.modules].map((m) => m.name))];
  const modules = moduleNames.map((name) => {
    const x = before.modules.find((m) => m.name === name);
    const y = after.modules.find((m) => m.name === name);
    return {
      name,
      beforeSelfMs: x?.selfMs ?? 0,
      afterSelfMs: y?.selfMs ?? 0,
      beforeTotalMs: x?.totalMs ?? 0,
      afterTotalMs: y?.totalMs ?? 0,
    };
  });
  return { functions, modules };
}

function functionRows(fns: readonly FunctionStats[], busy: number): string[][] {
  return fns.map((f) => [
    f.name,
    `${f.script}:${f.line}:${f.column}`,
    f.module,
    ms(f.selfMs),
    pct(f.selfMs, busy),
    ms(f.totalMs),
    pct(f.totalMs, busy),
    calls(f.calls),
  ]);
}

const FUNCTION_HEADERS = [
  'function',
  'where',
  'module',
  ' self ms',
  ' self',
  ' total ms',
  ' total',
  ' calls',
];

/** The Markdown hotspot report of one run, with before → after when an earlier run is given. */
export function hotspotMarkdown(summary: RunSummary, before?: RunSummary): string {
  const busy = summary.cpu.busyMs;
  const h = hotspots(summary);
  const c = summary.config;
  const mem = summary.memory;
  const parts = [
    `# Profile: ${summary.stem}`,
    '',
    `Scenario ${c.scenario}, strategy ${c.strategy}, numeric ${c.numeric}, backend ${c.backend}` +
      `${c.sessions === undefined ? '' : `, first ${c.sessions} sessions`}; ` +
      `${summary.run.assets} assets, ${summary.run.sessions} sessions, ${summary.run.bars} bars. ` +
      `Commit ${summary.environment.commit}, Node ${summary.environment.node}, ${summary.environment.machine}, ${summary.environment.timestamp}.`,
    '',
    `Wall ${ms(summary.run.wallMs)} ms: data loading (bundle → portal, setup) ${ms(summary.phases.loadingMs)} ms ` +
      `(${ms(summary.cpu.loadingBusyMs)} ms busy), simulation ${ms(summary.phases.simulationMs)} ms${addonShare(summary)}, ` +
      `results and metrics ${ms(summary.phases.resultsMs)} ms. Busy ${ms(busy)} ms, idle ${ms(summary.cpu.idleMs)} ms; shares below are of the busy time; calls are real (precise coverage).`,
    '',
    '## Top 20 by self time',
    '',
    markdownTable(FUNCTION_HEADERS, functionRows(h.topSelf, busy)),
    '',
    '## Top 20 by total time',
    '',
    markdownTable(FUNCTION_HEADERS, functionRows(h.topTotal, busy)),
    '',
    '## Over 5 % of the total time',
    '',
    markdownTable(FUNCTION_HEADERS, functionRows(h.overFivePercent, busy)),
    '',
    '## Modules',
    '',
    markdownTable(
      ['module', ' self ms', ' self', ' total ms', ' total'],
      summary.modules.map((m) => [
        m.name,
        ms(m.selfMs),
        pct(m.selfMs, busy),
        ms(m.totalMs),
        pct(m.totalMs, busy),
      ]),
    ),
    '',
    '## Bottleneck categories',
    '',
    markdownTable(
      ['category', ' self ms', ' self'],
      summary.categories.map((m) => [m.name, ms(m.selfMs), pct(m.selfMs, busy)]),
    ),
    '',
    '## Memory',
    '',
    `Peak RSS ${mb(mem.maxRssBytes)} MB; V8 heap at the end ${mb(mem.heapUsedBytes)} MB used of ${mb(mem.heapTotalBytes)} MB committed; ` +
      `GC ${ms(mem.gcProfileMs)} ms in the profile (${pct(mem.gcProfileMs, busy)} of busy), ${mem.gcCount} collections totalling ${ms(mem.gcEntriesMs)} ms (gc entries); ` +
      `${mb(mem.sampledAllocationBytes)} MB of sampled allocations.`,
    '',
    markdownTable(
      ['allocating function', 'script', 'module', ' MB', ' share'],
      mem.allocations
        .slice(0, 15)
        .map((a) => [
          a.name,
          a.script,
          a.module,
          mb(a.bytes),
          pct(a.bytes, mem.sampledAllocationBytes),
        ]),
    ),
  ];
  if (before !== undefined) {
    const diff = compareRuns(before, summary);
    parts.push(
      '',
      `## Before → after (previous run ${before.environment.timestamp}, commit ${before.environment.commit})`,
      '',
      markdownTable(
        ['function', ' self ms', ' total ms'],
        diff.functions.map((f) => [
          f.name,
          change(f.beforeSelfMs, f.afterSelfMs),
          change(f.beforeTotalMs, f.afterTotalMs),
        ]),
      ),
      '',
      markdownTable(
        ['module', ' self ms', ' total ms'],
        diff.modules.map((m) => [
          m.name,
          change(m.beforeSelfMs, m.afterSelfMs),
          change(m.beforeTotalMs, m.afterTotalMs),
        ]),
      ),
    );
  }
  return `${parts.join('\n')}\n`;
}

/** ", of which N ms (P %) inside the Rust core" for a run that crossed into the addon. */
function addonShare(summary: RunSummary): string {
  const rust = summary.cpu.rustInLoopMs;
  const loop = summary.phases.simulationMs;
  if (rust === undefined || rust === 0 || loop <= 0) return '';
  return ` (of which ${ms(rust)} ms, ${((100 * rust) / loop).toFixed(1)} %, inside the Rust core)`;
}

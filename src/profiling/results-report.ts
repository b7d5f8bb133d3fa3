import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../errors/index.js';
import type { FunctionStats } from './cpu-analysis.js';
import { hotspots } from './hotspot-report.js';
import { calls, markdownTable, mb, ms, pct } from './markdown-table.js';
import { MODULE_RULES, PROFILE_MODULES, type ProfileModule } from './module-map.js';
import { readHistory } from './profile-history.js';
import type { RunSummary } from './run-summary.js';

/** Measured cost of one JS → Rust crossing, µs (docs/performance/native-boundary.md). */
const CROSSING_US = 0.1;

/** Why moving a module's work to Rust would (or would not) pay, by module. */
const RUST_RATIONALE: Partial<Record<ProfileModule, string>> = {
  numeric:
    'exact decimal arithmetic on BigInt allocates a heap object per operation in V8; Rust does the same on i64/i128 in registers. Pays only if a whole per-bar batch (all assets) crosses once; per-operation calls would cost more than they save.',
  ledger:
    'marking positions and updating cash per bar is a per-asset loop of decimal operations; one batched call per bar over typed arrays (amounts, cost bases, closes) replaces BigInt allocation with integer math.',
  blotter:
    'order matching is a branchy per-order state machine; a Rust blotter holding the open orders would take one call per bar with the bar arrays and return the fills.',
  models:
    'slippage and commission run per fill; batched with the blotter they need no crossing of their own.',
  indicators:
    'indicator updates are already batched per bar over Float64Arrays; Rust gains little on float recurrences V8 already optimizes (see the rolling-mean kernel), so this is a low priority unless profiles show allocation here.',
  'data portal':
    'per-asset field reads from the strategy cross per call; keep them in TS (a crossing per read would cost more than the read) and move only bulk slicing.',
  'data loading':
    'bundle reading is I/O and DuckDB (already native); the JS part is column conversion, which a zero-copy Rust reader could do in one call per column.',
  metrics:
    'end-of-run risk metrics are whole-array folds run once; one call per metric column, gain proportional to the measured share.',
  'engine loop':
    'the per-bar loop itself; it only moves to Rust together with the blotter and ledger it drives.',
  calendar:
    'building a calendar converts every session open and close through Intl time-zone formatting, once per run before the first bar; a Rust calendar with compiled tz rules, or a cache of the converted sessions, removes it in one call.',
  'strategy code': 'user code stays in TS; not a target.',
  'rust core':
    'already in Rust: the engine core does the per-bar work of the account (fills, models, booking, marks) for all assets in one call per bar.',
  GC: 'GC time falls when the hot paths stop allocating (BigInt amounts, per-bar objects); moving decimal math and per-bar state to typed arrays or Rust removes most of it.',
};

function runLabel(s: RunSummary): string {
  const c = s.config;
  return `${c.scenario}/${c.strategy}/${c.numeric}`;
}

/** The latest summary per configuration stem, ordered by scenario, strategy and numeric mode. */
function latestRuns(out: string): RunSummary[] {
  const latest = new Map<string, RunSummary>();
  for (const summary of readHistory(out)) latest.set(summary.stem, summary);
  const order = (s: RunSummary) =>
    ['daily', 'hourly', 'minute'].indexOf(s.config.scenario) * 100 +
    ['simple', 'complex'].indexOf(s.config.strategy) * 10 +
    ['decimal', 'float'].indexOf(s.config.numeric);
  return [...latest.values()].sort((a, b) => order(a) - order(b));
}

function moduleSelf(s: RunSummary, module: string): number {
  return s.modules.find((m) => m.name === module)?.selfMs ?? 0;
}

interface Target {
  id: string;
  fn: FunctionStats;
  meanShare: number;
  shares: { run: RunSummary; share: number; fn: FunctionStats }[];
}

function targets(runs: readonly RunSummary[]): Target[] {
  const byId = new Map<string, Target>();
  for (const run of runs) {
    for (const fn of run.functions) {
      if (fn.module === 'other' || fn.module === 'strategy code') continue;
      const target = byId.get(fn.id) ?? { id: fn.id, fn, meanShare: 0, shares: [] };
      target.shares.push({ run, share: fn.selfMs / run.cpu.busyMs, fn });
      byId.set(fn.id, target);
    }
  }
  for (const target of byId.values()) {
    target.meanShare = target.shares.reduce((sum, s) => sum + s.share, 0) / runs.length;
  }
  return [...byId.values()].sort((a, b) => b.meanShare - a.meanShare);
}

function targetSection(rank: number, target: Target): string {
  const lines: string[] = [];
  const top = [...target.shares].sort((a, b) => b.share - a.share)[0];
  const perBar = top.fn.calls === null ? null : top.fn.calls / top.run.run.bars;
  const selfPerBarUs = (1000 * top.fn.selfMs) / top.run.run.bars;
  lines.push(
    `### ${rank}. \`${target.fn.name}\` (${target.fn.script === '' ? 'V8' : target.fn.script}, ${target.fn.module}) — mean ${(100 * target.meanShare).toFixed(1)} % of busy time`,
    '',
    `Self share per run: ${target.shares.map((s) => `${runLabel(s.run)} ${(100 * s.share).toFixed(1)} %`).join(', ')}.`,
    '',
  );
  const count = top.fn.calls;
  if (count !== null && perBar !== null && perBar < 1) {
    const perCallMs = top.fn.selfMs / Math.max(1, count);
    lines.push(
      `In ${runLabel(top.run)} it runs ${calls(count)} time(s) per run (${ms(perCallMs)} ms self per call, ${ms(top.fn.selfMs)} ms in all): ` +
        `whole-run work, so one crossing per call is free (${CROSSING_US} µs against milliseconds); the gain is what Rust saves on the work itself, at most ${(100 * top.share).toFixed(1)} % of that run.`,
      '',
    );
  } else if (count !== null && perBar !== null) {
    const perCallUs = (1000 * top.fn.selfMs) / Math.max(1, count);
    const assets = top.run.run.assets;
    lines.push(
      `In ${runLabel(top.run)} it is called ${perBar.toFixed(1)} times per bar (${calls(count)} calls over ${top.run.run.bars} bars of ${assets} assets), ` +
        `${perCallUs.toFixed(2)} µs self per call, ${selfPerBarUs.toFixed(1)} µs per bar. ` +
        `Moved call for call it would cross the boundary ${perBar.toFixed(1)} times per bar (${(perBar * CROSSING_US).toFixed(2)} µs of crossings per bar` +
        `${perCallUs < 4 * CROSSING_US ? ', comparable to its own cost: not worth it call for call' : ''}); ` +
        `batched into one call per bar the crossing costs ${CROSSING_US} µs per bar, so the gain is bounded by its ${selfPerBarUs.toFixed(1)} µs per bar ` +
        `(${(100 * top.share).toFixed(1)} % of that run).`,
      '',
    );
    if (perBar > 2 * assets) {
      lines.push(
        `It runs ${(perBar / assets).toFixed(0)} times per asset per bar: the count grows with something other than the bars (open orders, positions, lookups repeated per item). ` +
          'Remove the repeated work in TypeScript first (hoist or cache it per bar or per asset); what remains is then a candidate for one batched Rust call per bar.',
        '',
      );
    }
  } else {
    lines.push(
      `No call count (V8 pseudo-function or builtin); ${selfPerBarUs.toFixed(1)} µs per bar in ${runLabel(top.run)}.`,
      '',
    );
  }
  const why = RUST_RATIONALE[target.fn.module];
  if (why !== undefined) lines.push(`Why Rust would help: ${why}`, '');
  return lines.join('\n');
}

/**
 * The Markdown results report over the latest kept summary of every
 * configuration in `<out>/history/`: environment, run overview, module and
 * category breakdowns, decimal vs float per module, memory, hotspot tables
 * and the optimization targets ranked by measured self time.
 *
 * @throws ConfigError when no summaries are kept under `out`.
 */
export function profilingResultsMarkdown(out: string): { text: string; runs: number } {
  const runs = latestRuns(out);
  if (runs.length === 0) {
    throw new ConfigError(`No profile summaries under ${out}/history; run rustybt profile first.`);
  }
  const unique = (pick: (s: RunSummary) => string) => [...new Set(runs.map(pick))].join('; ');
  const parts: string[] = [
    '# Profiling results',
    '',
    `Generated by \`rustybt profile --report\` from the latest summary of each configuration in \`${out}/history/\`; do not edit by hand.`,
    '',
    `- Machine: ${unique((s) => s.environment.machine)}`,
    `- Node: ${unique((s) => s.environment.node)}`,
    `- Commit: ${unique((s) => s.environment.commit)}`,
    `- Backend: ${unique((s) => s.config.backend)}`,
    `- Runs: ${unique((s) => s.environment.timestamp.slice(0, 16))} (UTC)`,
    '',
    "Each configuration runs in two child processes: a timing run under V8's CPU profiler alone (250 µs sampling), and a second run under precise coverage with call counts and the heap sampling profiler (call counts and allocations do not depend on timing, and both would slow the timing run). Shares are of the main thread's busy time (idle left out). Data loading is the wall time before the first simulated bar (bundle → frames → bar store → portal, plus setup); simulation is the event loop; results is the results tables and risk metrics.",
    '',
    'Reproduce: `rustybt profile --scenario all --strategy all --numeric all --backend ts` (writes `profiles/`), then `rustybt profile --report docs/performance/profiling-results.md`. Each configuration is profiled once: on a shared machine single runs vary by tens of percent in wall time, so compare shares and call counts rather than small differences in milliseconds.',
    '',
    '## Runs',
    '',
    markdownTable(
      [
        'run',
        ' sessions',
        ' bars',
        ' assets',
        ' wall ms',
        ' loading ms',
        ' simulation ms',
        ' results ms',
        ' busy ms',
        ' peak RSS MB',
        ' GC',
      ],
      runs.map((s) => [
        runLabel(s) +
          (s.config.sessions === undefined ? '' : ` (first ${s.config.sessions} sessions)`),
        String(s.run.sessions),
        String(s.run.bars),
        String(s.run.assets),
        ms(s.run.wallMs),
        ms(s.phases.loadingMs),
        ms(s.phases.simulationMs),
        ms(s.phases.resultsMs),
        ms(s.cpu.busyMs),
        mb(s.memory.maxRssBytes),
        pct(s.memory.gcProfileMs, s.cpu.busyMs),
      ]),
    ),
    '',
    '## Module breakdown (self time, share of busy time)',
    '',
    markdownTable(
      ['module', ...runs.map((s) => ` ${runLabel(s)}`)],
      PROFILE_MODULES.filter((m) => runs.some((s) => moduleSelf(s, m) > 0)).map((m) => [
        m,
        ...runs.map((s) => pct(moduleSelf(s, m), s.cpu.busyMs)),
      ]),
    ),
    '',
    '## Bottleneck categories (self time, share of busy time)',
    '',
    markdownTable(
      ['category', ...runs.map((s) => ` ${runLabel(s)}`)],
      [...new Set(runs.flatMap((s) => s.categories.map((c) => c.name)))].map((c) => [
        c,
        ...runs.map((s) => pct(s.categories.find((x) => x.name === c)?.selfMs ?? 0, s.cpu.busyMs)),
      ]),
    ),
    '',
    '## Decimal vs float, time per module (self ms)',
    '',
  ];
  for (const decimal of runs.filter((s) => s.config.numeric === 'decimal')) {
    const float = runs.find(
      (s) =>
        s.config.numeric === 'float' &&
        s.config.scenario === decimal.config.scenario &&
        s.config.strategy === decimal.config.strategy &&
        s.config.sessions === decimal.config.sessions,
    );
    if (float === undefined) continue;
    parts.push(
      `### ${decimal.config.scenario}/${decimal.config.strategy}: decimal ${ms(decimal.cpu.busyMs)} ms busy, float ${ms(float.cpu.busyMs)} ms (${(decimal.cpu.busyMs / float.cpu.busyMs).toFixed(2)}×)`,
      '',
      markdownTable(
        ['module', ' decimal ms', ' float ms', ' decimal − float ms', ' decimal / float'],
        PROFILE_MODULES.filter((m) => moduleSelf(decimal, m) + moduleSelf(float, m) > 0).map(
          (m) => {
            const d = moduleSelf(decimal, m);
            const f = moduleSelf(float, m);
            return [m, ms(d), ms(f), ms(d - f), f > 0 ? `${(d / f).toFixed(2)}×` : '–'];
          },
        ),
      ),
      '',
    );
  }
  parts.push(
    '## Memory',
    '',
    "Peak RSS is `process.resourceUsage().maxRSS` of the timing child (one scenario per process); heap is V8's used / committed heap at the end of the run; GC share is the `(garbage collector)` node of the CPU profile over the busy time (the `gc` performance entries are given as well); allocations are the heap sampling profile of the second run (16 KiB interval, objects later collected included).",
    '',
    markdownTable(
      [
        'run',
        ' peak RSS MB',
        ' heap used MB',
        ' heap committed MB',
        ' GC (profile)',
        ' GC entries ms',
        ' collections',
        ' sampled alloc MB',
        'top allocators',
      ],
      runs.map((s) => {
        const m = s.memory;
        return [
          runLabel(s),
          mb(m.maxRssBytes),
          mb(m.heapUsedBytes),
          mb(m.heapTotalBytes),
          pct(m.gcProfileMs, s.cpu.busyMs),
          ms(m.gcEntriesMs),
          String(m.gcCount),
          mb(m.sampledAllocationBytes),
          m.allocations
            .slice(0, 3)
            .map((a) => `${a.name} (${a.module}, ${pct(a.bytes, m.sampledAllocationBytes)})`)
            .join('; '),
        ];
      }),
    ),
    '',
    '## Optimization targets, highest measured impact first',
    '',
    'Ranked by mean self share of the busy time over all runs above (strategy code and V8/Node internals left out). Crossing cost: 0.1 µs per call (docs/performance/native-boundary.md).',
    '',
  );
  targets(runs)
    .slice(0, 8)
    .forEach((target, i) => parts.push(targetSection(i + 1, target)));
  parts.push('## Hotspots per run', '');
  for (const s of runs) {
    const h = hotspots(s);
    const rows = (fns: readonly FunctionStats[]) =>
      fns.map((f) => [
        f.name,
        `${f.script}:${f.line}:${f.column}`,
        f.module,
        ms(f.selfMs),
        pct(f.selfMs, s.cpu.busyMs),
        ms(f.totalMs),
        pct(f.totalMs, s.cpu.busyMs),
        calls(f.calls),
      ]);
    const headers = [
      'function',
      'where',
      'module',
      ' self ms',
      ' self',
      ' total ms',
      ' total',
      ' calls',
    ];
    parts.push(
      `### ${runLabel(s)}`,
      '',
      'Top 20 by self time:',
      '',
      markdownTable(headers, rows(h.topSelf)),
      '',
      'Top 20 by total time:',
      '',
      markdownTable(headers, rows(h.topTotal)),
      '',
      'Over 5 % of the total time:',
      '',
      markdownTable(headers, rows(h.overFivePercent)),
      '',
    );
  }
  parts.push(
    '## How time is booked',
    '',
    '`where` is the function start (line:column) in the executed script: run from the sources, tsx transpiles each module to a single line, so the column locates the function; call counts are matched to frames by script, name and that position.',
    '',
    'Each profile frame is booked to a module and a bottleneck category by its script path (first match wins); `(garbage collector)` is GC (allocation and GC); `(program)`, builtins and unmatched scripts are other.',
    '',
    markdownTable(
      ['script path pattern', 'module', 'category'],
      MODULE_RULES.map((r) => [`\`${r.pattern.source}\``, r.module, r.category]),
    ),
    '',
  );
  return { text: parts.join('\n'), runs: runs.length };
}

/** Writes the results report to `file` (temp file + rename); returns how many runs it covers. */
export function writeProfilingResults(out: string, file: string): number {
  const { text, runs } = profilingResultsMarkdown(out);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  return runs;
}

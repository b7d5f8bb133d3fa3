// Whole-process start-up: what a user waits for from Enter to the summary. Interleaved
// rounds of child processes, each timed (wall) and reporting its own CPU time, for this
// checkout and for the previous main (built once in a temporary clone), side by side:
//   rustybt --version
//   rustybt run of an SMA(10)/SMA(30) crossover (10 shares, next-open fills, no costs) on
//     50 symbols × 2 years of daily CSV bars, with the compiled-strategy cache cold and warm
//   the same run from an ingested bundle
//   CSV parsing throughput (MB/s, parse only) on N symbols × one quarter of minute bars
//   ingesting those minute files into a bundle (M bars/s, peak RSS), whole process
//   the ingest's memory growth for those files, and for 20 symbols × a quarter, half a year
//     and a year of minutes: from these, what it holds per bar of the largest file
//
// Run: npm run bench -- startup                      (7 rounds, 20 minute symbols)
//      npm run bench -- startup --rounds 9 --minute-symbols 100
//      npm run bench -- startup --baseline <ref>     (default: merge-base of HEAD and main)
//      npm run bench -- startup --baseline none      (this checkout only)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineLine } from './harness.js';
import { prepareBaseline, previousMain } from './startup/baseline.js';
import { writeSyntheticCsv } from './startup/synthetic-csv.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cpuReport = fileURLToPath(new URL('./startup/cpu-report.cjs', import.meta.url));
const csvParse = fileURLToPath(new URL('./startup/csv-parse.mjs', import.meta.url));
const ingestMemory = fileURLToPath(new URL('./startup/ingest-memory.mjs', import.meta.url));

const args = process.argv.slice(3);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const rounds = Number(option('rounds', '7'));
const minuteSymbols = Number(option('minute-symbols', '20'));
const baselineRef = option('baseline', 'main');

const STRATEGY = `import type { AlgorithmStrategy } from 'rustybt';
import { sma } from 'rustybt/indicators';

const strategy: AlgorithmStrategy = {
  initialize(ctx) {
    const assets = ctx.allAssets();
    ctx.indicator('fast', sma(10), assets);
    ctx.indicator('slow', sma(30), assets);
    ctx.state.assets = assets;
  },
  handleData(ctx, data) {
    for (const asset of ctx.state.assets as ReturnType<typeof ctx.allAssets>) {
      if (!data.canTrade(asset)) continue;
      if (ctx.indicators.crossover('fast', 'slow', asset.sid)) ctx.order(asset, 10);
      else if (ctx.indicators.crossunder('fast', 'slow', asset.sid)) {
        if ((ctx.portfolio.positions.get(asset)?.amount ?? 0) > 0) ctx.orderTarget(asset, 0);
      }
    }
  },
};
export default strategy;
`;

/** One build under test: a package root with dist/, its user project and home. */
interface Contender {
  label: string;
  root: string;
  project: string;
  home: string;
}

/** One measured command of one contender. */
interface Task {
  figure: string;
  contender: Contender;
  argv: string[];
  before?: () => void;
  /** Reads the figure from the child's stdout instead of timing the process. */
  parse?: (stdout: string) => Omit<Sample, 'rssMb'>;
  /** Bars the command handles: its rate is then shown in M bars/s. */
  bars?: number;
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  /** Throughput per wall second and per CPU second (MB/s or M bars/s). */
  rate?: number;
  cpuRate?: number;
  /** Peak resident set of the process, MB. */
  rssMb?: number;
  /** Memory figures: resident set once loaded, before the work, and the peak after it (MB). */
  rssBeforeMb?: number;
  memory?: number;
}

const work = mkdtempSync(join(tmpdir(), 'rustybt-bench-startup-'));
const daily = join(work, 'daily-50x2y');
const minute = join(work, `minute-${minuteSymbols}x1q`);
// 20 symbols over a quarter, half a year and a year of minutes: the ingest's memory at three
// file sizes tells what it holds per bar of the largest file from what it holds regardless.
const SIZES = [
  { label: '1q', end: '2024-03-28' },
  { label: '2q', end: '2024-06-28' },
  { label: '4q', end: '2024-12-31' },
].map((size) => ({ ...size, directory: join(work, `minute-20x${size.label}`) }));
const dailyRange = ['--start', '2020-01-02', '--end', '2021-12-31'];
process.stderr.write(`writing the data under ${work}\n`);
const dailyBars = writeSyntheticCsv({
  directory: daily,
  symbols: 50,
  frequency: 'daily',
  start: '2020-01-02',
  end: '2021-12-31',
});
const minuteBars = writeSyntheticCsv({
  directory: minute,
  symbols: minuteSymbols,
  frequency: 'minute',
  start: '2024-01-02',
  end: '2024-03-28',
});

const sizedBars = SIZES.map(
  (size) =>
    writeSyntheticCsv({
      directory: size.directory,
      symbols: 20,
      frequency: 'minute',
      start: '2024-01-02',
      end: size.end,
    }) / 20,
);

// Bars of the largest minute file (every symbol has the same sessions): the ingest's memory target.
const largestFileBars = minuteBars / minuteSymbols;
const minuteSymbolNames = Array.from(
  { length: minuteSymbols },
  (_, k) => `S${String(k).padStart(3, '0')}`,
);

function contender(label: string, packageRoot: string): Contender {
  // A user's project with rustybt installed in node_modules, run as node_modules/.bin/rustybt.
  const project = join(work, `project-${label}`);
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(packageRoot, join(project, 'node_modules/rustybt'), 'dir');
  // "type": "module": the previous main loads .ts strategies as CommonJS otherwise, and fails.
  writeFileSync(
    join(project, 'package.json'),
    '{ "name": "bench-project", "private": true, "type": "module" }\n',
  );
  writeFileSync(join(project, 'strategy.ts'), STRATEGY);
  return { label, root: packageRoot, project, home: join(work, `home-${label}`) };
}

function spawnNode(
  c: Contender,
  argv: string[],
): { stdout: string; wallMs: number; cpuMs: number; rssMb: number } {
  const cpuFile = join(work, 'cpu.txt');
  rmSync(cpuFile, { force: true });
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--require', cpuReport, ...argv], {
    cwd: c.project,
    encoding: 'utf8',
    env: { ...process.env, RUSTYBT_HOME: c.home, RUSTYBT_BENCH_CPU: cpuFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) {
    throw new Error(`${c.label}: node ${argv.join(' ')} failed:\n${child.stderr}`);
  }
  const [cpuUs, rssKb] = readFileSync(cpuFile, 'utf8').split(' ').map(Number);
  return { stdout: child.stdout, wallMs, cpuMs: cpuUs / 1000, rssMb: rssKb / 1024 };
}

/** The command a user's `node_modules/.bin/rustybt` runs: the package's `bin`. */
function binOf(packageRoot: string): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  return join(packageRoot, manifest.bin.rustybt);
}

const MEMORY_FULL = `ingest ${minuteSymbols}×1q minute: RSS once loaded → peak (growth)`;
const memorySized = (label: string): string =>
  `ingest 20×${label} minute: RSS once loaded → peak (growth)`;

function memoryOf(stdout: string): Omit<Sample, 'rssMb'> {
  const r = JSON.parse(stdout) as { rssBeforeMb: number; peakMb: number };
  return { wallMs: 0, cpuMs: 0, rssBeforeMb: r.rssBeforeMb, memory: r.peakMb };
}

function tasksOf(c: Contender): Task[] {
  const cli = binOf(c.root);
  const run = [cli, 'run', '-f', 'strategy.ts', ...dailyRange];
  const symbols = Array.from({ length: 50 }, (_, k) => `S${String(k).padStart(3, '0')}`);
  const ingest = [cli, 'ingest', 'csv', '--bundle', 'startup', '--csv-dir', daily];
  spawnNode(c, [...ingest, '--symbols', symbols.join(','), ...dailyRange]);
  return [
    { figure: 'rustybt --version', contender: c, argv: [cli, '--version'] },
    {
      figure: 'run 50×2y daily CSV, cold strategy cache',
      contender: c,
      argv: [...run, '--csv-dir', daily],
      before: () => rmSync(join(c.home, 'strategy-cache'), { recursive: true, force: true }),
    },
    { figure: 'run 50×2y daily CSV, warm', contender: c, argv: [...run, '--csv-dir', daily] },
    { figure: 'run 50×2y daily bundle, warm', contender: c, argv: [...run, '--bundle', 'startup'] },
    {
      figure: `CSV parse ${minuteSymbols}×1q minute (MB/s)`,
      contender: c,
      argv: [csvParse, c.root, minute, '1m'],
      parse: (stdout) => {
        const r = JSON.parse(stdout) as { bytes: number; wallMs: number; cpuMs: number };
        return {
          wallMs: r.wallMs,
          cpuMs: r.cpuMs,
          rate: r.bytes / 1e6 / (r.wallMs / 1000),
          cpuRate: r.bytes / 1e6 / (r.cpuMs / 1000),
        };
      },
    },
    {
      figure: `ingest ${minuteSymbols}×1q minute CSV to a bundle (M bars/s)`,
      contender: c,
      argv: [
        cli,
        'ingest',
        'csv',
        '--bundle',
        'minute',
        '--csv-dir',
        minute,
        '--frequency',
        '1m',
        '--start',
        '2024-01-02',
        '--end',
        '2024-03-28',
        '--symbols',
        minuteSymbolNames.join(','),
      ],
      before: () => rmSync(join(c.home, 'bundles', 'minute'), { recursive: true, force: true }),
      bars: minuteBars,
    },
    {
      figure: MEMORY_FULL,
      contender: c,
      argv: [ingestMemory, c.root, minute, '1m', '2024-01-02', '2024-03-28T23:59:59.999Z'],
      parse: memoryOf,
    },
    ...SIZES.map((size): Task => ({
      figure: memorySized(size.label),
      contender: c,
      argv: [ingestMemory, c.root, size.directory, '1m', '2024-01-02', `${size.end}T23:59:59.999Z`],
      parse: memoryOf,
    })),
  ];
}

const contenders = [contender('current', root)];
let baselineLine = 'baseline: none';
if (baselineRef !== 'none') {
  const ref = baselineRef === 'main' ? previousMain(root) : baselineRef;
  process.stderr.write(`building the baseline ${ref} (once; kept in ${tmpdir()})\n`);
  const baseline = prepareBaseline(root, ref);
  contenders.push(contender('baseline', baseline.dir));
  baselineLine = `baseline: ${baseline.commit.slice(0, 10)} (${baselineRef === 'main' ? 'merge-base of HEAD and main' : baselineRef})`;
}
// Both sides must run on the same backend, or the ratios compare Rust with TypeScript.
const backends = contenders.map((c) => {
  const line = spawnNode(c, [binOf(c.root), '--version']).stdout.split('\n')[1] ?? '';
  return `${c.label} ${/^backend: (\S+)/.exec(line)?.[1] ?? `unknown (${line})`}`;
});
if (new Set(backends.map((b) => b.split(' ')[1])).size !== 1) {
  throw new Error(`The contenders run on different backends (${backends.join(', ')}).`);
}
const tasks = contenders.flatMap(tasksOf);
const samples = tasks.map(() => [] as Sample[]);
const loadBefore = loadavg();
for (let round = -1; round < rounds; round++) {
  for (let k = 0; k < tasks.length; k++) {
    // Rotate the start so no task always runs first in a round.
    const index = (k + Math.max(round, 0)) % tasks.length;
    const task = tasks[index];
    task.before?.();
    const measured = spawnNode(task.contender, task.argv);
    const bars = task.bars;
    const sample: Sample = task.parse?.(measured.stdout) ?? {
      ...measured,
      ...(bars === undefined
        ? {}
        : { rate: bars / 1e3 / measured.wallMs, cpuRate: bars / 1e3 / measured.cpuMs }),
    };
    sample.rssMb = sample.memory ?? measured.rssMb;
    if (round >= 0) samples[index].push(sample);
  }
  process.stderr.write(`round ${round + 1}/${rounds}\n`);
}
const loadAfter = loadavg();

const median = (values: number[]): number => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ms = (v: number): string => `${v.toFixed(0)} ms`;
const spread = (values: number[]): string =>
  `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

const figures = [...new Set(tasks.map((t) => t.figure))];
const rows = figures.map((figure) => {
  const cells = contenders.map((c) => {
    const index = tasks.findIndex((t) => t.figure === figure && t.contender === c);
    const s = samples[index];
    return {
      wall: median(s.map((x) => x.wallMs)),
      cpu: median(s.map((x) => x.cpuMs)),
      rate: s[0]?.rate === undefined ? undefined : median(s.map((x) => x.rate ?? 0)),
      cpuRate: s[0]?.cpuRate === undefined ? undefined : median(s.map((x) => x.cpuRate ?? 0)),
      rss: median(s.map((x) => x.rssMb ?? 0)),
      before:
        s[0]?.rssBeforeMb === undefined ? undefined : median(s.map((x) => x.rssBeforeMb ?? 0)),
      growth:
        s[0]?.rssBeforeMb === undefined
          ? undefined
          : median(s.map((x) => (x.rssMb ?? 0) - (x.rssBeforeMb ?? 0))),
      unit: tasks[index].bars === undefined ? 'MB/s' : 'M bars/s',
      spread: spread(s.map((x) => x.wallMs)),
    };
  });
  const [cur, base] = cells;
  const show = (c: (typeof cells)[number]): string =>
    c.before !== undefined && c.growth !== undefined
      ? `${c.before.toFixed(0)} MB → ${c.rss.toFixed(0)} MB peak | growth ${c.growth.toFixed(1)} MB`
      : `${ms(c.wall)} (${c.spread})${c.rate === undefined ? '' : `, ${c.rate.toFixed(2)} ${c.unit}`} | ${ms(c.cpu)}${c.cpuRate === undefined ? '' : `, ${c.cpuRate.toFixed(2)} ${c.unit} of CPU`}, ${c.rss.toFixed(0)} MB peak`;
  const ratio =
    base === undefined
      ? ''
      : cur.growth !== undefined && base.growth !== undefined
        ? ` | peak ${(base.rss / cur.rss).toFixed(2)}× lower | growth ${(base.growth / cur.growth).toFixed(2)}× lower`
        : cur.rate !== undefined && base.rate !== undefined
          ? ` | ${(cur.rate / base.rate).toFixed(2)}× the ${cur.unit} | ${(base.cpu / cur.cpu).toFixed(2)}× less CPU`
          : ` | ${(base.wall / cur.wall).toFixed(2)}× faster wall | ${(base.cpu / cur.cpu).toFixed(2)}× less CPU`;
  return `| ${figure} | ${show(cur)}${base === undefined ? '' : ` | ${show(base)}`}${ratio} |`;
});

/**
 * What the ingest holds per bar of the largest file, and what it holds whatever the files'
 * size: the least-squares line through its growth (medians) at the three file sizes.
 */
const perBar = contenders.map((c) => {
  const growths = SIZES.map((size) => {
    const index = tasks.findIndex((t) => t.figure === memorySized(size.label) && t.contender === c);
    return median(samples[index].map((x) => (x.rssMb ?? 0) - (x.rssBeforeMb ?? 0)));
  });
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const [mx, my] = [mean(sizedBars), mean(growths)];
  const slopeMb =
    sizedBars.reduce((sum, x, k) => sum + (x - mx) * (growths[k] - my), 0) /
    sizedBars.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  const bytesPerBar = slopeMb * 2 ** 20;
  return `${c.label}: growth ${growths.map((g) => `${g.toFixed(1)}`).join(' / ')} MB → ${bytesPerBar.toFixed(0)} B per bar of the largest file (${(bytesPerBar / 48).toFixed(2)} × its 48 B of bar columns; target ≤ 2 ×) + ${(my - slopeMb * mx).toFixed(1)} MB whatever the files`;
});

const header =
  contenders.length === 2
    ? '| figure | current wall median (min–max) | current CPU | previous main wall | previous main CPU | wall ratio | CPU ratio |'
    : '| figure | wall median (min–max) | CPU |';
process.stdout.write(
  [
    '',
    machineLine(),
    baselineLine,
    `backends: ${backends.join(', ')}`,
    `workload: daily ${dailyBars} bars (50 symbols × 2020-01-02..2021-12-31); minute ${minuteBars} bars (${minuteSymbols} symbols × 2024-01-02..2024-03-28)`,
    `rounds: ${rounds} interleaved after 1 warm-up; load average before ${loadBefore.map((v) => v.toFixed(1)).join(' ')}, after ${loadAfter.map((v) => v.toFixed(1)).join(' ')}`,
    "(CSV parse: the time is the parse alone, in the child; MB/s = file bytes / parse wall (or CPU) time; CPU and peak RSS are the whole process's)",
    `(ingest memory: ingestIntoBundle in the child, the resident set once its modules, the addon and SQLite are loaded, then the process's peak; growth = peak - loaded; the largest file's bars are ${largestFileBars} × 6 columns × 8 B = ${((largestFileBars * 48) / 1e6).toFixed(2)} MB, twice that ${((largestFileBars * 96) / 1e6).toFixed(2)} MB)`,
    '',
    header,
    contenders.length === 2 ? '|---|---:|---:|---:|---:|---:|---:|' : '|---|---:|---:|',
    ...rows,
    '',
    `ingest memory per bar (20 symbols of ${sizedBars.join(' / ')} minute bars each, medians, least squares): ${perBar.join('; ')}`,
    '',
  ].join('\n'),
);
rmSync(work, { recursive: true, force: true });

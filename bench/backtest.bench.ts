// Backtest throughput of the engine core: asset-bars per second (wall and CPU time) and peak
// RSS of `runAlgorithm` on seeded synthetic bars, per strategy, numeric mode and engine core
// (RUSTYBT_BACKEND=rust|ts). Each measurement runs in a fresh child process (peak RSS is per
// configuration); configurations are interleaved across rounds; medians and min–max reported.
//
// Run: npm run bench -- backtest                     (W: 500 assets × every XNYS minute of 2024)
//      npm run bench -- backtest --quick             (500 assets × January 2024)
//      npm run bench -- backtest --grid              (the grid of `rustybt bench`, without its history)
//      options: --rounds N, --assets N (W) or --assets 10,50 (grid), --shapes daily,minute (grid)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { rowCount } from '../src/analytics/table.js';
import { runAlgorithm } from '../src/engine/algorithm/run-algorithm.js';
import type { NumericMode } from '../src/numeric/numeric.js';
import { runBenchmarkGrid } from '../src/bench/run-grid.js';
import { summaryTable } from '../src/bench/summary-table.js';
import {
  MINUTE_2024,
  syntheticFrames,
  workloadStrategy,
  type MarketShape,
  type WorkloadStrategy,
} from '../src/bench/workloads.js';
import { benchBundle } from './bench-bundle.js';
import { machineLine } from './harness.js';

/** One measured configuration. */
interface Config {
  strategy: WorkloadStrategy;
  numeric: NumericMode;
  backend: 'rust' | 'ts';
  assets: number;
  shape: MarketShape;
  seed: number;
  /** The bundle holding the workload's bars (W), or none: frames generated in the child (grid). */
  bundle?: { name: string; home: string; barsPerAsset: number };
}

/** What a child reports. */
interface Sample {
  barsPerAsset: number;
  /** Generating the synthetic BarFrames (0 when the bars come from a bundle). */
  generateMs: number;
  /** runAlgorithm's own loading: bundle or frames → BarStore, assets, account (until initialize). */
  loadMs: number;
  /** The event loop: first bar to the end of the last session. */
  simulateMs: number;
  /** CPU time of the process (user + system) over the event loop. */
  simulateCpuMs: number;
  maxRssMb: number;
  orders: number;
  transactions: number;
  /** The engine core that ran (`meta.backend`). */
  backend: string;
}

const CHILD_FLAG = '--backtest-bench-child';

async function child(config: Config): Promise<void> {
  const t0 = performance.now();
  // W runs from a bundle written once (as a user's run would); the grid from frames in memory.
  const fromBundle = config.bundle !== undefined;
  const generated = fromBundle
    ? { frames: undefined, barsPerAsset: config.bundle!.barsPerAsset }
    : syntheticFrames(config.shape, config.assets, config.seed);
  const barsPerAsset = generated.barsPerAsset;
  const t1 = performance.now();
  const inner = workloadStrategy(config.strategy);
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
    ...(fromBundle
      ? { bundle: config.bundle!.name, home: config.bundle!.home }
      : { frames: generated.frames }),
    start: config.shape.start,
    end: config.shape.end,
    // Crypto money has 8 decimals: 10^6 USDT stays within ±2^53 units.
    capitalBase: config.shape.assetClass === 'crypto' ? 1_000_000 : 100_000_000,
    dataFrequency: config.shape.frequency,
    calendar: config.shape.calendar,
    assetClass: config.shape.assetClass,
    numeric: config.numeric,
    onProgress(done, total) {
      if (done === total) {
        loopEndAt = performance.now();
        cpuLoop = process.cpuUsage(cpuAtStart);
      }
    },
  });
  const sample: Sample = {
    barsPerAsset,
    generateMs: t1 - t0,
    loadMs: initializedAt - t1,
    simulateMs: loopEndAt - initializedAt,
    simulateCpuMs: (cpuLoop.user + cpuLoop.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    orders: rowCount(results.orders),
    transactions: rowCount(results.transactions),
    backend: results.meta.backend,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function measure(config: Config): Sample {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), CHILD_FLAG, JSON.stringify(config)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      env: { ...process.env, RUSTYBT_BACKEND: config.backend },
    },
  );
  if (run.status !== 0) {
    throw new Error(`benchmark child failed (${run.status}): ${run.stderr}`);
  }
  const sample = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as Sample;
  if (sample.backend !== config.backend) {
    throw new Error(`asked for the ${config.backend} core, ran on ${sample.backend}`);
  }
  return sample;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const rate = (x: number) => `${(x / 1e6).toFixed(2)} M`;
const seconds = (x: number) => `${(x / 1000).toFixed(2)} s`;
const label = (c: Config) => `${c.strategy} ${c.numeric} ${c.backend}`;

/** Runs every configuration `rounds` times, interleaved; returns the samples per configuration. */
function measureAll(configs: readonly Config[], rounds: number): Sample[][] {
  const samples = configs.map(() => [] as Sample[]);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < configs.length; k++) {
      const index = (k + round) % configs.length;
      const c = configs[index];
      const sample = measure(c);
      samples[index].push(sample);
      const assetBars = c.assets * sample.barsPerAsset;
      process.stderr.write(
        `round ${round + 1}/${rounds} ${c.shape.name} ${c.assets} ${label(c)}: ` +
          `${rate(assetBars / (sample.simulateCpuMs / 1000))} asset-bars/s CPU, ` +
          `simulate ${seconds(sample.simulateMs)} (CPU ${seconds(sample.simulateCpuMs)}), ` +
          `load ${seconds(sample.loadMs)}, peak RSS ${sample.maxRssMb.toFixed(0)} MB\n`,
      );
    }
  }
  return samples;
}

/** W and its variants: one shape, the strategies on each core and numeric mode. */
async function workloadW(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const rounds = Number(option('rounds', quick ? '5' : '3'));
  const assets = Number(option('assets', '500'));
  const shape = quick
    ? { ...MINUTE_2024, name: 'minute XNYS Jan 2024', end: '2024-01-31' }
    : MINUTE_2024;
  const seed = 20240102;
  const bundle = await benchBundle(shape, assets, seed);
  const configs: Config[] = [];
  for (const strategy of ['noop', 'smaSignals'] as const) {
    for (const [numeric, backend] of [
      ['decimal', 'rust'],
      ['float', 'rust'],
      ['decimal', 'ts'],
    ] as const) {
      configs.push({ strategy, numeric, backend, assets, shape, seed, bundle });
    }
  }
  configs.push({
    strategy: 'smaHistory',
    numeric: 'decimal',
    backend: 'rust',
    assets,
    shape,
    seed,
    bundle,
  });
  process.stdout.write(
    `${machineLine()}\n\nworkload: ${assets} assets × ${shape.name} (${shape.start} to ${shape.end}), ` +
      `synthetic seeded random walk at scales 2/0, run from a bundle (${bundle.home}); smaSignals = declared SMA(10)/SMA(30) and the ` +
      `signal lists, 10 shares per entry, out on the cross down; smaHistory = data.history windows of every asset every bar; ` +
      `${rounds} rounds, configurations interleaved, one child process each\n\n`,
  );
  const samples = measureAll(configs, rounds);
  const rows = configs.map((c, i) => {
    const list = samples[i];
    const assetBars = c.assets * list[0].barsPerAsset;
    const wall = list.map((s) => assetBars / (s.simulateMs / 1000));
    const cpu = list.map((s) => assetBars / (s.simulateCpuMs / 1000));
    const rss = median(list.map((s) => s.maxRssMb));
    const rawMb = (assetBars * 40) / 2 ** 20;
    return (
      `| ${c.strategy} | ${c.numeric} | ${c.backend} | ${assetBars.toLocaleString('en')} | ` +
      `${rate(median(cpu))} (${rate(Math.min(...cpu))}–${rate(Math.max(...cpu))}) | ${rate(median(wall))} | ` +
      `${seconds(median(list.map((s) => s.simulateCpuMs)))} | ${seconds(median(list.map((s) => s.loadMs)))} | ` +
      `${rss.toFixed(0)} MB | ${(rss / rawMb).toFixed(2)}× | ${list[0].transactions.toLocaleString('en')} |`
    );
  });
  process.stdout.write(
    [
      '| strategy | numeric | core | asset-bars | asset-bars/s on CPU time (min–max) | on wall time | simulate CPU | load | peak RSS | RSS ÷ raw bars | fills |',
      '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n') + '\n',
  );
}

/** The grid: the same runner as `rustybt bench` (src/bench), without the history. */
async function grid(): Promise<void> {
  const shapes = option('shapes', 'daily,hourly,minute').split(',');
  const counts = option('assets', '10,50,100,500').split(',');
  const cells = shapes.flatMap((s) =>
    ['simple', 'complex'].flatMap((k) => counts.map((n) => `${s}-${k}-${n}`)),
  );
  const run = await runBenchmarkGrid({
    cells: cells.join(','),
    rounds: Number(option('rounds', '3')),
    modules: false,
    onProgress: (p) =>
      process.stderr.write(
        `${p.done}/${p.total} ${p.cell} ${p.mode} round ${p.round}${p.error === undefined ? '' : `: ${p.error}`}\n`,
      ),
  });
  process.stdout.write(summaryTable(run));
}

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt >= 0) {
  await child(JSON.parse(process.argv[childAt + 1]) as Config);
} else if (process.argv.includes('--grid')) {
  await grid();
} else {
  await workloadW();
}

// Backtest throughput: asset-bars per second and peak RSS of `runAlgorithm` on synthetic
// minute bars, float and decimal, for a no-op strategy and an SMA crossover that calls
// `data.history` on every asset every bar. Each measurement runs in a fresh child process
// (so peak RSS is per configuration); configurations are interleaved across rounds.
//
// Run: npm run bench -- backtest                 (500 assets × 2024 on XNYS, 3 rounds)
//      npm run bench -- backtest --quick         (500 assets × January 2024, 5 rounds)
//      npm run bench -- backtest --rounds 5 --assets 100 --start 2024-01-02 --end 2024-03-28
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getCalendar } from '../src/calendar/index.js';
import { sessionFromDate } from '../src/assets/session-date.js';
import type { BarFrame } from '../src/data/bar-frame.js';
import type { Asset } from '../src/assets/index.js';
import { runAlgorithm } from '../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy } from '../src/engine/algorithm/run-options.js';
import { buildTimeline } from '../src/engine/algorithm/timeline.js';
import type { NumericMode } from '../src/numeric/numeric.js';
import { rowCount } from '../src/analytics/table.js';
import { machineLine } from './harness.js';

/** One measured configuration. */
interface Config {
  strategy: 'noop' | 'smaCross';
  numeric: NumericMode;
  assets: number;
  start: string;
  end: string;
  seed: number;
}

/** What a child reports. */
interface Sample {
  barsPerAsset: number;
  /** Generating the synthetic BarFrames. */
  generateMs: number;
  /** runAlgorithm's own loading: frames → BarStore, assets, broker (until initialize). */
  loadMs: number;
  /** The event loop: first bar to the end of the last session. */
  simulateMs: number;
  /** CPU time of the process (user + system) over the event loop. */
  simulateCpuMs: number;
  /** Results tables and risk metrics after the last bar. */
  resultsMs: number;
  maxRssMb: number;
  orders: number;
  transactions: number;
}

const FAST = 20;
const SLOW = 60;
const CHILD_FLAG = '--backtest-bench-child';

/**
 * Synthetic minute bars on the run's own timeline: a seeded integer random walk in cents
 * (open = previous close, high/low a few cents outside), written straight into the columns.
 */
function syntheticFrames(config: Config): { frames: BarFrame[]; barsPerAsset: number } {
  const calendar = getCalendar('XNYS');
  const timeline = buildTimeline(
    calendar,
    sessionFromDate(config.start, 'start'),
    sessionFromDate(config.end, 'end'),
    '1m',
  );
  const n = timeline.bars.length;
  let state = config.seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const frames: BarFrame[] = [];
  for (let a = 0; a < config.assets; a++) {
    const open = new Float64Array(n);
    const high = new Float64Array(n);
    const low = new Float64Array(n);
    const close = new Float64Array(n);
    const volume = new Float64Array(n);
    let price = 5_000 + (next() % 15_000);
    for (let t = 0; t < n; t++) {
      const r = next();
      const o = price;
      price = Math.max(100, price + ((r & 7) - 3));
      open[t] = o;
      close[t] = price;
      high[t] = Math.max(o, price) + ((r >>> 3) & 3);
      low[t] = Math.min(o, price) - ((r >>> 5) & 3);
      volume[t] = 100 + ((r >>> 7) & 1023);
    }
    frames.push({
      symbol: `S${String(a).padStart(3, '0')}`,
      frequency: '1m',
      timestamps: timeline.bars,
      priceScale: 2,
      open,
      high,
      low,
      close,
      volumeScale: 0,
      volume,
    });
  }
  return { frames, barsPerAsset: n };
}

/** Does nothing: measures the engine's own per-bar cost. */
const noop: AlgorithmStrategy = {
  initialize() {},
  handleData() {},
};

/**
 * For every asset every bar: a `data.history` window of closes, the fast and slow means,
 * and an order of 10 shares in or out when the fast mean crosses the slow one.
 */
function smaCross(): AlgorithmStrategy {
  let assets: Asset[] = [];
  let long = new Uint8Array(0);
  return {
    initialize(ctx) {
      const count = ctx.state.assetCount as number;
      assets = Array.from({ length: count }, (_, sid) => ctx.sid(sid));
      long = new Uint8Array(count);
    },
    handleData(ctx, data) {
      for (let k = 0; k < assets.length; k++) {
        const closes = data.history(assets[k], 'close', SLOW);
        if (Number.isNaN(closes[0])) continue;
        let slow = 0;
        for (let i = 0; i < SLOW - FAST; i++) slow += closes[i];
        let fast = 0;
        for (let i = SLOW - FAST; i < SLOW; i++) fast += closes[i];
        slow = (slow + fast) / SLOW;
        fast /= FAST;
        if (fast > slow && long[k] === 0) {
          ctx.order(assets[k], 10);
          long[k] = 1;
        } else if (fast < slow && long[k] === 1) {
          ctx.order(assets[k], -10);
          long[k] = 0;
        }
      }
    },
  };
}

async function child(config: Config): Promise<void> {
  const t0 = performance.now();
  const { frames, barsPerAsset } = syntheticFrames(config);
  const t1 = performance.now();
  const inner = config.strategy === 'noop' ? noop : smaCross();
  let initializedAt = NaN;
  let loopEndAt = NaN;
  let cpuAtStart = process.cpuUsage();
  let cpuLoop = { user: 0, system: 0 };
  const results = await runAlgorithm({
    strategy: {
      initialize(ctx) {
        ctx.state.assetCount = config.assets;
        initializedAt = performance.now();
        cpuAtStart = process.cpuUsage();
        return inner.initialize(ctx);
      },
      handleData: inner.handleData,
    },
    frames,
    start: config.start,
    end: config.end,
    capitalBase: 100_000_000,
    dataFrequency: 'minute',
    calendar: 'XNYS',
    numeric: config.numeric,
    onProgress(done, total) {
      if (done === total) {
        loopEndAt = performance.now();
        cpuLoop = process.cpuUsage(cpuAtStart);
      }
    },
  });
  const t2 = performance.now();
  const sample: Sample = {
    barsPerAsset,
    generateMs: t1 - t0,
    loadMs: initializedAt - t1,
    simulateMs: loopEndAt - initializedAt,
    simulateCpuMs: (cpuLoop.user + cpuLoop.system) / 1000,
    resultsMs: t2 - loopEndAt,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    orders: rowCount(results.orders),
    transactions: rowCount(results.transactions),
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

function measure(config: Config): Sample {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), CHILD_FLAG, JSON.stringify(config)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (run.status !== 0) {
    throw new Error(`benchmark child failed (${run.status}): ${run.stderr}`);
  }
  const line = run.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Sample;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

function stats(values: number[]): { median: number; min: number; max: number } {
  const sorted = values.slice().sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)],
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

const rate = (x: number) => `${(x / 1e6).toFixed(2)} M`;
const ms = (x: number) => `${(x / 1000).toFixed(2)} s`;

function parent(): void {
  const quick = process.argv.includes('--quick');
  const rounds = Number(option('rounds', quick ? '5' : '3'));
  const assets = Number(option('assets', '500'));
  const start = option('start', '2024-01-02');
  const end = option('end', quick ? '2024-01-31' : '2024-12-31');
  const configs: Config[] = [];
  for (const strategy of ['noop', 'smaCross'] as const) {
    for (const numeric of ['float', 'decimal'] as const) {
      configs.push({ strategy, numeric, assets, start, end, seed: 20240102 });
    }
  }
  process.stdout.write(
    `${machineLine()}\n\nworkload: ${assets} assets × XNYS minute bars ${start} to ${end}, synthetic seeded random walk; ` +
      `SMA crossover = data.history(asset, 'close', ${SLOW}) + ${FAST}/${SLOW}-bar means for every asset every bar, ` +
      `±10 shares on each cross; ${rounds} rounds, configurations interleaved, one child process each\n\n`,
  );
  const samples = configs.map(() => [] as Sample[]);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < configs.length; k++) {
      const index = (k + round) % configs.length;
      const sample = measure(configs[index]);
      samples[index].push(sample);
      const c = configs[index];
      const throughput = (c.assets * sample.barsPerAsset) / (sample.simulateMs / 1000);
      process.stderr.write(
        `round ${round + 1}/${rounds} ${c.strategy} ${c.numeric}: ${rate(throughput)} asset-bars/s, ` +
          `simulate ${ms(sample.simulateMs)} (CPU ${ms(sample.simulateCpuMs)}), load ${ms(sample.loadMs)}, generate ${ms(sample.generateMs)}, ` +
          `peak RSS ${sample.maxRssMb.toFixed(0)} MB\n`,
      );
    }
  }
  const rows = configs.map((c, i) => {
    const list = samples[i];
    const assetBars = c.assets * list[0].barsPerAsset;
    const throughput = stats(list.map((s) => assetBars / (s.simulateMs / 1000)));
    const cpuThroughput = stats(list.map((s) => assetBars / (s.simulateCpuMs / 1000)));
    // Raw bar columns: 5 fields × 8 bytes per asset-bar.
    const rawMb = (assetBars * 40) / 2 ** 20;
    const simulate = stats(list.map((s) => s.simulateMs));
    const load = stats(list.map((s) => s.loadMs));
    const generate = stats(list.map((s) => s.generateMs));
    const rss = stats(list.map((s) => s.maxRssMb));
    return (
      `| ${c.strategy} | ${c.numeric} | ${assetBars.toLocaleString('en')} | ${rate(throughput.median)} | ` +
      `${rate(throughput.min)}–${rate(throughput.max)} | ${rate(cpuThroughput.median)} | ${ms(simulate.median)} | ${ms(load.median)} | ` +
      `${ms(generate.median)} | ${rss.median.toFixed(0)} MB (${rss.min.toFixed(0)}–${rss.max.toFixed(0)}) | ` +
      `${(rss.median / rawMb).toFixed(2)}× | ` +
      `${list[0].orders.toLocaleString('en')} |`
    );
  });
  process.stdout.write(
    [
      '| strategy | numeric | asset-bars | median asset-bars/s (wall) | spread (min–max) | asset-bars/s (CPU) | simulate | load (runAlgorithm) | generate | peak RSS | RSS ÷ raw bars | orders |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n') + '\n',
  );
}

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt >= 0) {
  await child(JSON.parse(process.argv[childAt + 1]) as Config);
} else {
  parent();
}

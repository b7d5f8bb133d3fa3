// One declared indicator over 500 assets, one bar at a time: the Rust kernel
// (one crossing per bar, through the batch's DeclaredPlan), its TypeScript
// twin, and the generic per-asset step (a copy of the spec without its
// kernel, how every indicator but SMA ran before). Bar-major OHLCV in exact units (cents, volume in whole shares) on a
// random walk with 0.25 % missing bars. Interleaved samples, CPU time.
// Run: npm run bench -- declared-kernels
import {
  adx,
  atr,
  bbands,
  cci,
  dema,
  donchian,
  ema,
  highest,
  kama,
  lowest,
  macd,
  mom,
  obv,
  roc,
  rsi,
  sma,
  smma,
  stddev,
  stoch,
  tema,
  trueRange,
  vwap,
  willr,
  wma,
  IndicatorBatch,
  type IndicatorSpec,
} from '../src/indicators/index.js';
import { kernels } from '../src/native/backend.js';
import type { Kernels } from '../src/native/kernels.js';
import { loadBackend } from '../src/native/loader.js';
import { tsKernels } from '../src/native/ts-kernels.js';
import { machineLine } from './harness.js';

const ASSETS = 500;
const BARS = 2_000;
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const WARMUP = 2;

interface Columns {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Bar-major OHLCV units for all bars: asset a of bar t at t * ASSETS + a. */
function market(): Columns {
  let seed = 4242;
  const next = (): number => (seed = (seed * 16807) % 2147483647);
  const n = ASSETS * BARS;
  const m: Columns = {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const price = Float64Array.from({ length: ASSETS }, () => 1000 + (next() % 20000));
  for (let t = 0; t < BARS; t++) {
    for (let a = 0; a < ASSETS; a++) {
      const i = t * ASSETS + a;
      const open = price[a];
      price[a] = Math.max(100, open + (next() % 41) - 20);
      const missing = next() % 400 === 0;
      m.open[i] = missing ? NaN : open;
      m.close[i] = missing ? NaN : price[a];
      m.high[i] = missing ? NaN : Math.max(open, price[a]) + (next() % 10);
      m.low[i] = missing ? NaN : Math.min(open, price[a]) - (next() % 10);
      m.volume[i] = missing ? NaN : 100 + (next() % 100_000);
    }
  }
  return m;
}

const specs: IndicatorSpec[] = [
  sma(30),
  ema(20),
  rsi(14),
  macd(12, 26, 9),
  bbands(20, 2),
  atr(14),
  stddev(20),
  smma(14),
  dema(20),
  tema(20),
  wma(20),
  kama(10),
  trueRange(),
  mom(10),
  roc(10),
  highest(20),
  lowest(20),
  donchian(20),
  stoch(14, 3, 3),
  willr(14),
  cci(20),
  adx(14),
  obv(),
  vwap(20),
];

const m = market();
const ids = Array.from({ length: ASSETS }, (_, a) => a);
const priceScales = new Int32Array(ASSETS).fill(2);
const volumeScales = new Int32Array(ASSETS);

function runBatch(spec: IndicatorSpec): number {
  const batch = new IndicatorBatch(ASSETS);
  const declared = batch.declare('x', spec, ids);
  for (let t = 0; t < BARS; t++) batch.updateUnits(m, priceScales, volumeScales, t * ASSETS);
  return declared.current(7);
}

/** CPU ns per asset-bar of one run of `spec` under the given backend. */
function sample(spec: IndicatorSpec): number {
  const start = process.cpuUsage();
  runBatch(spec);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / (ASSETS * BARS);
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

// The backend is chosen once per process (RUSTYBT_BACKEND): the Rust kernel and
// the TypeScript twin are compared by swapping the kernels object the batch reads.
const rust = { ...loadBackend({ requested: 'rust' }).kernels };
const twins = { ...tsKernels };
const active = kernels();
const original = { ...active };
// The batch runs its kernels through the addon's DeclaredPlan when there is one: the twins'
// samples hide it, so that the batch calls their declaredInto.
type WithPlan = Kernels & { DeclaredPlan?: unknown };
const swap = (k: Kernels): void => {
  Object.assign(active, k);
  (active as WithPlan).DeclaredPlan = (k as WithPlan).DeclaredPlan;
};

process.stdout.write(
  `# Declared-indicator kernels: ${ASSETS} assets × ${BARS.toLocaleString('en')} bars per sample, ${ROUNDS} interleaved rounds after ${WARMUP} warm-up\n\n${machineLine()}\n\n`,
);
process.stdout.write(
  '| indicator | Rust kernel ns/asset-bar (spread) | TS twin | generic step | twin ÷ Rust | step ÷ Rust |\n|---|---:|---:|---:|---:|---:|\n',
);
for (const spec of specs) {
  const generic: IndicatorSpec = { ...spec, kernel: undefined };
  const samples: number[][] = [[], [], []];
  for (let round = -WARMUP; round < ROUNDS; round++) {
    for (let k = 0; k < 3; k++) {
      const which = (k + Math.max(round, 0)) % 3;
      swap(which === 1 ? twins : rust);
      const ns = sample(which === 2 ? generic : spec);
      if (round >= 0) samples[which].push(ns);
    }
  }
  const [r, t, g] = samples.map(median);
  const spread = `${Math.min(...samples[0]).toFixed(1)}–${Math.max(...samples[0]).toFixed(1)}`;
  process.stdout.write(
    `| ${spec.name} | ${r.toFixed(1)} (${spread}) | ${t.toFixed(1)} | ${g.toFixed(1)} | ${(t / r).toFixed(2)} | ${(g / r).toFixed(2)} |\n`,
  );
}
swap(original);

// Indicator baselines the Rust kernels will be measured against.
// Run: npm run bench -- indicators
import {
  IndicatorBatch,
  IndicatorStream,
  atr,
  bbands,
  compute,
  ema,
  rsi,
  sma,
  type IndicatorSpec,
} from '../src/indicators/index.js';
import { compare, machineLine, table } from './harness.js';

let seed = 42;
function random(): number {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
}

/** A random walk of n bars: close, and high/low around it. */
function walk(n: number): { high: Float64Array; low: Float64Array; close: Float64Array } {
  const close = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  let price = 100;
  for (let i = 0; i < n; i++) {
    price *= 1 + (random() - 0.5) * 0.02;
    close[i] = price;
    high[i] = price * (1 + random() * 0.01);
    low[i] = price * (1 - random() * 0.01);
  }
  return { high, low, close };
}

const specs: IndicatorSpec[] = [sma(20), ema(20), rsi(14), atr(14), bbands(20, 2)];

// Vectorized: one compute() over 10^7 bars, outputs reused across rounds.
const n = 10_000_000;
const series = walk(n);
const outputs = specs.map((spec) =>
  Object.fromEntries(spec.outputs.map((name) => [name, new Float64Array(n)])),
);
process.stdout.write(
  `${machineLine()}\n\n## Vectorized, ${n.toLocaleString('en')} bars per call\n\n`,
);
const handSma = new Float64Array(n);
process.stdout.write(
  `${table(
    compare(
      [
        ...specs.map((spec, k) => ({
          name: `compute(${spec.name})`,
          ops: n,
          run: () => compute(spec, series, outputs[k])[spec.outputs[0]][n - 1],
        })),
        {
          name: 'reference: hand-written SMA(20) loop',
          ops: n,
          run: () => {
            const x = series.close;
            let sum = 0;
            for (let i = 0; i < 19; i++) {
              handSma[i] = NaN;
              sum += x[i];
            }
            for (let i = 19; i < n; i++) {
              sum += x[i];
              handSma[i] = sum / 20;
              sum -= x[i - 19];
            }
            return handSma[n - 1];
          },
        },
      ],
      { rounds: 5, warmup: 1 },
    ),
    { label: 'values/s', perOp: 1 },
  )}\n`,
);

// Streaming: one update() per bar.
const m = 2_000_000;
process.stdout.write(`\n## Streaming, ${m.toLocaleString('en')} updates per sample\n\n`);
process.stdout.write(
  `${table(
    compare(
      specs.map((spec) => ({
        name: `IndicatorStream(${spec.name}).update`,
        ops: m,
        run: () => {
          const stream = new IndicatorStream(spec);
          const { high, low, close } = series;
          let last = 0;
          if (spec.inputs.length === 1) for (let i = 0; i < m; i++) last = stream.update(close[i]);
          else for (let i = 0; i < m; i++) last = stream.update(high[i], low[i], close[i]);
          return last;
        },
      })),
      { rounds: 7, warmup: 1 },
    ),
    { label: 'updates/s', perOp: 1 },
  )}\n`,
);

// Declared batch: 500 assets x the 5 indicators, one update() per bar.
const assets = 500;
const bars = 1_000;
const pool = 64;
const barPool = Array.from({ length: pool }, () => ({
  high: new Float64Array(assets),
  low: new Float64Array(assets),
  close: new Float64Array(assets),
}));
for (let a = 0; a < assets; a++) {
  const w = walk(pool);
  for (let b = 0; b < pool; b++) {
    barPool[b].high[a] = w.high[b];
    barPool[b].low[a] = w.low[b];
    barPool[b].close[a] = w.close[b];
  }
}
const ids = Array.from({ length: assets }, (_, a) => a);
const updates = assets * specs.length * bars;
process.stdout.write(
  `\n## Declared batch: ${assets} assets × ${specs.length} indicators, ${bars.toLocaleString('en')} bars per sample\n\n`,
);
// Reference: SMA(20) for every asset kept in struct-of-arrays typed arrays by
// a loop written for it alone, against the batch declaring only sma(20).
const smaPeriod = 20;
const smaOnly = sma(smaPeriod);
process.stdout.write(
  `${table(
    compare(
      [
        {
          name: 'IndicatorBatch.update, 5 indicators (per asset-indicator)',
          ops: updates,
          run: () => {
            const batch = new IndicatorBatch(assets);
            specs.forEach((spec, k) => batch.declare(`i${k}`, spec, ids));
            for (let b = 0; b < bars; b++) batch.update(barPool[b % pool]);
            return batch.current('i0', 7);
          },
        },
        {
          name: 'IndicatorBatch.update, sma(20) only (per asset)',
          ops: assets * bars,
          run: () => {
            const batch = new IndicatorBatch(assets);
            batch.declare('s', smaOnly, ids);
            for (let b = 0; b < bars; b++) batch.update(barPool[b % pool]);
            return batch.current('s', 7);
          },
        },
        {
          name: 'reference: hand-written SMA(20) lanes loop, per-lane position (per asset)',
          ops: assets * bars,
          run: () => {
            const ring = new Float64Array(smaPeriod * assets);
            const sums = new Float64Array(assets);
            const counts = new Int32Array(assets);
            const positions = new Int32Array(assets);
            const current = new Float64Array(assets);
            for (let b = 0; b < bars; b++) {
              const close = barPool[b % pool].close;
              for (let a = 0; a < assets; a++) {
                const x = close[a];
                if (x !== x) continue;
                const pos = positions[a];
                ring[pos * assets + a] = x;
                const next = pos + 1 === smaPeriod ? 0 : pos + 1;
                positions[a] = next;
                const sum = sums[a] + x;
                if (counts[a] + 1 < smaPeriod) {
                  counts[a]++;
                  sums[a] = sum;
                  current[a] = NaN;
                  continue;
                }
                current[a] = sum / smaPeriod;
                sums[a] = sum - ring[next * assets + a];
              }
            }
            return current[7];
          },
        },
      ],
      { rounds: 7, warmup: 1 },
    ),
    { label: 'updates/s', perOp: 1 },
  )}\n`,
);

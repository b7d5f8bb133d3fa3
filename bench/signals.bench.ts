// Declared SMA(10)/SMA(30) over 500 assets, one bar at a time, and the
// crossover signals a strategy acts on: the float path with a per-asset scan
// (how strategies and the engine did it) against exact units with the
// batch's signal lists. Interleaved samples, medians, wall and CPU time.
// Run: npm run bench -- signals
import { IndicatorBatch, sma } from '../src/indicators/index.js';
import { machineLine } from './harness.js';

const ASSETS = 500;
const BARS = 4_000;
const ROUNDS = 9;
const WARMUP = 2;

/** Bar-major closes in cents on a random walk with quiet stretches (many ties). */
function cents(): Float64Array[] {
  let seed = 12345;
  const next = (): number => (seed = (seed * 16807) % 2147483647);
  const price = Float64Array.from({ length: ASSETS }, () => 1000 + (next() % 20000));
  return Array.from({ length: BARS }, () => {
    const bar = new Float64Array(ASSETS);
    for (let a = 0; a < ASSETS; a++) {
      const r = next() % 100;
      if (r >= 70) price[a] = Math.max(100, price[a] + (r % 2 === 0 ? 1 : -1) * (1 + (r % 5)));
      bar[a] = next() % 400 === 0 ? NaN : price[a];
    }
    return bar;
  });
}

const unitBars = cents();
const scales = new Int32Array(ASSETS).fill(2);
const zeros = new Int32Array(ASSETS);
const divisor = new Float64Array(ASSETS).fill(100);
const floatClose = new Float64Array(ASSETS);
const ids = Array.from({ length: ASSETS }, (_, a) => a);

function declared(): IndicatorBatch {
  const batch = new IndicatorBatch(ASSETS);
  batch.declare('fast', sma(10), ids);
  batch.declare('slow', sma(30), ids);
  return batch;
}

interface Task {
  name: string;
  run: () => number;
}

const tasks: Task[] = [
  {
    name: 'before: float bar (units / 10^scale) + update + per-asset crossover/crossunder scan',
    run: () => {
      const batch = declared();
      let events = 0;
      for (let t = 0; t < BARS; t++) {
        const units = unitBars[t];
        for (let a = 0; a < ASSETS; a++) floatClose[a] = units[a] / divisor[a];
        batch.update({ close: floatClose });
        for (let a = 0; a < ASSETS; a++) {
          if (floatClose[a] !== floatClose[a]) continue;
          if (batch.crossover('fast', 'slow', a)) events++;
          else if (batch.crossunder('fast', 'slow', a)) events++;
        }
      }
      return events;
    },
  },
  {
    name: 'after: updateUnits (exact) + crossovers/crossunders lists',
    run: () => {
      const batch = declared();
      let events = 0;
      for (let t = 0; t < BARS; t++) {
        batch.updateUnits({ close: unitBars[t] }, scales, zeros);
        const up = batch.crossovers('fast', 'slow');
        const down = batch.crossunders('fast', 'slow');
        for (let i = 0; i < up.length; i++) events += up.sids[i] >= 0 ? 1 : 0;
        for (let i = 0; i < down.length; i++) events += down.sids[i] >= 0 ? 1 : 0;
      }
      return events;
    },
  },
  {
    name: 'after, also reading the below list every bar',
    run: () => {
      const batch = declared();
      let events = 0;
      for (let t = 0; t < BARS; t++) {
        batch.updateUnits({ close: unitBars[t] }, scales, zeros);
        events +=
          batch.crossovers('fast', 'slow').length + batch.crossunders('fast', 'slow').length;
        events += batch.below('fast', 'slow').length > 0 ? 0 : 1;
      }
      return events;
    },
  },
  {
    name: 'float bar + update only (no signals)',
    run: () => {
      const batch = declared();
      for (let t = 0; t < BARS; t++) {
        const units = unitBars[t];
        for (let a = 0; a < ASSETS; a++) floatClose[a] = units[a] / divisor[a];
        batch.update({ close: floatClose });
      }
      return batch.current('fast', 7);
    },
  },
  {
    name: 'updateUnits only (no signals)',
    run: () => {
      const batch = declared();
      for (let t = 0; t < BARS; t++) batch.updateUnits({ close: unitBars[t] }, scales, zeros);
      return batch.current('fast', 7);
    },
  },
];

const wall = tasks.map(() => [] as number[]);
const cpu = tasks.map(() => [] as number[]);
const counts = new Array<number>(tasks.length).fill(0);
for (let round = -WARMUP; round < ROUNDS; round++) {
  for (let k = 0; k < tasks.length; k++) {
    const index = (k + Math.max(round, 0)) % tasks.length;
    const startCpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    counts[index] = tasks[index].run();
    const elapsed = Number(process.hrtime.bigint() - start);
    const used = process.cpuUsage(startCpu);
    if (round < 0) continue;
    const assetBars = ASSETS * BARS;
    wall[index].push(elapsed / assetBars);
    cpu[index].push(((used.user + used.system) * 1000) / assetBars);
  }
}

const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const spread = (xs: number[]): string =>
  `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
const base = median(wall[0]);
const baseCpu = median(cpu[0]);
const [load1] = (await import('node:os')).loadavg();
process.stdout.write(
  `${machineLine()}; load average ${load1.toFixed(2)}\n\n` +
    `## SMA(10)/SMA(30) on ${ASSETS} assets × ${BARS.toLocaleString('en')} bars per sample, ${ROUNDS} interleaved rounds\n\n` +
    '| task | wall ns/asset-bar (spread) | CPU ns/asset-bar (spread) | M asset-bars/s (wall) | wall vs before | CPU vs before | events |\n' +
    '|---|---:|---:|---:|---:|---:|---:|\n' +
    tasks
      .map((task, k) => {
        const w = median(wall[k]);
        const c = median(cpu[k]);
        return `| ${task.name} | ${w.toFixed(1)} (${spread(wall[k])}) | ${c.toFixed(1)} (${spread(cpu[k])}) | ${(1e3 / w).toFixed(1)} | ${(w / base).toFixed(2)}× | ${(c / baseCpu).toFixed(2)}× | ${counts[k]} |`;
      })
      .join('\n') +
    '\n',
);

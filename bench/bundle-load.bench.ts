// Bundle write (ingest) and load throughput. Run: npm run bench -- bundle-load [assets] [--load-only]
// Workload: `assets` (default 500) US-equity-like assets × one year of minute bars
// (252 weekday sessions × 390 bars = 98,280 bars each), generated deterministically.
// Loads are timed in wall and CPU time (the process's user + system time: the figure to read on
// a loaded machine). The load-time CRC-32 runs in the Rust addon when it is loaded; run with
// RUSTYBT_BACKEND=ts for its TypeScript twin (zlib). --load-only skips the Parquet and ingest parts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allocateBarFrame, type BarFrame } from '../src/data/bar-frame.js';
import { ingestIntoBundle, loadBundle, writeBundle } from '../src/data/bundles/index.js';
import { PROFILING_BUNDLES } from '../src/data/bundles/profiling-bundles.js';
import { SyntheticSource } from '../src/data/sources/synthetic-source.js';
import { backendInfo } from '../src/native/backend.js';
import { machineLine, table, type BenchResult } from './harness.js';

const loadOnly = process.argv.includes('--load-only');
const assets = Number(process.argv.slice(3).find((arg) => !arg.startsWith('--')) ?? 500);
const SESSIONS = 252;
const BARS_PER_SESSION = 390;
const home = mkdtempSync(join(tmpdir(), 'rustybt-bench-'));

/** Weekday sessions from 2024-01-02, 14:30–20:59 UTC, a seeded integer random walk in cents. */
function minuteYear(symbol: string, seed: number): BarFrame {
  const rows = SESSIONS * BARS_PER_SESSION;
  const frame = allocateBarFrame(symbol, '1m', rows, 2, 0);
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  let price = 5_000 + Math.floor(next() * 50_000);
  let day = Date.UTC(2024, 0, 2);
  let i = 0;
  for (let session = 0; session < SESSIONS; session++) {
    while ([0, 6].includes(new Date(day).getUTCDay())) day += 86_400_000;
    const open = day + (14 * 60 + 30) * 60_000;
    for (let m = 0; m < BARS_PER_SESSION; m++, i++) {
      const o = price;
      price = Math.max(100, price + Math.round((next() - 0.5) * 20));
      const c = price;
      frame.timestamps[i] = open + m * 60_000;
      frame.open[i] = o;
      frame.close[i] = c;
      frame.high[i] = Math.max(o, c) + Math.floor(next() * 5);
      frame.low[i] = Math.min(o, c) - Math.floor(next() * 5);
      frame.volume[i] = 100 + Math.floor(next() * 10_000);
    }
    day += 86_400_000;
  }
  return frame;
}

/** Interleaved async rounds after warm-up: median/min/max ns per bar, wall and CPU time. */
async function compareTimes(
  tasks: { name: string; ops: number; run: () => Promise<number> }[],
  rounds: number,
  warmup = 1,
): Promise<{ wall: BenchResult[]; cpu: BenchResult[] }> {
  const wall = tasks.map(() => [] as number[]);
  const cpu = tasks.map(() => [] as number[]);
  let sink = 0;
  for (let round = -warmup; round < rounds; round++) {
    for (let k = 0; k < tasks.length; k++) {
      const index = (k + Math.max(round, 0)) % tasks.length;
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      sink += await tasks[index].run();
      const elapsed = Number(process.hrtime.bigint() - start);
      const used = process.cpuUsage(cpuStart);
      if (round >= 0) {
        wall[index].push(elapsed / tasks[index].ops);
        cpu[index].push(((used.user + used.system) * 1000) / tasks[index].ops);
      }
    }
  }
  if (Number.isNaN(sink)) process.stderr.write('');
  const summary = (samples: number[][]): BenchResult[] =>
    tasks.map((task, i) => {
      const sorted = samples[i].slice().sort((a, b) => a - b);
      return {
        name: task.name,
        medianNs: sorted[Math.floor(sorted.length / 2)],
        minNs: sorted[0],
        maxNs: sorted[sorted.length - 1],
        rounds: sorted.length,
      };
    });
  return { wall: summary(wall), cpu: summary(cpu) };
}

async function compareAsync(
  tasks: { name: string; ops: number; run: () => Promise<number> }[],
  rounds: number,
  warmup = 1,
): Promise<BenchResult[]> {
  return (await compareTimes(tasks, rounds, warmup)).wall;
}

const bars = (loaded: { frames: BarFrame[] }): number =>
  loaded.frames.reduce((sum, f) => sum + f.timestamps.length, 0);
const rate = (ops: number, ns: number): string => `${((ops / ns) * 1e3).toFixed(2)} M bars/s`;

try {
  process.stdout.write(`${machineLine()}\n\n`);
  const t0 = process.hrtime.bigint();
  const frames = Array.from({ length: assets }, (_, i) =>
    minuteYear(`S${String(i).padStart(4, '0')}`, 7919 * (i + 1)),
  );
  const total = frames.length * SESSIONS * BARS_PER_SESSION;
  const generated = Number(process.hrtime.bigint() - t0);
  process.stdout.write(
    `## Workload: ${assets} assets × ${SESSIONS * BARS_PER_SESSION} minute bars = ${total.toLocaleString('en')} bars (generated in ${(generated / 1e9).toFixed(1)} s)\n\n`,
  );

  // Full-size write: once (each write stores ~${total * 48} bytes of columns plus Parquet).
  const w0 = process.hrtime.bigint();
  const written = await writeBundle('minute-year', { frames }, { home });
  const writeNs = Number(process.hrtime.bigint() - w0);
  process.stdout.write(
    `### Write (ingest into a bundle), full workload, one run\n\n${rate(total, writeNs)} (${(writeNs / 1e9).toFixed(1)} s; Parquet + fast-load files + checksums; ${(written.manifest.sizeBytes / 2 ** 20).toFixed(0)} MiB on disk)\n\n`,
  );
  frames.length = 0;

  process.stdout.write(
    `### Load, full workload (files in the page cache; CRC-32 on the ${backendInfo().backend === 'rust' ? 'Rust addon' : 'TypeScript twin (zlib)'})\n\n`,
  );
  const loads = await compareTimes(
    [
      {
        name: 'fast form, no check (--no-verify)',
        ops: total,
        run: async () => bars(await loadBundle('minute-year', { home, verify: false })),
      },
      {
        name: 'fast form + CRC-32 check (default)',
        ops: total,
        run: async () => bars(await loadBundle('minute-year', { home })),
      },
      {
        name: 'fast form + SHA-256 check',
        ops: total,
        run: async () => bars(await loadBundle('minute-year', { home, verify: 'sha256' })),
      },
    ],
    7,
  );
  process.stdout.write(
    `Wall time:\n\n${table(loads.wall, { label: 'bars/s', perOp: 1 })}\n\nCPU time (user + system):\n\n${table(loads.cpu, { label: 'bars/s', perOp: 1 })}\n\n`,
  );
  if (loadOnly) {
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  }

  // Parquet decoding is slow; measure it on a tenth of the assets, interleaved with the fast form.
  const sample =
    written.manifest.frequencies['1m']?.frames.slice(0, Math.max(1, Math.floor(assets / 10))) ?? [];
  const symbols = sample.map((f) => f.symbol);
  const sampleBars = sample.reduce((sum, f) => sum + f.rows, 0);
  process.stdout.write(
    `### Load, ${symbols.length} of the assets (${sampleBars.toLocaleString('en')} bars)\n\n`,
  );
  process.stdout.write(
    `${table(
      await compareAsync(
        [
          {
            name: 'fast form (default check)',
            ops: sampleBars,
            run: async () => bars(await loadBundle('minute-year', { home, symbols })),
          },
          {
            name: 'Parquet through DuckDB, no check',
            ops: sampleBars,
            run: async () =>
              bars(
                await loadBundle('minute-year', { home, symbols, form: 'parquet', verify: false }),
              ),
          },
          {
            name: 'Parquet through DuckDB + CRC-32 check (default)',
            ops: sampleBars,
            run: async () =>
              bars(await loadBundle('minute-year', { home, symbols, form: 'parquet' })),
          },
        ],
        3,
      ),
      { label: 'bars/s', perOp: 1 },
    )}\n\n`,
  );
  rmSync(join(home, 'bundles'), { recursive: true, force: true });

  // Source → bundle: the synthetic twin of ccxt-minute-profiling through the bridge.
  const profile = PROFILING_BUNDLES['ccxt-minute-profiling'];
  const source = new SyntheticSource({
    calendar: profile.calendar,
    seed: profile.seed,
    priceScale: profile.priceScale,
    volumeScale: profile.volumeScale,
  });
  const ingestRows = { n: 0 };
  const ingest = await compareAsync(
    [
      {
        name: `synthetic ${profile.name}: fetch only`,
        ops: 1,
        run: async () => {
          const fetched = await source.fetch(
            profile.symbols,
            profile.start,
            profile.end,
            profile.frequency,
          );
          return fetched.frames.length;
        },
      },
      {
        name: `synthetic ${profile.name} → bundle (fetch + write + catalog)`,
        ops: 1,
        run: async () => {
          const summary = await ingestIntoBundle(
            source,
            profile.name,
            {
              symbols: profile.symbols,
              start: profile.start,
              end: profile.end,
              frequency: profile.frequency,
            },
            { home },
          );
          ingestRows.n = summary.rowsWritten;
          return summary.rowsWritten;
        },
      },
    ],
    3,
  );
  process.stdout.write(
    `### Ingest from the synthetic source (${ingestRows.n.toLocaleString('en')} bars: ${profile.symbols.length} pairs × 1 month of minutes)\n\n${table(
      ingest.map((r) => ({
        ...r,
        medianNs: r.medianNs / ingestRows.n,
        minNs: r.minNs / ingestRows.n,
        maxNs: r.maxNs / ingestRows.n,
      })),
      { label: 'bars/s', perOp: 1 },
    )}\n`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}

// Smart cache latency and hit rate. Run: npm run bench -- cache
//
// Workload (all generated here, offline):
// - source: the seeded synthetic source (GBM + GARCH daily bars on the XNYS
//   calendar) behind a 150 ms delay per request, standing in for a network
//   provider;
// - lookup: `CachedDataSource.lookup` (catalog only) for 50 symbols × one year,
//   with 1,000 entries of other symbols of the same series in the catalog
//   (`npm run bench -- cache N` for N instead);
// - hit: `fetch` of one year of daily bars for 50 symbols served from the
//   cache (catalog lookup, SHA-256 of the Parquet files, DuckDB decode,
//   assembly, statistics);
// - repeated backtests: 100 runs of `runAlgorithm` (a rebalancing strategy) on
//   a 50-symbol universe, each picking, from a seeded sequence, one of three
//   universes (10, 25, 50 symbols) and one of four date ranges, as a
//   researcher sweeping parameters does; once cached, then straight on the
//   source for the wall-time comparison.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frequency } from '../src/data/bar-frame.js';
import { cached } from '../src/data/cache/index.js';
import { SyntheticSource } from '../src/data/sources/synthetic-source.js';
import type {
  DataSource,
  FetchOptions,
  FetchResult,
  IngestOptions,
  IngestSummary,
  SourceMetadata,
} from '../src/data/sources/data-source.js';
import { runAlgorithm } from '../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy } from '../src/engine/algorithm/run-options.js';
import { machineLine } from './harness.js';

const LATENCY_MS = 150;
const FILLER_ENTRIES = Number(process.argv[3] ?? 1000);
const RUNS = 100;
const UNIVERSE = Array.from({ length: 50 }, (_, i) => `SYM${String(i).padStart(2, '0')}`);
const home = mkdtempSync(join(tmpdir(), 'rustybt-cache-bench-'));

/** The synthetic source behind a fixed per-request delay; counts requests. */
class SlowSource implements DataSource {
  readonly name = 'synthetic';
  requests = 0;
  readonly #inner = new SyntheticSource({ seed: 11 });

  async fetch(
    symbols: readonly string[],
    start: Date,
    end: Date,
    frequency: Frequency,
    options?: FetchOptions,
  ): Promise<FetchResult> {
    this.requests++;
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    return this.#inner.fetch(symbols, start, end, frequency, options);
  }
  getMetadata(): SourceMetadata {
    return this.#inner.getMetadata();
  }
  supportsLive(): boolean {
    return false;
  }
  cacheParams() {
    return this.#inner.cacheParams();
  }
  ingestToBundle(name: string, options: IngestOptions): Promise<IngestSummary> {
    return this.#inner.ingestToBundle(name, options);
  }
}

const utc = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

function summary(samples: number[]): string {
  const sorted = samples.slice().sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(2)} ms (min ${sorted[0].toFixed(2)}, p90 ${at(0.9).toFixed(2)}, max ${sorted[sorted.length - 1].toFixed(2)}; n = ${sorted.length})`;
}

async function lookupAndHit(): Promise<void> {
  const source = new SlowSource();
  const cache = cached(source, { home: join(home, 'latency') });
  // 1,000 entries of other symbols in the same series fill the catalog (written without the delay).
  const filler = cached(new SyntheticSource({ seed: 11 }), { home: join(home, 'latency') });
  for (let i = 0; i < FILLER_ENTRIES; i++) {
    await filler.fetch([`OTHER${i}`], utc('2023-01-03'), utc('2023-01-31'), '1d');
  }
  filler.close();
  const year = [utc('2023-01-01'), utc('2023-12-31')] as const;
  await cache.fetch(UNIVERSE, ...year, '1d'); // the miss that fills the entry
  const lookups: number[] = [];
  for (let i = 0; i < 300; i++) {
    const began = performance.now();
    const plan = cache.lookup(UNIVERSE, ...year, '1d');
    lookups.push(performance.now() - began);
    if (plan.outcome !== 'hit') throw new Error('expected a hit');
  }
  const hits: number[] = [];
  let bars = 0;
  for (let i = 0; i < 40; i++) {
    const began = performance.now();
    const result = await cache.fetch(UNIVERSE, ...year, '1d');
    hits.push(performance.now() - began);
    bars = result.frames.reduce((n, f) => n + f.timestamps.length, 0);
  }
  process.stdout.write(
    `lookup (catalog only, 50 symbols, ${FILLER_ENTRIES + 1} entries): ${summary(lookups.slice(20))}\n`,
  );
  process.stdout.write(
    `hit, 50 symbols × 1 year daily (${bars} bars): ${summary(hits.slice(5))}\n`,
  );
  cache.close();
}

/** Rebalances to equal weights on the first bar of each month. */
const rebalance: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.state.month = -1;
  },
  handleData(ctx, data) {
    const month = new Date(data.time).getUTCMonth();
    if (month === ctx.state.month) return;
    ctx.state.month = month;
    const assets = ctx.allAssets();
    for (const asset of assets) ctx.orderTargetPercent(asset, 0.9 / assets.length);
  },
};

async function repeatedBacktests(): Promise<void> {
  const universes = [UNIVERSE.slice(0, 10), UNIVERSE.slice(0, 25), UNIVERSE];
  const ranges: [string, string][] = [
    ['2021-01-04', '2021-12-31'],
    ['2021-01-04', '2022-12-30'],
    ['2022-01-03', '2022-12-30'],
    ['2022-01-03', '2023-06-30'],
  ];
  // mulberry32, seeded: the same sequence of runs every time.
  let seed = 20261124;
  const next = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const runs = Array.from({ length: RUNS }, () => ({
    symbols: universes[next(3)],
    range: ranges[next(4)],
  }));
  const source = new SlowSource();
  const cache = cached(source, { home: join(home, 'workload') });
  const run = (dataSource: DataSource, r: (typeof runs)[number]) =>
    runAlgorithm({
      strategy: rebalance,
      dataSource,
      symbols: r.symbols,
      start: r.range[0],
      end: r.range[1],
      capitalBase: 1_000_000,
    });
  let began = performance.now();
  for (const r of runs) await run(cache, r);
  const cachedMs = performance.now() - began;
  const stats = cache.stats();
  const cachedRequests = source.requests;
  const direct = new SlowSource();
  began = performance.now();
  for (const r of runs) await run(direct, r);
  const directMs = performance.now() - began;
  const distinct = new Set(runs.map((r) => `${r.symbols.length}|${r.range.join('..')}`)).size;
  process.stdout.write(
    `repeated backtests: ${runs.length} runs over ${distinct} distinct (universe, range) pairs\n` +
      `  hit rate ${(stats.hitRate * 100).toFixed(1)} % (${stats.hits} hits, ${stats.partialHits} partial, ${stats.misses} misses); ` +
      `source requests ${cachedRequests} cached vs ${direct.requests} uncached\n` +
      `  wall ${(cachedMs / 1000).toFixed(1)} s cached vs ${(directMs / 1000).toFixed(1)} s uncached (${LATENCY_MS} ms per source request) → ${(directMs / cachedMs).toFixed(2)}×\n` +
      `  cache lookup latency over the workload: p50 ${stats.latencyMs.p50.toFixed(1)} ms, p90 ${stats.latencyMs.p90.toFixed(1)} ms, p99 ${stats.latencyMs.p99.toFixed(1)} ms; ` +
      `${(stats.bytesRead / 1e6).toFixed(1)} MB read, ${(stats.bytesWritten / 1e6).toFixed(1)} MB written, ${stats.entries} entries, ${(stats.bytes / 1e6).toFixed(1)} MB\n`,
  );
  cache.close();
}

process.stdout.write(`${machineLine()}\n`);
try {
  await lookupAndHit();
  await repeatedBacktests();
} finally {
  rmSync(home, { recursive: true, force: true });
}

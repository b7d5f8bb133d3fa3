// Parameter sweeps: runs per second of an SMA crossover over 50 synthetic assets × 2 years
// daily (the yfinance-profiling twin: XNYS 2023-2024), serially, on 2 worker threads and
// through Redis (BullMQ) with 2 `rustybt worker` processes; the cost of preparing the market
// once vs per run; the per-job overhead of the Redis path. Executors are interleaved round by
// round; wall and CPU time (this process and, for Redis, the workers') are reported, as the
// machine is shared.
//
// Run: npm run bench -- sweep                      (1,000 pairs, 1 round)
//      npm run bench -- sweep --pairs 200 --rounds 3
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestIntoBundle } from '../src/data/bundles/ingest-bridge.js';
import { PROFILING_US_STOCKS } from '../src/data/bundles/profiling-bundles.js';
import { SyntheticSource } from '../src/data/sources/synthetic-source.js';
import { prepareMarket } from '../src/engine/algorithm/prepared-market.js';
import { runAlgorithm, runOnMarket } from '../src/engine/algorithm/run-algorithm.js';
import { checkObjective } from '../src/optimize/objective.js';
import { checkSpace, range } from '../src/optimize/parameter-space.js';
import { randomCombinations } from '../src/optimize/random-search.js';
import { redisExecutor } from '../src/optimize/redis-executor.js';
import {
  runSweep,
  serialExecutor,
  threadExecutor,
  type ExecutorFactory,
} from '../src/optimize/sweep.js';
import { Redis } from 'ioredis';
import { machineLine } from './harness.js';
import { RedisServer } from '../test/helpers/redis-server.js';

const args = process.argv.slice(3);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const PAIRS = flag('pairs', 1000);
const ROUNDS = flag('rounds', 1);
const root = fileURLToPath(new URL('..', import.meta.url));
const STRATEGY = join(root, 'bench/sweep-strategy.ts');
const home = mkdtempSync(join(tmpdir(), 'rustybt-sweep-bench-'));
const market = { bundle: 'synthetic-50', home, start: '2023-01-03', end: '2024-12-31' };
const backtest = { capitalBase: '1000000' };
const grid = checkSpace({ fast: range(2, 41), slow: range(45, 120, 3) }, 'bench');

function cpuOfPid(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
}

async function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src/cli/main.ts'),
      'worker',
      '--redis-url',
      url,
      '-f',
      STRATEGY,
      '--queue',
      'bench',
      '--quiet',
    ],
    { env: { ...process.env, RUSTYBT_HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await new Promise<void>((resolve) =>
    child.stderr.on('data', (c: Buffer) => c.toString().includes('waiting for jobs') && resolve()),
  );
  return child;
}

async function timed(
  name: string,
  executor: ExecutorFactory,
  extraCpu: () => number = () => 0,
  count = PAIRS,
) {
  const cpu0 = process.cpuUsage();
  const extra0 = extraCpu();
  const t0 = performance.now();
  const outcome = await runSweep({
    strategy: STRATEGY,
    market,
    backtest,
    grid,
    random: { count, seed: 7 },
    objective: checkObjective('sharpe'),
    executor,
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 + (extraCpu() - extra0);
  const failed = outcome.records.filter((r) => r.status === 'failed').length;
  return {
    name,
    wallMs,
    cpuMs,
    runs: outcome.records.length,
    failed,
    digest: outcome.records.map((r) => r.digest).join(),
  };
}

async function flushRedis(url: string): Promise<void> {
  const client = new Redis(url);
  await client.flushall();
  client.disconnect();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

process.stdout.write(
  `${machineLine()}\nload average: ${readFileSync('/proc/loadavg', 'utf8').trim()}\n`,
);
await ingestIntoBundle(
  new SyntheticSource({ seed: 5001 }),
  'synthetic-50',
  {
    symbols: PROFILING_US_STOCKS,
    start: new Date('2023-01-01T00:00:00Z'),
    end: new Date('2024-12-31T00:00:00Z'),
    frequency: '1d',
  },
  { home, assetClass: 'equity' },
);
const pairs = randomCombinations(grid, PAIRS, 7);
process.stdout.write(
  `workload: ${PAIRS} (fast, slow) pairs, 50 assets × 2023-01-03..2024-12-31 daily, SMA crossover\n\n`,
);

// Prepare once vs per run, on 10 pairs.
const sample = pairs.slice(0, 10);
let t = performance.now();
let c = process.cpuUsage();
for (const params of sample)
  await runAlgorithm({ ...market, ...backtest, strategy: STRATEGY, params });
const perRunMs = (performance.now() - t) / sample.length;
const perRunCpu = (() => {
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000 / sample.length;
})();
t = performance.now();
c = process.cpuUsage();
const prepared = await prepareMarket(market);
const prepareMs = performance.now() - t;
const prepareCpu = (() => {
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
})();
const { loadSweepStrategy } = await import('../src/optimize/sweep-strategy.js');
const strategy = await loadSweepStrategy(STRATEGY);
t = performance.now();
c = process.cpuUsage();
for (const params of sample)
  await runOnMarket(prepared, { ...backtest, strategy: strategy.create(), params });
const onMarketMs = (performance.now() - t) / sample.length;
const onMarketCpu = (() => {
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000 / sample.length;
})();
process.stdout.write(
  `prepare once: ${prepareMs.toFixed(0)} ms wall (${prepareCpu.toFixed(0)} ms CPU)\n` +
    `per run with its own load (runAlgorithm): ${perRunMs.toFixed(1)} ms wall, ${perRunCpu.toFixed(1)} ms CPU\n` +
    `per run on the prepared market (runOnMarket): ${onMarketMs.toFixed(1)} ms wall, ${onMarketCpu.toFixed(1)} ms CPU\n\n`,
);

// What starting a pool costs (threads load the modules and the strategy; through tsx here, which
// compiles the sources in every thread): a sweep of 2 runs.
const startup = await timed('threads start-up', threadExecutor(2), undefined, 2);
process.stdout.write(
  `2-thread sweep of 2 runs (pool start-up + 2 runs): ${(startup.wallMs / 1000).toFixed(1)} s wall, ${(startup.cpuMs / 1000).toFixed(1)} s CPU\n\n`,
);

const redis = await RedisServer.start();
const workers = [await startWorker(redis.url), await startWorker(redis.url)];
const workersCpu = () => workers.reduce((sum, w) => sum + cpuOfPid(w.pid!), 0);
/** CPU time of the redis-server process over each Redis sweep. */
const serverCpuMs: number[] = [];
const results: Record<
  string,
  { wallMs: number[]; cpuMs: number[]; digest: string; failed: number }
> = {};
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order: [string, ExecutorFactory, (() => number) | undefined][] = [
      ['serial', serialExecutor, undefined],
      ['2 worker threads', threadExecutor(2), undefined],
      ['redis, 2 worker processes', redisExecutor({ url: redis.url, queue: 'bench' }), workersCpu],
    ];
    for (let k = 0; k < order.length; k++) {
      const [name, executor, extra] = order[(k + round) % order.length];
      // Records of an earlier round would be reused (a sweep resumes): start from an empty Redis.
      if (name.startsWith('redis')) await flushRedis(redis.url);
      const server0 = cpuOfPid(redis.pid!);
      const r = await timed(name, executor, extra);
      if (name.startsWith('redis')) serverCpuMs.push(cpuOfPid(redis.pid!) - server0);
      const entry = (results[name] ??= {
        wallMs: [],
        cpuMs: [],
        digest: r.digest,
        failed: r.failed,
      });
      entry.wallMs.push(r.wallMs);
      entry.cpuMs.push(r.cpuMs);
      if (entry.digest !== r.digest) throw new Error(`${name}: records differ between rounds`);
      process.stderr.write(`round ${round + 1}: ${name} ${(r.wallMs / 1000).toFixed(1)} s\n`);
    }
  }
} finally {
  for (const w of workers) w.kill('SIGTERM');
  await redis.stop();
  rmSync(home, { recursive: true, force: true });
}
const serialDigest = results.serial.digest;
const serialCpu = median(results.serial.cpuMs);
process.stdout.write(
  '| executor | runs/s (wall) | wall s (median) | CPU s (median) | CPU ms per run | same records as serial |\n|---|---|---|---|---|---|\n',
);
for (const [name, r] of Object.entries(results)) {
  const wall = median(r.wallMs);
  const cpu = median(r.cpuMs);
  process.stdout.write(
    `| ${name} | ${(PAIRS / (wall / 1000)).toFixed(1)} | ${(wall / 1000).toFixed(1)} (${r.wallMs.map((x) => (x / 1000).toFixed(1)).join(', ')}) | ${(cpu / 1000).toFixed(1)} | ${(cpu / PAIRS).toFixed(1)} | ${r.digest === serialDigest ? 'yes' : 'NO'} |\n`,
  );
}
const redisCpu = median(results['redis, 2 worker processes'].cpuMs);
process.stdout.write(
  `\nRedis per-job overhead (CPU, workers + enqueuer, beyond the serial run's): ${((redisCpu - serialCpu) / PAIRS).toFixed(1)} ms per job\n` +
    `Redis server CPU per job: ${(median(serverCpuMs) / PAIRS).toFixed(2)} ms, so one Redis core takes about ${Math.round(PAIRS / (median(serverCpuMs) / 1000))} jobs/s before it is the limit\n` +
    `speedup of 2 threads over serial (wall): ${(median(results.serial.wallMs) / median(results['2 worker threads'].wallMs)).toFixed(2)}×\n`,
);

// Sweeps through BullMQ on a real redis-server with real worker processes
// (`rustybt worker`): the records equal a serial sweep's exactly, whatever
// happens to workers and to Redis on the way.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { ingestIntoBundle } from '../../src/data/bundles/ingest-bridge.js';
import { CsvSource } from '../../src/data/sources/csv-source.js';
import { checkObjective } from '../../src/optimize/objective.js';
import { redisExecutor } from '../../src/optimize/redis-executor.js';
import type { ParameterSpace } from '../../src/optimize/parameter-space.js';
import { runSweep, type SweepOptions } from '../../src/optimize/sweep.js';
import type { RunRecord } from '../../src/optimize/sweep-run.js';
import { redisUnavailable, RedisServer } from '../helpers/redis-server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const STRATEGY = join(root, 'test/fixtures/optimize/sma-cross.ts');
const EDITED = join(root, 'test/fixtures/optimize/sma-cross-edited.ts');
const skip = redisUnavailable();
const home = mkdtempSync(join(tmpdir(), 'rustybt-sweep-'));
const QUEUE = 'sweeps-test';

const sweep = (grid: ParameterSpace): Omit<SweepOptions, 'executor'> => ({
  strategy: STRATEGY,
  market: { bundle: 'demo', home, start: '2011-01-03', end: '2011-12-30' },
  backtest: { capitalBase: '100000' },
  grid,
  objective: checkObjective('sharpe'),
});
const FAST_GRID = { fast: [5, 10, 15], slow: [20, 40] };
const SLOW_GRID = { fast: [5, 10], slow: [20, 40], spinMs: [6] };

/** A `rustybt worker` process, resolved once it waits for jobs. */
async function startWorker(url: string, strategy = STRATEGY, queue = QUEUE): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      import.meta.resolve('tsx'),
      join(root, 'src/cli/main.ts'),
      'worker',
      '--redis-url',
      url,
      '-f',
      strategy,
      '--queue',
      queue,
      '--lock-duration',
      '3000',
    ],
    { env: { ...process.env, RUSTYBT_HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('waiting for jobs')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
  child.removeAllListeners('exit');
  return child;
}

async function stopWorker(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Records without the executor's name: what must match across executors. */
const plain = (records: RunRecord[]) => JSON.stringify(records);

describe('redis executor', { skip, timeout: 600_000 }, () => {
  let serialFast: RunRecord[];
  let serialSlow: RunRecord[];
  before(async () => {
    await ingestIntoBundle(
      new CsvSource({ directory: join(root, 'examples/data') }),
      'demo',
      {
        symbols: ['GOOG', 'ORCL', 'NVDA'],
        start: new Date('2010-01-04T00:00:00Z'),
        end: new Date('2013-03-01T23:59:59.999Z'),
        frequency: '1d',
      },
      { home, assetClass: 'equity' },
    );
    serialFast = (await runSweep(sweep(FAST_GRID))).records;
    serialSlow = (await runSweep(sweep(SLOW_GRID))).records;
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('gives the serial records with two worker processes', async () => {
    // CI's redis-server (started by .ci/run) when there is one, else one of our own.
    const given = process.env.RUSTYBT_TEST_REDIS_URL;
    const redis = given === undefined ? await RedisServer.start() : undefined;
    const url = given ?? redis!.url;
    const queue = `${QUEUE}-${process.pid}`;
    const workers = await Promise.all([
      startWorker(url, STRATEGY, queue),
      startWorker(url, STRATEGY, queue),
    ]);
    try {
      const outcome = await runSweep({
        ...sweep(FAST_GRID),
        executor: redisExecutor({ url, queue }),
      });
      assert.equal(outcome.executor, 'redis');
      assert.equal(outcome.records.length, 6);
      assert.equal(plain(outcome.records), plain(serialFast));
    } finally {
      await Promise.all(workers.map((w) => stopWorker(w)));
      await redis?.stop();
    }
  });

  it('retries the job of a worker SIGKILLed mid-job on another, each run counted once', async () => {
    const redis = await RedisServer.start();
    const queue = new Queue(QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
    const first = await startWorker(redis.url);
    let second: ChildProcess | undefined;
    try {
      const seen: number[] = [];
      const running = runSweep({
        ...sweep(SLOW_GRID),
        executor: redisExecutor({ url: redis.url, queue: QUEUE }),
        onRecord: (record) => seen.push(record.index),
      });
      while ((await queue.getActiveCount()) === 0) await new Promise((r) => setTimeout(r, 50));
      await stopWorker(first, 'SIGKILL');
      second = await startWorker(redis.url);
      const outcome = await running;
      assert.equal(plain(outcome.records), plain(serialSlow));
      assert.deepEqual([...seen].sort(), [0, 1, 2, 3], 'each run reported once');
    } finally {
      await queue.close();
      await stopWorker(first, 'SIGKILL');
      if (second !== undefined) await stopWorker(second);
      await redis.stop();
    }
  });

  it('resumes when Redis is killed and restarted mid-sweep', async () => {
    const redis = await RedisServer.start();
    const worker = await startWorker(redis.url);
    try {
      let restarted: Promise<void> | undefined;
      const outcome = await runSweep({
        ...sweep(SLOW_GRID),
        executor: redisExecutor({ url: redis.url, queue: QUEUE }),
        onRecord: () => {
          restarted ??= (async () => {
            await redis.kill();
            await new Promise((r) => setTimeout(r, 1000));
            await redis.launch();
          })();
        },
      });
      await restarted;
      assert.ok(restarted !== undefined);
      assert.equal(plain(outcome.records), plain(serialSlow));
    } finally {
      await stopWorker(worker);
      await redis.stop();
    }
  });

  it('has a worker with another version of the strategy file refuse the jobs', async () => {
    const redis = await RedisServer.start();
    const worker = await startWorker(redis.url, EDITED);
    try {
      const outcome = await runSweep({
        ...sweep(FAST_GRID),
        executor: redisExecutor({ url: redis.url, queue: QUEUE }),
      });
      assert.equal(outcome.records.length, 6);
      for (const record of outcome.records) {
        assert.equal(record.status, 'failed');
        assert.match(
          record.error!.message,
          /refuses the job: the sweep's strategy has sha256 .*sma-cross-edited\.ts has/,
        );
      }
      assert.equal(outcome.best, undefined);
    } finally {
      await stopWorker(worker);
      await redis.stop();
    }
  });
});

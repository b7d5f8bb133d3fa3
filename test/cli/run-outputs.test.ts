import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ingestIntoBundle } from '../../src/data/bundles/ingest-bridge.js';
import { CsvSource } from '../../src/data/sources/csv-source.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let home: string;
let work: string;
let strategy: string;
let marker: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts', ...env }, work);
}

/** `rustybt run` of a strategy that leaves `marker` behind once it has run. */
function run(output: string, env: Record<string, string> = {}, file = strategy): Promise<CliRun> {
  return cli(
    [
      'run',
      '-f',
      file,
      '--bundle',
      'sample',
      '--start',
      '2012-01-03',
      '--end',
      '2012-03-30',
      '-o',
      output,
    ],
    env,
  );
}

function noStack(result: CliRun): void {
  assert.doesNotMatch(result.stderr, /\n\s+at /, `no stack trace in:\n${result.stderr}`);
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'rustybt-out-home-'));
  work = mkdtempSync(join(tmpdir(), 'rustybt-out-work-'));
  chmodSync(home, 0o755);
  chmodSync(work, 0o777);
  marker = join(work, 'ran.marker');
  strategy = join(work, 'buy.mjs');
  writeFileSync(
    strategy,
    `import { writeFileSync } from 'node:fs';
export function initialize(ctx) { ctx.state.done = false; writeFileSync(${JSON.stringify(marker)}, 'ran'); }
export function handleData(ctx) {
  if (!ctx.state.done) { ctx.order(ctx.symbol('GOOG'), 10); ctx.state.done = true; }
}
`,
  );
  await ingestIntoBundle(
    new CsvSource({ directory: join(root, 'examples', 'data') }),
    'sample',
    {
      symbols: ['GOOG'],
      start: new Date('2012-01-01T00:00:00Z'),
      end: new Date('2012-12-31T23:59:59Z'),
      frequency: '1d',
    },
    { home },
  );
});
after(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('rustybt run -o: the output path is checked before the run', () => {
  it('refuses /sys/r.csv (a kernel filesystem) before running, with a typed error and no stack', async () => {
    rmSync(marker, { force: true });
    const result = await run('/sys/r.csv');
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /^rustybt: -o \/sys\/r\.csv: \/sys is on the kernel's sysfs filesystem.*\[ERR_CONFIG\]$/m,
    );
    noStack(result);
    assert.equal(existsSync(marker), false, 'the strategy never ran');
  });

  it('returns at once for /proc/x/r.json instead of spinning', { timeout: 60_000 }, async () => {
    const result = await run('/proc/x/r.json');
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /-o \/proc\/x\/r\.json: \/proc is on the kernel's proc filesystem.*\[ERR_CONFIG\]/,
    );
    assert.equal(existsSync(marker), false);
  });

  it('refuses a folder, a path under a file and an unknown extension', async () => {
    const folder = join(work, 'results.json');
    mkdirSync(folder, { recursive: true });
    const dir = await run(folder);
    assert.equal(dir.status, 1);
    assert.match(
      dir.stderr,
      /results\.json is a folder; give a file name, e\.g\. -o .*results\.json\/results\.json.*\[ERR_CONFIG\]/,
    );
    noStack(dir);
    // CSV writes companions beside the main file: one of them being a folder is refused too.
    mkdirSync(join(work, 'r.orders.csv'), { recursive: true });
    const companion = await run(join(work, 'r.csv'));
    assert.match(companion.stderr, /r\.orders\.csv is a folder/);
    const unknown = await run(join(work, 'r.xlsx'));
    assert.match(
      unknown.stderr,
      /unsupported extension "\.xlsx"; use one of \.json, \.csv, \.parquet/,
    );
    const underFile = await run(join(strategy, 'r.json'));
    assert.match(underFile.stderr, /buy\.mjs is a file, not a folder/);
    assert.equal(existsSync(marker), false);
  });

  it('refuses a folder the user may not write into', async (t) => {
    const locked = join(work, 'locked');
    mkdirSync(locked, { recursive: true });
    chmodSync(locked, 0o555);
    // Root may write anywhere: run the CLI as an unprivileged user then, as a real user would be.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (
      asUser.uid !== undefined &&
      !readableBy({ uid: asUser.uid, gid: asUser.gid }, [
        join(root, 'node_modules/tsx/package.json'),
        strategy,
      ])
    ) {
      // A checkout under a folder only root may enter (e.g. mktemp's 0700): that user cannot run it.
      t.skip('the checkout is not readable by an unprivileged user');
      return;
    }
    const result = await new Promise<CliRun>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'src/cli/main.ts'),
          'run',
          '-f',
          strategy,
          '--bundle',
          'sample',
          '--start',
          '2012-01-03',
          '--end',
          '2012-03-30',
          '-o',
          join(locked, 'r.json'),
        ],
        {
          cwd: root,
          env: {
            ...process.env,
            RUSTYBT_HOME: home,
            RUSTYBT_BACKEND: 'ts',
            TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
          },
          ...asUser,
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /cannot write into .*locked \((EACCES|EPERM): permission denied\); choose a folder you can write to\. \[ERR_CONFIG\]/,
    );
    noStack(result);
    assert.deepEqual(readdirSync(locked), []);
  });
});

describe('rustybt run -o: a failure writing results after the run', () => {
  it('still prints the summary, exits 1 with a typed error and leaves no temporary file', async () => {
    const target = join(work, 'late', 'r.json');
    // The strategy makes the output path a folder once the run is under way, as another program could.
    const sabotage = join(work, 'sabotage.mjs');
    writeFileSync(
      sabotage,
      `import { mkdirSync } from 'node:fs';
export function initialize(ctx) { mkdirSync(${JSON.stringify(target)}, { recursive: true }); }
export function handleData() {}
`,
    );
    const result = await run(target, {}, sabotage);
    assert.equal(result.status, 1);
    assert.match(
      result.stdout,
      /^Backtest 2012-01-03 \.\. 2012-03-30: .*\n(.*\n)*\s+Final value\s+100000(\.00)? USD\n$/,
    );
    assert.match(
      result.stderr,
      /^rustybt: Could not write the results: -o .*late\/r\.json: .*late\/r\.json is a folder.*\(it changed during the run\)\. Nothing was written there\. \[ERR_OUTPUT\]$/m,
    );
    noStack(result);
    assert.deepEqual(readdirSync(join(work, 'late')), ['r.json']);
  });

  it('reports a failed write after the run with the summary, and removes every temporary file', async () => {
    const folder = join(work, 'failing');
    const target = join(folder, 'results.csv');
    const result = await run(target, { RUSTYBT_FAIL_AT: 'results.staged' });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /Final value\s+\S+ USD\n$/);
    assert.match(
      result.stderr,
      /^rustybt: Could not write the results to .*results\.csv: injected fault at step results\.staged .*Nothing was written there; check the folder \(space, permissions\) and run again, or pass another -o\. \[ERR_OUTPUT\]$/m,
    );
    noStack(result);
    assert.deepEqual(readdirSync(folder), []);
  });

  it('sweeps the temporary files a killed run left behind on the next write', async () => {
    const folder = join(work, 'killed');
    const target = join(folder, 'results.parquet');
    const killed = await run(target, { RUSTYBT_CRASH_AT: 'results.staged' });
    assert.equal(killed.status, null, 'killed by SIGKILL');
    const leftovers = readdirSync(folder);
    // One per table: performance, transactions, orders, positions, positionsOverTime, roundTrips, drawdowns.
    assert.equal(leftovers.length, 7, leftovers.join(', '));
    assert.ok(
      leftovers.every((name) => /^\.results\..*\.tmp$/.test(name)),
      leftovers.join(', '),
    );
    const next = await run(target);
    assert.equal(next.status, 0, next.stderr);
    assert.deepEqual(readdirSync(folder).sort(), [
      'results.drawdowns.parquet',
      'results.orders.parquet',
      'results.parquet',
      'results.positions.parquet',
      'results.positionsOverTime.parquet',
      'results.roundTrips.parquet',
      'results.transactions.parquet',
    ]);
  });
});

describe('a closed pipe on stdout', () => {
  it('ends the command quietly (rustybt catalog validate | head -2)', async () => {
    const result = await new Promise<CliRun>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'catalog', 'validate'],
        {
          cwd: root,
          env: { ...process.env, RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' },
        },
      );
      // The reader goes away before the first line, as `head` does after its lines.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout: '', stderr }));
    });
    assert.equal(result.stderr, '');
    assert.equal(result.status, 0);
  });

  it('in a real shell pipeline prints the first lines and no error', async () => {
    const result = await new Promise<CliRun>((resolve, reject) => {
      const child = spawn(
        'sh',
        [
          '-c',
          `"${process.execPath}" --import tsx src/cli/main.ts ingest --list-sources | head -2`,
        ],
        { cwd: root, env: { ...process.env, RUSTYBT_HOME: home } },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    assert.equal(result.stdout.split('\n').length, 3);
    assert.equal(result.stderr, '');
  });
});

/** Whether the user can read every file (run as that user: permissions as they apply to it). */
function readableBy(user: { uid: number; gid: number }, files: string[]): boolean {
  const check = spawnSync(
    process.execPath,
    ['-e', 'for (const f of process.argv.slice(1)) require("node:fs").accessSync(f, 4);', ...files],
    { ...user, stdio: 'ignore' },
  );
  return check.status === 0;
}

// `rustybt optimize` and `rustybt walkforward` from the user's seat: a real
// bundle in a temporary RUSTYBT_HOME, the real CLI in a child process, the
// stored SQLite and Parquet files read back.
import assert from 'node:assert/strict';
import { STATISTICS } from '../../src/optimize/objective.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { withDuckDB } from '../../src/data/bundles/duckdb-session.js';
import { ingestIntoBundle } from '../../src/data/bundles/ingest-bridge.js';
import { CsvSource } from '../../src/data/sources/csv-source.js';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const STRATEGY = join(root, 'test/fixtures/optimize/sma-cross.ts');
const home = mkdtempSync(join(tmpdir(), 'rustybt-optimize-'));
const env = { RUSTYBT_HOME: home };
const base = ['-f', STRATEGY, '--bundle', 'demo', '--start', '2011-01-03', '--end', '2012-06-29'];

describe('rustybt optimize', { timeout: 300_000 }, () => {
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
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('prints the best parameters, stores every run in SQLite and Parquet and writes the report; threads equal serial', async () => {
    const grid = ['--grid', 'fast=5:15:5,slow=20:40:20'];
    const threaded = await runCli(['optimize', ...base, ...grid, '--workers', '2'], env);
    assert.equal(threaded.status, 0, threaded.stderr);
    const serial = await runCli(['optimize', ...base, ...grid, '--executor', 'serial'], env);
    assert.equal(serial.status, 0, serial.stderr);
    const best = /Best parameters \(highest sharpe\): (.*)/.exec(threaded.stdout);
    assert.ok(best, threaded.stdout);
    assert.match(
      best[1],
      /^failAt=0, fast=\d+, slow=\d+, spinMs=0$|^fast=\d+, slow=\d+, failAt=0, spinMs=0$/,
    );
    assert.equal(
      serial.stdout.replace('serial executor', 'X'),
      threaded.stdout.replace('threads executor', 'X'),
    );
    const id = /Sweep ([0-9a-f]{16}): 6 runs/.exec(threaded.stdout)![1];
    const db = new Database(join(home, 'sweeps.sqlite'), { readonly: true });
    try {
      const sweep = db.prepare('SELECT * FROM sweeps WHERE sweep_id = ?').get(id) as Record<
        string,
        unknown
      >;
      assert.equal(sweep.runs, 6);
      assert.equal(sweep.failed, 0);
      assert.equal(sweep.objective, 'sharpe');
      assert.match(String(sweep.strategy_hash), /^[0-9a-f]{64}$/);
      assert.match(String(sweep.data_version), /^[0-9a-f]{64}$/);
      const runs = db
        .prepare('SELECT * FROM sweep_runs WHERE sweep_id = ? ORDER BY objective DESC')
        .all(id) as Record<string, unknown>[];
      assert.equal(runs.length, 6);
      assert.equal(runs[0].run_index, sweep.best_index);
      const statistics = JSON.parse(String(runs[0].statistics)) as Record<string, unknown>;
      for (const name of STATISTICS) assert.ok(name in statistics, `statistic ${name} stored`);
    } finally {
      db.close();
    }
    const parquet = join(home, 'sweeps', id, 'runs.parquet');
    const rows = await withDuckDB('test', async (connection) => {
      const reader = await connection.runAndReadAll(
        `SELECT param_fast, param_slow, sharpe, strategy_hash FROM read_parquet('${parquet}') ORDER BY run_index`,
      );
      return reader.getRowObjectsJson();
    });
    assert.equal(rows.length, 6);
    assert.deepEqual(
      rows.map((r) => [r.param_fast, r.param_slow]),
      [
        [5, 20],
        [5, 40],
        [10, 20],
        [10, 40],
        [15, 20],
        [15, 40],
      ],
    );
    const report = readFileSync(join(home, 'sweeps', id, 'report.html'), 'utf8');
    assert.match(report, /<svg[^>]*>[\s\S]*sharpe by fast and slow/);
  });

  it('refuses bad flags with a message, no stack, nothing stored', async () => {
    const cases: [string[], RegExp][] = [
      [['--objective', 'sharp'], /Unknown objective "sharp"; use one of .*sharpe/],
      [
        ['--grid', 'fsat=1:3'],
        /Parameter fsat is not declared by .*sma-cross\.ts, which declares fast \(4 values\)/,
      ],
      [['--grid', 'fast=9:1'], /Parameter fast: range\(9, 1, 1\): stop is before start/],
      [['--random', '0'], /--random must be a positive whole number/],
      [['--executor', 'redis'], /--executor redis needs --redis-url/],
      [
        ['--executor', 'redis', '--redis-url', 'redis://127.0.0.1:1'],
        /Cannot reach Redis at redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/,
      ],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli(['optimize', ...base, ...flags], {
        RUSTYBT_HOME: join(home, 'empty'),
      });
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    }
    assert.equal(existsSync(join(home, 'empty', 'sweeps.sqlite')), false);
  });

  it('walks forward: windows printed, out-of-sample equity stitched, report written', async () => {
    const run = await runCli(
      [
        'walkforward',
        ...base.slice(0, 4),
        '--start',
        '2010-01-04',
        '--end',
        '2011-12-30',
        '--grid',
        'fast=5:10:5,slow=20',
        '--train',
        '1y',
        '--test',
        '6m',
      ],
      env,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /2 windows/);
    assert.match(
      run.stdout,
      /train 2010-01-04\.\.2011-01-03 → best failAt=0, fast=\d+.*; test 2011-01-04\.\.2011-07-03/,
    );
    assert.match(
      run.stdout,
      /train 2010-07-04\.\.2011-07-03 → best .*; test 2011-07-04\.\.2011-12-30/,
    );
    assert.match(
      run.stdout,
      /Out of sample: total return -?\d\.\d{4}, sharpe .* over 251 sessions/,
    );
    const report = /Report: (.*)/.exec(run.stdout)![1];
    assert.match(readFileSync(report, 'utf8'), /Out-of-sample equity/);
  });
});

// `rustybt bench` as a user runs it: the real CLI, real child processes per cell, a real
// SQLite history in a temporary RUSTYBT_HOME. Small cells and one or two rounds keep it short.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { BenchRun } from '../../src/bench/bench-run.js';
import { BenchHistoryStore } from '../../src/bench/history-store.js';
import { appendToHistoryFile } from '../../src/bench/history-file.js';
import { runCli } from '../helpers/cli.js';
import { fakeRun } from '../bench/bench-fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'rustybt-bench-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));
const home = join(work, 'home');
const env = { RUSTYBT_HOME: home };
const cell = 'daily-simple-10';

describe('rustybt bench', () => {
  let run: BenchRun;

  it('measures a cell in each asked mode, with the module split, and keeps the run in the history', async () => {
    const result = await runCli(
      ['bench', '--cells', cell, '--modes', 'decimal-rust,float-rust', '--rounds', '2', '--json'],
      env,
      work,
    );
    assert.equal(result.status, 0, result.stderr);
    run = JSON.parse(result.stdout) as BenchRun;
    assert.deepEqual(
      run.results.map((r) => [r.cell, r.mode, r.status, r.samples.length, r.assetBars]),
      [
        [cell, 'decimal-rust', 'ok', 2, 10 * 502],
        [cell, 'float-rust', 'ok', 2, 10 * 502],
      ],
    );
    for (const r of run.results) {
      assert.ok(
        r.simulateCpuMs.min <= r.simulateCpuMs.median &&
          r.simulateCpuMs.median <= r.simulateCpuMs.max,
      );
      assert.ok(r.maxRssBytes.median > 20 * 2 ** 20, 'peak RSS of a Node process');
      assert.ok(
        r.processMs.median > r.simulateMs.median,
        'the whole process outlasts its event loop',
      );
      assert.ok(r.fills > 0, 'the crossover traded');
      const profiled = Object.values(r.modules ?? {}).reduce((s, v) => s + v, 0);
      assert.ok(profiled > 0 && (r.modules?.['rust core'] ?? 0) > 0, JSON.stringify(r.modules));
    }
    assert.equal(
      run.version,
      (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version,
    );
    assert.match(run.fingerprint.rustc, /^rustc |^none$/);
    const store = BenchHistoryStore.open(join(home, 'bench-history.sqlite'));
    assert.deepEqual(store.runs(), [run]);
    store.close();
  });

  it('reports a crashing or killed cell as failed with its error, runs the rest and exits 1', async () => {
    for (const [fault, error] of [
      [`${cell}/float-rust`, /fault injected by RUSTYBT_BENCH_FAULT/],
      [`${cell}/float-rust:kill`, /killed by SIGKILL/],
    ] as const) {
      const result = await runCli(
        [
          'bench',
          '--cells',
          cell,
          '--modes',
          'decimal-rust,float-rust',
          '--rounds',
          '1',
          '--no-modules',
          '--no-history',
        ],
        { ...env, RUSTYBT_BENCH_FAULT: fault },
        work,
      );
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stdout, new RegExp(`${cell}\\s+decimal-rust\\s+5,020`));
      assert.match(result.stdout, new RegExp(`${cell}\\s+float-rust\\s+FAILED`));
      assert.match(result.stdout, error);
      assert.match(result.stderr, /1 of 2 cells failed: daily-simple-10 float-rust/);
    }
  });

  it('refuses unknown cells, modes and sizes with the valid ones, creating nothing', async () => {
    const elsewhere = join(work, 'untouched');
    for (const [args, message] of [
      [
        ['--cells', 'minute-simple-7'],
        /Unknown benchmark cell "minute-simple-7".*valid cells: daily-simple-10, .*\[ERR_CONFIG\]/,
      ],
      [
        ['--modes', 'float-ts'],
        /Unknown benchmark mode "float-ts"; use one or more of: decimal-rust, float-rust, decimal-ts/,
      ],
      [['--size', 'xl'], /Unknown benchmark size "xl"; use one of: standard, large/],
      [['--rounds', '0'], /--rounds must be a whole number/],
      [['--report', 'report.pdf'], /must be an \.html file/],
    ] as const) {
      const result = await runCli(['bench', ...args], { RUSTYBT_HOME: elsewhere }, work);
      assert.equal(result.status, 1);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.equal(existsSync(elsewhere), false);
  });

  it('refuses a corrupt history before measuring and leaves it as it was', async () => {
    const path = join(work, 'broken.sqlite');
    writeFileSync(path, 'not a database '.repeat(100));
    const before = createHash('sha256').update(readFileSync(path)).digest('hex');
    const result = await runCli(['bench', '--cells', cell, '--history', path], env, work);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /broken\.sqlite is not a SQLite database.*\[ERR_BENCH_HISTORY\]/);
    assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), before);
  });

  it('--compare exits 1 naming the cells slower than the baseline, and 0 against a slower baseline', async () => {
    const median = (mode: string) => run.results.find((r) => r.mode === mode)!.simulateCpuMs.median;
    const baseline = (factor: number) =>
      fakeRun('0.0.1', '2026-01-01T00:00:00.000Z', [
        { cell, mode: 'decimal-rust', cpuMs: [median('decimal-rust') * factor] },
        { cell, mode: 'float-rust', cpuMs: [median('float-rust') * factor] },
      ]);
    const fast = join(work, 'fast-baseline.json');
    appendToHistoryFile(fast, [baseline(0.5)]);
    const slow = join(work, 'slow-baseline.json');
    appendToHistoryFile(slow, [baseline(3)]);
    const regressed = await runCli(['bench', '--no-run', '--compare', fast], env, work);
    assert.equal(regressed.status, 1, regressed.stderr);
    assert.match(regressed.stdout, /SLOWER daily-simple-10 decimal-rust/);
    assert.match(
      regressed.stderr,
      /2 cell\(s\) slower than 0\.0\.1 beyond 5 % plus the measured spread: daily-simple-10 decimal-rust \d+ → \d+ ms CPU \(\+\d+\.\d %, allowed \+\d+\.\d %\); daily-simple-10 float-rust .*\[ERR_BENCH_REGRESSION\]/,
    );
    const fine = await runCli(['bench', '--no-run', '--compare', slow], env, work);
    assert.equal(fine.status, 0, fine.stderr);
    assert.match(fine.stdout, /ok {5}daily-simple-10 decimal-rust: \d+ ms → \d+ ms \(-\d+\.\d %/);
    const none = await runCli(['bench', '--no-run', '--compare'], env, work);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /No run of a release before .* on this machine/);
  });

  it('--no-run --validate writes the validation report from the stored run', async () => {
    const doc = join(work, 'docs', 'results.md');
    const result = await runCli(['bench', '--no-run', '--validate', doc], env, work);
    assert.equal(result.status, 0, result.stderr);
    const text = readFileSync(doc, 'utf8');
    assert.match(text, new RegExp(`commit ${run.commit.replace('+', '\\+')}`));
    const ratio = run.results[0].samples.map(
      (s, i) => s.simulateCpuMs / run.results[1].samples[i].simulateCpuMs,
    );
    const overhead = ((ratio[0] + ratio[1]) / 2 - 1) * 100;
    assert.match(
      text,
      new RegExp(
        `\\| daily-simple-10 \\| 10 equities × daily bars .* \\| \\*\\*${overhead >= 0 ? '\\+' : '-'}${Math.abs(overhead).toFixed(1)} %\\*\\*`,
      ),
    );
    assert.match(text, /Plan target, overhead < 30 %: \*\*(met|not met)\*\*/);
  });
});

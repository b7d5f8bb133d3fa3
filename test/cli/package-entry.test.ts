import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { rustKernelsOrSkip } from '../helpers/backends.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { skip: noRust } = rustKernelsOrSkip();

// These run the built package (dist/) in a child process, exactly as a user would.
function node(args: string[], env: Record<string, string> = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const key of ['RUSTYBT_BACKEND', 'RUSTYBT_NATIVE_PATH'])
    if (!(key in env)) delete childEnv[key];
  return spawnSync(process.execPath, args, { cwd: root, env: childEnv, encoding: 'utf8' });
}

const importScript =
  "import('rustybt').then(m => console.log(typeof m.runAlgorithm, m.backendInfo().backend))";

describe('the rustybt package, imported by name', () => {
  it('prints "function rust" when the addon is built', { skip: noRust }, () => {
    const run = node(['--input-type=module', '-e', importScript]);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'function rust\n');
  });

  it('prints "function ts" with RUSTYBT_BACKEND=ts, without a warning', () => {
    const run = node(['--input-type=module', '-e', importScript], { RUSTYBT_BACKEND: 'ts' });
    assert.equal(run.stdout, 'function ts\n');
    assert.equal(run.stderr, '');
  });

  it('falls back with exactly one warning line when the addon is missing', () => {
    const run = node(['--input-type=module', '-e', importScript], {
      RUSTYBT_NATIVE_PATH: '/nonexistent/rustybt.node',
    });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, 'function ts\n');
    const lines = run.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0],
      /^rustybt: the native addon is not built .*using the TypeScript backend/,
    );
  });
});

describe('rustybt CLI', () => {
  // The package's bin, as node_modules/.bin/rustybt runs it (the bundle).
  const cli = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { rustybt: string } }
  ).bin.rustybt;

  it('names the active backend and the reason in --version', { skip: noRust }, () => {
    const run = node([cli, '--version']);
    assert.equal(run.status, 0);
    assert.match(
      run.stdout,
      /^rustybt \d+\.\d+\.\d+\nbackend: rust \d+\.\d+\.\d+ \(native addon loaded/,
    );
  });

  it('prints for --version and -V exactly what the command tree prints for --version', () => {
    const missing = '/nonexistent/rustybt.node';
    const cases: Record<string, string>[] = [
      {},
      { RUSTYBT_BACKEND: 'ts' },
      { RUSTYBT_NATIVE_PATH: missing },
      { RUSTYBT_BACKEND: 'rust', RUSTYBT_NATIVE_PATH: missing },
      { RUSTYBT_BACKEND: 'bogus' },
    ];
    for (const env of cases) {
      // With a second flag the command tree (commander) parses it, as every --version once was.
      const tree = node([cli, '--debug', '--version'], env);
      assert.match(tree.stdout, /^rustybt \d+\.\d+\.\d+\nbackend: /);
      for (const flag of ['--version', '-V']) {
        const fast = node([cli, flag], env);
        const shown = (run: typeof fast) => ({
          status: run.status,
          stdout: run.stdout,
          stderr: run.stderr,
        });
        assert.deepEqual(shown(fast), shown(tree), `${flag} with ${JSON.stringify(env)}`);
      }
    }
  });

  it('says why the TypeScript backend is active', () => {
    const run = node([cli, '--version'], { RUSTYBT_BACKEND: 'ts' });
    assert.match(run.stdout, /backend: ts \S+ \(RUSTYBT_BACKEND=ts\)/);
  });

  it('prints help listing its options', () => {
    const run = node([cli, '--help']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Usage: rustybt/);
    assert.match(run.stdout, /--version/);
  });

  it('exits 1 with a one-line message, not a stack trace, when the Rust backend is required but missing', () => {
    const run = node([cli, 'backend'], {
      RUSTYBT_BACKEND: 'rust',
      RUSTYBT_NATIVE_PATH: '/nonexistent/rustybt.node',
    });
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /^rustybt: RUSTYBT_BACKEND=rust but the native addon is not built.*\[ERR_NATIVE_UNAVAILABLE\]\n$/,
    );
  });

  it('reports the backend as JSON', () => {
    const run = node([cli, 'backend'], { RUSTYBT_BACKEND: 'ts' });
    assert.deepEqual(Object.keys(JSON.parse(run.stdout) as object), [
      'backend',
      'reason',
      'version',
    ]);
  });
});

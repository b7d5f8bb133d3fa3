// The built package's entry points are the bundle (dist/bundle/, scripts/bundle.mjs): these
// run its command in child processes, as a user runs node_modules/.bin/rustybt.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as nodeModule from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { PACKAGE_ENTRIES, bundleName } from '../../src/package-entries.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; import: string }>;
};
const data = join(root, 'examples/data');
const range = ['--start', '2010-01-04', '--end', '2010-03-31'];

const work = mkdtempSync(join(tmpdir(), 'rustybt-bundle-'));
const home = join(work, 'home');
after(() => rmSync(work, { recursive: true, force: true }));

function rustybt(cli: string, args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, RUSTYBT_HOME: home };
  return spawnSync(process.execPath, [cli, ...args], { cwd: work, env, encoding: 'utf8' });
}

const bundledCli = join(root, manifest.bin.rustybt);
const separateCli = join(root, 'dist/cli/main.js');

describe('the bundled package', () => {
  it('names the bundle as its command and as every export, beside the declarations of dist/', () => {
    assert.equal(manifest.bin.rustybt, './dist/bundle/rustybt.cjs');
    assert.equal(manifest.main, './dist/bundle/index.js');
    const subpaths = Object.keys(manifest.exports).filter((key) => key !== './package.json');
    assert.deepEqual(subpaths.sort(), Object.keys(PACKAGE_ENTRIES).sort());
    for (const [subpath, module] of Object.entries(PACKAGE_ENTRIES)) {
      const target = manifest.exports[subpath];
      assert.ok(typeof target === 'object', subpath);
      assert.equal(target.import, `./dist/bundle/${bundleName(subpath)}.js`);
      assert.equal(target.types, `./dist/${module}.d.ts`);
      assert.ok(existsSync(join(root, target.import)), `${target.import} is not built`);
      assert.ok(existsSync(join(root, target.types)), `${target.types} is not built`);
    }
  });

  it('gives a strategy the running instance: a ConfigError it throws is reported as one', () => {
    const strategy = join(work, 'throws.ts');
    writeFileSync(
      strategy,
      `import { ConfigError } from 'rustybt';
export function initialize(): void {
  throw new ConfigError('the window is too short; use at least 5 bars');
}
export function handleData(): void {}
`,
    );
    const args = ['run', '-f', strategy, '--csv-dir', data, '--symbols', 'GOOG', ...range];
    for (const cli of [bundledCli, separateCli]) {
      const run = rustybt(cli, args);
      assert.equal(run.status, 1, run.stderr);
      // A second copy of rustybt would make it "The strategy's initialize threw: ..." [ERR_STRATEGY].
      assert.equal(
        run.stderr,
        'rustybt: the window is too short; use at least 5 bars (in initialize) [ERR_CONFIG]\n',
        cli,
      );
    }
  });

  it("gives a strategy its own import.meta.url, filename and __filename, not the cache's", () => {
    const strategy = join(work, 'where.ts');
    writeFileSync(
      strategy,
      `export function initialize(): void {
  console.log(\`where \${import.meta.url} \${import.meta.filename} \${__filename}\`);
}
export function handleData(): void {}
`,
    );
    const args = ['run', '-f', strategy, '--csv-dir', data, '--symbols', 'GOOG', ...range];
    const run = rustybt(bundledCli, args);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^where file://${strategy} ${strategy} ${strategy}$`, 'm'));
  });

  it("points a strategy's own failure at its file and line", () => {
    const strategy = join(work, 'fails.ts');
    writeFileSync(
      strategy,
      `import type { AlgorithmContext } from 'rustybt';

export function initialize(ctx: AlgorithmContext): void {
  ctx.state.count = 0;
}

export function handleData(): void {
  const missing = undefined as unknown as { price: number };
  console.log(missing.price);
}
`,
    );
    const run = rustybt(bundledCli, [
      'run',
      '-f',
      strategy,
      '--csv-dir',
      data,
      '--symbols',
      'GOOG',
      ...range,
    ]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /handleData threw: Cannot read properties of undefined/);
    assert.match(run.stderr, new RegExp(`${strategy.replaceAll('/', '\\/')}:9:23`));
  });

  it('keeps one compiled strategy per copy of rustybt, each importing its own entry files', () => {
    const strategy = join(work, 'sma.ts');
    writeFileSync(
      strategy,
      `import { sma } from 'rustybt/indicators';
export function initialize(ctx: any): void {
  ctx.indicator('fast', sma(5), ctx.allAssets());
}
export function handleData(): void {}
`,
    );
    const args = ['run', '-f', strategy, '--csv-dir', data, '--symbols', 'GOOG', ...range];
    for (const cli of [bundledCli, separateCli]) assert.equal(rustybt(cli, args).status, 0);
    const cache = join(home, 'strategy-cache');
    const compiled = readdirSync(cache)
      .filter((name) => name.endsWith('.mjs'))
      .map((name) => readFileSync(join(cache, name), 'utf8'))
      .filter((code) => code.includes('sma(5)'));
    assert.equal(compiled.length, 2);
    const imported = compiled.map((code) => /from "file:\/\/([^"]+)"/.exec(code)?.[1]).sort();
    assert.deepEqual(imported, [
      join(root, 'dist/bundle/indicators.js'),
      join(root, 'dist/indicators/index.js'),
    ]);
  });
});

describe('the bundled command with --debug', () => {
  it("prints the stack with rustybt's TypeScript files and lines (source maps on)", () => {
    const run = rustybt(bundledCli, ['--debug', 'run', '-f', join(work, 'any.ts')]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^ConfigError: run needs the range/);
    assert.match(
      run.stderr,
      /\n {4}at optionsFromFlags \(\S+\/src\/cli\/commands\/run-action\.ts:\d+:\d+\)/,
    );
  });
});

describe('the compile cache', () => {
  const hasCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache;
  it(
    "keeps V8's compiled code under RUSTYBT_HOME/compile-cache (Node 22.1+)",
    { skip: hasCache !== 'function' && 'this Node has no module.enableCompileCache' },
    () => {
      const env: NodeJS.ProcessEnv = { ...process.env, RUSTYBT_HOME: home };
      delete env.NODE_COMPILE_CACHE;
      delete env.NODE_DISABLE_COMPILE_CACHE;
      const run = spawnSync(process.execPath, [bundledCli, '--version'], { env, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(readdirSync(join(home, 'compile-cache')).length > 0);
    },
  );
});

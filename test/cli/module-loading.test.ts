import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { backendInfo } from '../../src/native/backend.js';

// Each command runs from the built package in a child process, as a user runs it (the
// package's bin: the bundle in dist/bundle/), with a preload that records every module the
// process loads; a bundle file loaded counts as every dist/ module it holds.
const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
};
const cli = join(root, manifest.bin.rustybt);
const bundle = join(root, 'dist/bundle');
const bundled = JSON.parse(readFileSync(join(bundle, 'modules.json'), 'utf8')) as Record<
  string,
  string[]
>;
const tracer = join(root, 'test/helpers/module-trace.mjs');
const data = join(root, 'examples/data');

/** The heavy dependencies, and how a loaded module's URL or path shows each. */
const HEAVY: Readonly<Record<string, RegExp>> = {
  ccxt: /\/node_modules\/ccxt\//,
  'yahoo-finance2': /\/node_modules\/yahoo-finance2\//,
  duckdb: /\/node_modules\/@duckdb\//,
  'better-sqlite3': /\/node_modules\/better-sqlite3\//,
  zod: /\/node_modules\/zod\//,
  yaml: /\/node_modules\/yaml\//,
  'cli-progress': /\/node_modules\/cli-progress\//,
  esbuild: /\/node_modules\/esbuild\//,
  profiler: /\/dist\/profiling\//,
  bench: /\/dist\/bench\//,
};

const work = mkdtempSync(join(tmpdir(), 'rustybt-modules-'));
const home = join(work, 'home');
after(() => rmSync(work, { recursive: true, force: true }));

// A user's strategy importing values from both entry points, in a folder with no node_modules.
const strategy = join(work, 'strategy.ts');
writeFileSync(
  strategy,
  `import { RustybtError } from 'rustybt';
import { sma } from 'rustybt/indicators';
import type { AlgorithmStrategy } from 'rustybt';

const strategy: AlgorithmStrategy = {
  initialize(ctx) {
    if (typeof RustybtError !== 'function') throw new Error('no rustybt');
    ctx.indicator('fast', sma(5), ctx.allAssets());
  },
  handleData() {},
};
export default strategy;
`,
);

// The package root exports everything (the report renderer, the CSV reader, ...): this one
// imports the indicators only.
const lean = join(work, 'lean.ts');
writeFileSync(
  lean,
  readFileSync(strategy, 'utf8').replace(
    "import { RustybtError } from 'rustybt';",
    'const RustybtError = Error;',
  ),
);

/** Names of the heavy dependencies `rustybt <args>` loaded (sorted), after checking it succeeded. */
function heavyLoaded(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): string[] {
  const loaded = loadedModules(args, extraEnv);
  return Object.entries(HEAVY)
    .filter(([, pattern]) => loaded.some((line) => pattern.test(line)))
    .map(([name]) => name)
    .sort();
}

/** Every module `rustybt <args>` loaded, one trace line each, after checking it succeeded. */
function loadedModules(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): string[] {
  const trace = join(work, 'trace.txt');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    RUSTYBT_HOME: home,
    RUSTYBT_MODULE_TRACE: trace,
  };
  const run = spawnSync(process.execPath, ['--import', tracer, cli, ...args], {
    cwd: work,
    env,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `rustybt ${args.join(' ')} failed:\n${run.stderr}`);
  return readFileSync(trace, 'utf8')
    .split('\n')
    .flatMap((line) => [line, ...modulesOf(line)]);
}

/** The dist/ modules a trace line's bundle file holds, one "bundled <path>" line each. */
function modulesOf(line: string): string[] {
  const at = line.indexOf(`${bundle}/`);
  if (at < 0) return [];
  const file = line.slice(at + bundle.length + 1);
  const modules = bundled[file];
  assert.ok(modules !== undefined, `${file} is not in dist/bundle/modules.json`);
  return modules.map((module) => `bundled ${join(root, 'dist', module)}`);
}

const range = ['--start', '2010-01-04', '--end', '2010-06-30'];
const csvRun = ['run', '-f', strategy, '--csv-dir', data, '--symbols', 'GOOG,NVDA', ...range];

describe('what each command loads', () => {
  it('--version loads none of the heavy dependencies', () => {
    assert.deepEqual(heavyLoaded(['--version']), []);
  });

  it('--version and -V load of the bundle only the CommonJS command and its version file', () => {
    for (const flag of ['--version', '-V']) {
      const files = loadedModules([flag])
        .filter((line) => line.includes(`${bundle}/`) && !line.startsWith('bundled '))
        .map((line) => line.slice(line.indexOf(`${bundle}/`) + bundle.length + 1));
      assert.deepEqual([...new Set(files)].sort(), ['rustybt.cjs', 'version.cjs'], flag);
    }
  });

  it('a CSV run compiles a new strategy with esbuild and loads nothing else heavy', () => {
    assert.deepEqual(heavyLoaded(csvRun), ['esbuild']);
  });

  it('a CSV run of an unchanged strategy loads none of them (compiled module from the cache)', () => {
    heavyLoaded(csvRun);
    assert.deepEqual(heavyLoaded(csvRun), []);
  });

  it("a run loads rustybt's code from the bundle only: the strategy's imports are the same instance", () => {
    const separate = loadedModules(csvRun).filter(
      (line) =>
        line.startsWith('esm ') && line.includes(`${root}dist/`) && !line.includes(`${bundle}/`),
    );
    assert.deepEqual(separate, []);
  });

  it('a run loads the report renderer (ECharts) only when asked for a report', () => {
    const leanRun = ['run', '-f', lean, '--csv-dir', data, '--symbols', 'GOOG,NVDA', ...range];
    const echarts = (args: string[]): boolean =>
      loadedModules(args).some((line) => /\/node_modules\/(echarts|zrender)\//.test(line));
    assert.equal(echarts(leanRun), false);
    assert.equal(echarts([...leanRun, '--report', join(work, 'report.html')]), true);
  });

  it('a CSV run writing Parquet results loads DuckDB, and only that', () => {
    const output = join(work, 'results.parquet');
    assert.deepEqual(heavyLoaded([...csvRun, '-o', output]), ['duckdb']);
  });

  it('ingesting CSV files loads SQLite (the catalog), DuckDB only on the TypeScript backend, not the network sources', () => {
    const ingest = ['ingest', 'csv', '--bundle', 'modules', '--csv-dir', data];
    const args = [...ingest, '--symbols', 'GOOG,NVDA', ...range];
    // The Rust core writes the Parquet files itself; the TypeScript backend has DuckDB write them.
    const rust = backendInfo().backend === 'rust';
    assert.deepEqual(heavyLoaded(args), rust ? ['better-sqlite3'] : ['better-sqlite3', 'duckdb']);
    assert.deepEqual(heavyLoaded(args, { RUSTYBT_BACKEND: 'ts' }), ['better-sqlite3', 'duckdb']);
  });

  it('a bundle run reads the fast-load files: no DuckDB, no SQLite, no ccxt', () => {
    const bundleRun = ['run', '-f', strategy, '--bundle', 'modules', ...range];
    assert.deepEqual(heavyLoaded(bundleRun), []);
  });

  it('a bundle run does not load the CSV reader, which a CSV run does', () => {
    const csvReader = (args: string[]): boolean =>
      loadedModules(args).some((line) => /\/dist\/data\/sources\/csv-source\.js$/.test(line));
    assert.equal(csvReader(['run', '-f', lean, '--bundle', 'modules', ...range]), false);
    assert.equal(
      csvReader(['run', '-f', lean, '--csv-dir', data, '--symbols', 'GOOG', ...range]),
      true,
    );
  });

  it('listing the benchmark cells loads the bench code and nothing heavy (no SQLite, no progress bar)', () => {
    assert.deepEqual(heavyLoaded(['bench', '--list']), ['bench']);
  });

  it('listing bundles loads none of them', () => {
    assert.deepEqual(heavyLoaded(['bundles']), []);
  });
});

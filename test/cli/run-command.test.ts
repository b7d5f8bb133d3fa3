import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ingestIntoBundle } from '../../src/data/bundles/ingest-bridge.js';
import { CsvSource } from '../../src/data/sources/csv-source.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sampleData = join(root, 'examples', 'data');

let home: string;
let work: string;

/** Runs the real CLI from the sources in a child process, as a user would. */
function cli(args: string[]): Promise<CliRun> {
  return runCli(args, { RUSTYBT_HOME: home, RUSTYBT_BACKEND: 'ts' }, work);
}

function strategyFile(name: string, source: string): string {
  const path = join(work, name);
  writeFileSync(path, source);
  return path;
}

const BUY_GOOG = `
export function initialize(ctx) { ctx.state.done = false; }
export function handleData(ctx) {
  if (!ctx.state.done) { ctx.order(ctx.symbol('GOOG'), 10); ctx.state.done = true; }
}
`;

const range = ['--start', '2012-01-03', '--end', '2012-12-31'];

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'rustybt-run-home-'));
  work = mkdtempSync(join(tmpdir(), 'rustybt-run-work-'));
  await ingestIntoBundle(
    new CsvSource({ directory: sampleData }),
    'sample',
    {
      symbols: ['GOOG', 'ORCL', 'NVDA'],
      start: new Date('2010-01-01T00:00:00Z'),
      end: new Date('2013-03-01T23:59:59Z'),
      frequency: '1d',
    },
    { home, assetClass: 'equity' },
  );
});
after(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('rustybt run', () => {
  it('runs a TypeScript strategy on a bundle, prints the summary and writes JSON results', async () => {
    const file = strategyFile(
      'buy.ts',
      `import type { AlgorithmStrategy } from 'rustybt';
const s: AlgorithmStrategy = {
  initialize(ctx) { ctx.state.done = false; },
  handleData(ctx) {
    if (ctx.state.done !== true) { ctx.order(ctx.symbol('GOOG'), 10); ctx.state.done = true; }
  },
};
export default s;
`,
    );
    const out = join(work, 'buy.json');
    const run = await cli([
      'run',
      '-f',
      file,
      '--bundle',
      'sample',
      ...range,
      '--capital-base',
      '50000',
      '--symbols',
      'GOOG',
      '-o',
      out,
    ]);
    assert.equal(run.status, 0, run.stderr);
    for (const label of [
      'Total return',
      'Annual return',
      'Sharpe',
      'Sortino',
      'Max drawdown',
      'Trades',
      'Final value',
    ]) {
      assert.match(run.stdout, new RegExp(`^  ${label} `, 'm'));
    }
    assert.match(run.stdout, /Trades +1 fills/);
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      meta: { capitalBase: string; data: string };
      performance: { portfolioValue: string; cash: string }[];
      transactions: { symbol: string; amount: string; price: string }[];
    };
    assert.equal(results.meta.capitalBase, '50000');
    assert.match(results.meta.data, /^bundle sample/);
    assert.equal(results.transactions.length, 1);
    assert.equal(results.transactions[0].symbol, 'GOOG');
    // The bar after the order, 2012-01-04, opened at 665.03 (examples/data/GOOG.csv); the
    // default equity slippage of 5 bps makes 665.03 * 1.0005 = 665.3625, rounded to the cent.
    assert.equal(Number(results.transactions[0].price), 665.36);
    const finalValue = results.performance.at(-1)!.portfolioValue;
    assert.match(run.stdout, new RegExp(`Final value +${finalValue.replace('.', '\\.')} USD`));
  });

  it('reads a CSV directory straight through the CSV source and writes Parquet', async () => {
    const file = strategyFile('buy.mjs', BUY_GOOG);
    const out = join(work, 'csvdir.parquet');
    const run = await cli([
      'run',
      '-f',
      file,
      '--csv-dir',
      sampleData,
      ...range,
      '--numeric',
      'float',
      '--fill-price',
      'close',
      '-o',
      out,
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /float, XNYS, CSV directory/);
    for (const table of ['', '.transactions', '.orders', '.positions']) {
      assert.ok(existsSync(join(work, `csvdir${table}.parquet`)), table);
    }
  });

  it('fetches from a data source through the smart cache: the second run is a cache hit with the same results', async () => {
    const file = strategyFile(
      'buy-aaa.mjs',
      `export function initialize(ctx) { ctx.state.done = false; }
export function handleData(ctx) {
  if (!ctx.state.done) { ctx.order(ctx.symbol('AAA'), 10); ctx.state.done = true; }
}
`,
    );
    const args = ['run', '-f', file, '--source', 'synthetic', '--symbols', 'AAA,BBB', ...range];
    const first = await cli([...args, '-o', join(work, 'source-1.json')]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /data source synthetic/);
    const second = await cli([...args, '-o', join(work, 'source-2.json')]);
    assert.equal(second.status, 0, second.stderr);
    const performance = (name: string) =>
      JSON.stringify(
        (JSON.parse(readFileSync(join(work, name), 'utf8')) as { performance: unknown })
          .performance,
      );
    assert.equal(performance('source-2.json'), performance('source-1.json'));
    const stats = await cli(['cache', 'stats', '--source', 'synthetic', '--json']);
    assert.equal(stats.status, 0, stats.stderr);
    const counts = JSON.parse(stats.stdout) as { hits: number; misses: number };
    assert.deepEqual([counts.misses, counts.hits], [1, 1]);
    const uncached = await cli([...args, '--no-cache']);
    assert.equal(uncached.status, 0, uncached.stderr);
    const after = JSON.parse(
      (await cli(['cache', 'stats', '--source', 'synthetic', '--json'])).stdout,
    ) as {
      hits: number;
      misses: number;
    };
    assert.deepEqual([after.misses, after.hits], [1, 1], '--no-cache bypasses the cache');
    const missing = await cli(['run', '-f', file, '--source', 'synthetic', ...range]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /--source synthetic needs the symbols to fetch/);
  });

  it('loads --warmup sessions of history before --start, and refuses a bad count', async () => {
    const file = strategyFile(
      'history.mjs',
      `export function initialize(ctx) { ctx.state.n = 0; }
export function handleData(ctx, data) {
  if (ctx.state.n++ === 0) ctx.record({ nans: data.history(ctx.symbol('GOOG'), 'close', 20).filter(Number.isNaN).length });
}
`,
    );
    const out = join(work, 'warm.json');
    const run = await cli([
      'run',
      '-f',
      file,
      '--bundle',
      'sample',
      '--symbols',
      'GOOG',
      ...range,
      '--warmup',
      '20',
      '-o',
      out,
    ]);
    assert.equal(run.status, 0, run.stderr);
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      performance: { nans?: number | string | null }[];
      meta: { start: string };
    };
    assert.equal(results.meta.start, '2012-01-03');
    assert.equal(
      Number(results.performance[0].nans),
      0,
      'the 20-bar window is full on the first bar',
    );
    const bad = await cli(['run', '-f', file, '--bundle', 'sample', ...range, '--warmup', 'ten']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--warmup must be a whole number of sessions/);
  });

  it('fails with exit code 1 and writes nothing when the strategy file is missing', async () => {
    const out = join(work, 'missing.json');
    const run = await cli([
      'run',
      '-f',
      join(work, 'nope.ts'),
      '--bundle',
      'sample',
      ...range,
      '-o',
      out,
    ]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /Strategy file not found: .*nope\.ts.*\[ERR_STRATEGY\]/);
    assert.equal(existsSync(out), false);
  });

  it('names the missing hooks when the module does not export them', async () => {
    const file = strategyFile('nohooks.mjs', 'export const x = 1;\n');
    const out = join(work, 'nohooks.json');
    const run = await cli(['run', '-f', file, '--bundle', 'sample', ...range, '-o', out]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /initialize is missing, handleData is missing/);
    assert.equal(existsSync(out), false);
  });

  it("prints the strategy's own stack when initialize throws, and writes no results", async () => {
    const file = strategyFile(
      'throws.mjs',
      `function loadUniverse() {\n  throw new Error('universe file unreadable');\n}\nexport function initialize() { loadUniverse(); }\nexport function handleData() {}\n`,
    );
    const out = join(work, 'throws.json');
    const run = await cli(['run', '-f', file, '--bundle', 'sample', ...range, '-o', out]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /initialize threw: universe file unreadable \[ERR_STRATEGY\]/);
    // The stack points into the strategy's file, at the function that threw.
    assert.match(run.stderr, /at loadUniverse \(.*throws\.mjs:2:9\)/);
    assert.deepEqual(
      readdirSync(work).filter((f) => f.startsWith('throws') && f !== 'throws.mjs'),
      [],
    );
  });

  it('names the range the data covers when the dates fall outside it', async () => {
    const file = strategyFile('buy.mjs', BUY_GOOG);
    const run = await cli([
      'run',
      '-f',
      file,
      '--bundle',
      'sample',
      '--start',
      '2009-01-02',
      '--end',
      '2012-12-31',
    ]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /outside the data, which covers 2010-01-04 to 2013-03-01/);
  });

  it('names the unknown symbol and the bundle', async () => {
    const file = strategyFile('buy.mjs', BUY_GOOG);
    const run = await cli([
      'run',
      '-f',
      file,
      '--bundle',
      'sample',
      ...range,
      '--symbols',
      'GOOG,MSFT',
    ]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /Unknown symbol MSFT in bundle sample/);
  });

  it('names the unknown symbol and the CSV directory with --csv-dir', async () => {
    const file = strategyFile('buy.mjs', BUY_GOOG);
    const run = await cli([
      'run',
      '-f',
      file,
      '--csv-dir',
      sampleData,
      ...range,
      '--symbols',
      'FOO',
    ]);
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /Unknown symbol FOO in CSV directory .*examples\/data; it holds GOOG, NVDA, ORCL/,
    );
  });

  it('names the bundle when the strategy asks for a symbol the data lacks', async () => {
    const file = strategyFile(
      'msft.mjs',
      `export function initialize(ctx) { ctx.symbol('MSFT'); }\nexport function handleData() {}\n`,
    );
    const run = await cli(['run', '-f', file, '--bundle', 'sample', ...range]);
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /Unknown symbol "MSFT" in bundle sample .*the data has GOOG, NVDA, ORCL/,
    );
  });

  it('refuses an unsupported output extension before running', async () => {
    const file = strategyFile('buy.mjs', BUY_GOOG);
    const out = join(work, 'out.xlsx');
    const run = await cli(['run', '-f', file, '--bundle', 'sample', ...range, '-o', out]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /\.json, \.csv, \.parquet/);
    assert.equal(existsSync(out), false);
  });
});

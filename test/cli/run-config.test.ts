// `rustybt run --config FILE`: the complete example of docs/guide/run-config.md
// runs as written; flags override the file; every bad file is a ConfigError
// naming the key and what it accepts.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { loadRunConfig } from '../../src/cli/commands/run-config.js';
import { ConfigError } from '../../src/errors/index.js';
import { runCli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let work = '';
const env = () => ({ RUSTYBT_HOME: join(work, 'home'), RUSTYBT_BACKEND: 'ts' });

/** The first ```yaml block of the run config guide. */
function documentedExample(): string {
  const doc = readFileSync(join(root, 'docs/guide/run-config.md'), 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(doc);
  assert.ok(block, 'docs/guide/run-config.md has a yaml example');
  return block[1];
}

function writeConfig(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

function rejects(text: string, pattern: RegExp, name = 'bad.yaml'): void {
  const path = writeConfig(name, text);
  assert.throws(
    () => loadRunConfig(path),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.match(error.message, pattern);
      return true;
    },
  );
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'rustybt-config-'));
  mkdirSync(join(work, 'project', 'data'), { recursive: true });
  copyFileSync(join(root, 'examples/data/GOOG.csv'), join(work, 'project/data/GOOG.csv'));
  writeFileSync(
    join(work, 'project/strategy.ts'),
    `import type { AlgorithmContext } from 'rustybt';
export function initialize(ctx: AlgorithmContext): void { ctx.state.done = false; }
export function handleData(ctx: AlgorithmContext): void {
  if (ctx.state.done !== true) { ctx.order(ctx.symbol('GOOG'), 10); ctx.state.done = true; }
}
`,
  );
  writeFileSync(join(work, 'project/backtest.yaml'), documentedExample());
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('rustybt run --config', () => {
  it('runs the documented complete example from another directory, paths relative to the file', async () => {
    const run = await runCli(['run', '--config', join(work, 'project/backtest.yaml')], env(), work);
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /^Backtest 2010-03-01 \.\. 2010-12-31: \d+ sessions, daily, decimal, XNYS,/,
    );
    assert.match(run.stdout, /Benchmark return .* \(GOOG\)/);
    assert.match(run.stdout, /^ {2}Beta +\d/m);
    const results = JSON.parse(readFileSync(join(work, 'project/results.json'), 'utf8')) as {
      meta: { capitalBase: string; benchmark: string };
      transactions: { amount: string; price: string; commission: string }[];
    };
    assert.equal(results.meta.benchmark, 'GOOG');
    // per-share:0.005,min=1 on 10 shares: the 1.00 minimum.
    assert.equal(results.transactions[0].commission, '1.00');
    // fixed-bps 5 on 2010-03-02's open, 535.48 (examples/data/GOOG.csv): 535.7477 → 535.75.
    assert.equal(results.transactions[0].price, '535.75');
  });

  it('lets flags given on the command line override the file, and only those', async () => {
    const config = writeConfig(
      'project/float.json',
      JSON.stringify({
        strategy: 'strategy.ts',
        data: { csv: 'data' },
        start: '2010-03-01',
        end: '2010-12-31',
        capitalBase: 50000,
        numeric: 'float',
      }),
    );
    const out = join(work, 'h1.json');
    const run = await runCli(
      ['run', '--config', config, '--end', '2010-06-30', '--capital-base', '20000', '-o', out],
      env(),
      work,
    );
    assert.equal(run.status, 0, run.stderr);
    const meta = (JSON.parse(readFileSync(out, 'utf8')) as { meta: Record<string, unknown> }).meta;
    assert.equal(meta.end, '2010-06-30');
    assert.equal(meta.capitalBase, '20000');
    assert.equal(meta.numeric, 'float');
  });

  it('names unknown keys and the keys allowed', () => {
    rejects(
      'strategy: s.ts\nbenchmarks: SPY\n',
      /bad\.yaml: unknown key benchmarks; allowed: strategy, data, start, end, capitalBase/,
    );
    rejects(
      'data:\n  csvDir: data\n',
      /unknown key csvDir in data; allowed: bundle, csv, source, exchange, cache, symbols, frequency/,
    );
  });

  it('names a key with a wrong type or value, and the values allowed', () => {
    rejects('data:\n  frequency: weekly\n', /data\.frequency must be one of daily, hourly, minute/);
    rejects('numeric: double\n', /numeric must be one of decimal, float/);
    rejects('warmup: many\n', /warmup must be number/);
    rejects('data: GOOG.csv\n', /data must be a mapping/);
    rejects(
      'data:\n  dateFormat: yyyy-mm-dd\n',
      /data\.dateFormat must be one of auto, iso, ymd-compact/,
    );
  });

  it('checks model, CSV and calendar values with the key in the message', () => {
    rejects(
      'commission: per-lot:1\n',
      /bad\.yaml: commission "per-lot:1": unknown model "per-lot"/,
    );
    rejects(
      'slippage: { model: fixed-bps, bps: lots }\n',
      /bad\.yaml: slippage "fixed-bps:bps=lots": bps must be a non-negative decimal/,
    );
    rejects(
      'commission: { equity: per-share:0.005, bonds: none }\n',
      /commission: "bonds" is not an asset class/,
    );
    rejects('data:\n  delimiter: ab\n', /bad\.yaml: data\.delimiter "ab" is not a field separator/);
    writeFileSync(join(work, 'sessions.txt'), '2010-01-04\nsoon\n');
    rejects(
      'calendarFile: sessions.txt\n',
      /bad\.yaml: calendarFile .*sessions\.txt, line 2: "soon" is not a date/,
    );
  });

  it('refuses two origins of the bars, unreadable files and broken syntax', () => {
    rejects('data:\n  bundle: demo\n  csv: data\n', /data\.bundle and data\.csv are set together/);
    rejects('strategy: [unclosed\n', /bad\.yaml is not valid YAML/);
    rejects('{"strategy": }', /bad\.json is not valid JSON/, 'bad.json');
    rejects('strategy: s.ts\n', /name the file \.yaml, \.yml or \.json/, 'bad.toml');
    assert.throws(
      () => loadRunConfig(join(work, 'none.yaml')),
      /--config .*none\.yaml: cannot read it \(ENOENT\)/,
    );
  });
});

// The packed package, installed offline into a user's own projects (one with
// "type": "module", one without), runs strategies of every supported extension
// that import rustybt and rustybt/indicators. This is the guard for strategy
// loading: whatever changes in the loader, these must pass.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { docBlocks } from '../helpers/doc-blocks.js';
import { installedProject, runCommand, userEnv, writeFiles } from '../helpers/user-project.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');

// The first year of the sample GOOG bars (examples/data, real daily bars from Yahoo).
const goog = readFileSync(join(root, 'examples/data/GOOG.csv'), 'utf8')
  .split('\n')
  .slice(0, 253)
  .join('\n');

const hooks = (typed: boolean, fastFrom: string) => {
  const ctx = typed ? 'ctx: AlgorithmContext' : 'ctx';
  const ret = typed ? ': void' : '';
  return `${fastFrom}
export function initialize(${ctx})${ret} {
  if (typeof ConfigError !== 'function') throw new Error('the package root did not load');
  const goog = ctx.symbol('GOOG');
  ctx.indicator('fast', fast(), [goog]);
  ctx.indicator('slow', sma(20), [goog]);
}

export function handleData(${ctx})${ret} {
  const goog = ctx.symbol('GOOG');
  if (ctx.indicators.crossover('fast', 'slow', goog.sid)) ctx.orderTargetPercent(goog, 0.9);
  if (ctx.indicators.crossunder('fast', 'slow', goog.sid)) ctx.orderTarget(goog, 0);
}
`;
};

const tsImports = `import { sma } from 'rustybt/indicators';
import { ConfigError, type AlgorithmContext } from 'rustybt';
const fast = () => sma(5);`;
const jsImports = `import { sma } from 'rustybt/indicators';
import { ConfigError } from 'rustybt';
const fast = () => sma(5);`;

/** The same strategy as .ts (through a helper module), .mts, .cts, .js and .mjs. */
function strategies(helperSpecifier: string): Record<string, string> {
  return {
    'data/GOOG.csv': goog,
    'lib/signals.ts': `import { sma } from 'rustybt/indicators';\nexport const fast = () => sma(5);\n`,
    'strategy.ts': hooks(
      true,
      `import { sma } from 'rustybt/indicators';
import { ConfigError, type AlgorithmContext } from 'rustybt';
import { fast } from '${helperSpecifier}';`,
    ),
    'strategy.mts': hooks(true, tsImports),
    'strategy.cts': hooks(true, tsImports),
    'strategy.js': hooks(false, jsImports),
    'strategy.mjs': hooks(false, jsImports),
    'legacy.cjs': `const { sma } = require('rustybt/indicators');
module.exports = { initialize(ctx) { ctx.indicator('f', sma(3), [ctx.symbol('GOOG')]); }, handleData() {} };
`,
  };
}

const projects = [
  {
    kind: 'a CommonJS project (no "type" in package.json, tsconfig module commonjs)',
    packageJson: {},
    helper: './lib/signals',
    tsconfig: { module: 'commonjs', moduleResolution: 'node10' },
  },
  {
    kind: 'an ES module project ("type": "module", tsconfig module nodenext)',
    packageJson: { type: 'module' },
    helper: './lib/signals.js',
    tsconfig: { module: 'nodenext', moduleResolution: 'nodenext' },
  },
];

for (const project of projects) {
  describe(`rustybt installed from its tarball into ${project.kind}`, () => {
    let dir = '';
    before(async () => {
      dir = await installedProject('user-strategies', project.packageJson);
      writeFiles(dir, {
        ...strategies(project.helper),
        'tsconfig.json': JSON.stringify({
          compilerOptions: {
            ...project.tsconfig,
            target: 'es2022',
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: [],
          },
          files: ['strategy.ts', 'lib/signals.ts'],
        }),
      });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const run = (file: string) =>
      runCommand(
        'npx',
        [
          'rustybt',
          'run',
          '-f',
          file,
          '--csv-dir',
          'data',
          '--start',
          '2010-01-04',
          '--end',
          '2010-12-31',
        ],
        dir,
      );

    it('runs the same strategy written as .ts, .mts, .cts, .js and .mjs, with identical summaries', async () => {
      const summaries: string[] = [];
      for (const file of [
        'strategy.ts',
        'strategy.mts',
        'strategy.cts',
        'strategy.js',
        'strategy.mjs',
      ]) {
        const result = await run(file);
        assert.equal(result.status, 0, `${file}:\n${result.stderr}`);
        assert.doesNotMatch(result.stderr, /error/i, file);
        assert.match(result.stdout, /^Backtest 2010-01-04 \.\. 2010-12-31: 252 sessions/, file);
        // The declared indicators crossed: the strategy traded.
        assert.match(result.stdout, /Trades\s+[1-9]\d* fills/, file);
        summaries.push(result.stdout);
      }
      for (const summary of summaries.slice(1)) assert.equal(summary, summaries[0]);
    });

    it('type-checks the strategy against the installed declarations', async () => {
      const result = await runCommand(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
      assert.equal(result.status, 0, result.stdout + result.stderr);
    });

    it('tells a .cjs file that requires rustybt to use import instead', async () => {
      const result = await run('legacy.cjs');
      assert.equal(result.status, 1);
      assert.match(result.stderr, /rustybt is an ES module package: load it with `import/);
      assert.match(result.stderr, /name the strategy \.ts, \.mts, \.js or \.mjs/);
    });
  });
}

// One CommonJS project (no "type") with the tarball installed serves the init and the docs tests.
let sharedProject: Promise<string> | undefined;
const userProject = () => (sharedProject ??= installedProject('user-init', {}));
after(async () => {
  if (sharedProject !== undefined) rmSync(await sharedProject, { recursive: true, force: true });
});

describe('rustybt bench from the installed package', () => {
  it('measures a cell in child processes of the installed package, and rustybt/bench imports', async () => {
    const project = await userProject();
    const home = mkdtempSync(join(tmpdir(), 'rustybt-bench-home-'));
    try {
      const args = [
        'rustybt',
        'bench',
        '--cells',
        'daily-simple-10',
        '--modes',
        'decimal-rust,decimal-ts',
      ];
      const run = await runCommand(
        'npx',
        // No history: this install skipped better-sqlite3's build (see installedProject).
        [...args, '--rounds', '1', '--no-modules', '--no-history', '--json'],
        project,
        userEnv({ RUSTYBT_HOME: home }),
      );
      assert.equal(run.status, 0, run.stderr);
      const result = JSON.parse(run.stdout) as {
        commit: string;
        results: { mode: string; status: string; assetBars: number }[];
      };
      // The user's project is no checkout of rustybt: no commit is claimed.
      assert.equal(result.commit, 'unknown');
      assert.deepEqual(
        result.results.map((r) => [r.mode, r.status, r.assetBars]),
        [
          ['decimal-rust', 'ok', 5020],
          ['decimal-ts', 'ok', 5020],
        ],
      );
      writeFiles(project, {
        'bench-cells.mjs': `import { gridCells, BENCH_MODES } from 'rustybt/bench';\nconsole.log(gridCells().length, BENCH_MODES.join(','));\n`,
      });
      const library = await runCommand(process.execPath, ['bench-cells.mjs'], project);
      assert.equal(library.stdout, '24 decimal-rust,float-rust,decimal-ts\n', library.stderr);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('rustybt init from the installed package', () => {
  let project = '';
  let elsewhere = '';
  before(async () => {
    project = await userProject();
    elsewhere = mkdtempSync(join(tmpdir(), 'rustybt-init-'));
  });
  after(() => rmSync(elsewhere, { recursive: true, force: true }));

  it('scaffolds a project in another folder that runs its backtest.yaml at once, offline', async () => {
    const target = join(elsewhere, 'my-strategy');
    const init = await runCommand('npx', ['rustybt', 'init', target], project);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /Installed rustybt \(a link to /);
    const run = await runCommand('npx', ['rustybt', 'run', '--config', 'backtest.yaml'], target);
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /^Backtest 2011-01-03 \.\. 2012-12-31: 502 sessions, daily, decimal, XNYS,/,
    );
    assert.match(run.stdout, /Trades +[1-9]\d* fills/);
    assert.ok(existsSync(join(target, 'results.json')));
    const script = await runCommand('npm', ['run', '--silent', 'backtest'], target);
    assert.equal(script.stdout, run.stdout);
  });

  it("type-checks the scaffold's strategy with its own tsconfig", async () => {
    const target = join(elsewhere, 'typed');
    const init = await runCommand('npx', ['rustybt', 'init', target], project);
    assert.equal(init.status, 0, init.stderr);
    const result = await runCommand(process.execPath, [tsc, '-p', 'tsconfig.json'], target);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});

// The commands of the guides, run as written in a user's project with the packed package.
describe('the commands in docs/guide, run as written', () => {
  let project = '';
  before(async () => {
    project = await userProject();
  });
  const shell = (script: string, cwd: string) => runCommand('bash', ['-e', '-c', script], cwd);
  const scaffold = () => join(project, 'my-strategy');

  it('getting-started.md "Your project": init, cd, run print the report shown', async () => {
    const [commands] = docBlocks('guide/getting-started.md', 'Your project', 'sh');
    const [report] = docBlocks('guide/getting-started.md', 'Your project', 'text');
    const result = await shell(commands, project);
    assert.equal(result.status, 0, result.stderr);
    const printed = result.stdout.slice(result.stdout.indexOf('Backtest '));
    assert.equal(printed.replaceAll(project, '...'), report);
  });

  it('getting-started.md "Run it from the command line" runs in that project', async () => {
    const [commands] = docBlocks('guide/getting-started.md', 'Run it from the command line', 'sh');
    const result = await shell(commands, scaffold());
    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(join(scaffold(), 'results.csv')));
  });

  it('run-config.md: the complete example, run with and without overriding flags', async () => {
    const [example] = docBlocks('guide/run-config.md', 'A complete example', 'yaml');
    writeFileSync(join(scaffold(), 'backtest.yaml'), example);
    const [commands] = docBlocks('guide/run-config.md', 'Run config files', 'sh');
    const result = await shell(commands, scaffold());
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Benchmark return/);
    assert.ok(existsSync(join(scaffold(), 'h1.json')));
  });

  it('cli.md "Reading CSV files": the German export example', async () => {
    const [commands] = docBlocks('guide/cli.md', 'Reading CSV files', 'sh');
    const rows = readFileSync(join(root, 'examples/data/GOOG.csv'), 'utf8').trim().split('\n');
    const german = rows.slice(1).map((row) => {
      const [date, ...rest] = row.split(',');
      const [y, m, d] = date.split('-');
      return [`${d}/${m}/${y}`, ...rest].join(';');
    });
    mkdirSync(join(scaffold(), 'exports'), { recursive: true });
    writeFileSync(
      join(scaffold(), 'exports/GOOG.csv'),
      `Datum;Eröffnung;Hoch;Tief;Schluss;Umsatz\n${german.join('\n')}\n`,
    );
    const result = await shell(commands, scaffold());
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Backtest 2010-01-04 \.\. 2010-12-31: 252 sessions/);
  });
});

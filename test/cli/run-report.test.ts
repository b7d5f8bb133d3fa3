import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { formatRunSummary, sparkline } from '../../src/cli/commands/run-summary.js';
import { runAlgorithm } from '../../src/engine/algorithm/run-algorithm.js';
import { runCli } from '../helpers/cli.js';
import { realDailyFrame } from '../helpers/real-bars.js';
import { smaCross } from '../engine/algorithm/golden-strategies.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const strategy = join(root, 'examples', 'dual-moving-average.ts');
const data = join(root, 'examples', 'data');
const range = [
  '--start',
  '2010-01-04',
  '--end',
  '2013-03-01',
  '--symbols',
  'GOOG',
  '--benchmark',
  'GOOG',
];

let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), 'rustybt-run-report-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(args, { RUSTYBT_HOME: join(work, 'home') }, work);

describe('rustybt run --report', () => {
  it('writes the results and the report, and --quiet prints nothing', async () => {
    const run = await cli([
      'run',
      '-f',
      strategy,
      '--csv-dir',
      data,
      ...range,
      '-o',
      'out/r.json',
      '--report',
      'out/r.html',
      '--quiet',
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, '');
    const html = readFileSync(join(work, 'out', 'r.html'), 'utf8');
    const results = JSON.parse(readFileSync(join(work, 'out', 'r.json'), 'utf8')) as {
      risk: { sharpe: number };
    };
    assert.match(
      html,
      new RegExp(
        `data-key="sharpe" data-value="${String(results.risk.sharpe).replace('.', '\\.')}"`,
      ),
    );
    assert.match(
      html,
      /commission PerShare; slippage FixedBasisPoints; fills at the next bar&#39;s open/,
    );
  });

  it('says where the report went', async () => {
    const run = await cli([
      'run',
      '-f',
      strategy,
      '--csv-dir',
      data,
      ...range,
      '--report',
      'said.html',
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /Max drawdown +-\d+\.\d\d % \(peak \d{4}-\d\d-\d\d, low \d{4}-\d\d-\d\d, (not recovered|recovered \d{4}-\d\d-\d\d); \d+ sessions\)/,
    );
    assert.match(run.stdout, /Report written to said\.html\n$/);
    assert.doesNotMatch(run.stdout, /Equity/, 'no sparkline into a pipe');
  });

  it('refuses an unwritable report path before running, writing no results', async () => {
    writeFileSync(join(work, 'a-file'), 'x');
    const run = await cli([
      'run',
      '-f',
      strategy,
      '--csv-dir',
      data,
      ...range,
      '-o',
      'never.json',
      '--report',
      'a-file/report.html',
    ]);
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /^rustybt: Cannot write the report to a-file\/report\.html: .*a-file is not a directory\. \[ERR_REPORT\]\n$/,
    );
    assert.ok(!existsSync(join(work, 'never.json')));
  });
});

describe('the run summary on a terminal', () => {
  it('adds an equity sparkline that follows the portfolio value', async () => {
    const results = await runAlgorithm({
      strategy: smaCross,
      frames: [realDailyFrame('GOOG.csv', 'GOOG', 2)],
      start: '2011-01-03',
      end: '2012-12-31',
      capitalBase: '100000',
    });
    const line = formatRunSummary(results, { terminal: true, sparklineWidth: 30 })
      .split('\n')
      .find((l) => l.includes('Equity'));
    assert.ok(line !== undefined);
    assert.match(line, /Equity +[▁▂▃▄▅▆▇█]{30}$/);
    assert.doesNotMatch(formatRunSummary(results), /Equity/);
  });

  it('draws the lowest value with the lowest block and the highest with the highest', () => {
    assert.equal(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8), '▁▂▃▄▅▆▇█');
    assert.equal(sparkline([5, 5, 5], 10), '▄▄▄');
    assert.equal(sparkline([3, 1, NaN, 2], 3), '█▁▅');
  });
});

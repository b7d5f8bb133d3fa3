import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  checkReportPath,
  renderReport,
  reportFromFiles,
  writeReport,
} from '../../../src/analytics/report/render-report.js';
import { readResultsFile } from '../../../src/analytics/report/results-document.js';
import { exportResults } from '../../../src/analytics/results-export.js';
import type { BacktestResults } from '../../../src/engine/algorithm/results.js';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import { ReportError, ResultsFileError } from '../../../src/errors/index.js';
import { runCli } from '../../helpers/cli.js';
import { realDailyFrame } from '../../helpers/real-bars.js';
import { smaCross } from '../../engine/algorithm/golden-strategies.js';

let dir: string;
let results: BacktestResults;
let resultsPath: string;
const frames = [realDailyFrame('GOOG.csv', 'GOOG', 2)];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rustybt-report-input-'));
  results = await runAlgorithm({
    strategy: smaCross,
    frames,
    start: '2011-01-03',
    end: '2012-12-31',
    capitalBase: '100000',
    benchmark: 'GOOG',
  });
  resultsPath = join(dir, 'run.json');
  await exportResults(results, resultsPath);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The page's visible text, without style, script and tags. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<script>[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ');
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function rejectsWith(path: string, pattern: RegExp): Promise<void> {
  await assert.rejects(readResultsFile(path), (error: unknown) => {
    assert.ok(error instanceof ResultsFileError, String(error));
    assert.equal(error.code, 'ERR_RESULTS_FILE');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('results files a report cannot use', () => {
  it('names a missing file and says how to write one', async () => {
    await rejectsWith(
      join(dir, 'nope.json'),
      /Cannot read results file .*nope\.json \(ENOENT\).*rustybt run … -o/,
    );
  });

  it('says a truncated file is cut short', async () => {
    const text = readFileSync(resultsPath, 'utf8');
    await rejectsWith(
      write('cut.json', text.slice(0, Math.floor(text.length / 2))),
      /is cut short .*interrupted/,
    );
  });

  it('refuses a JSON file from another tool, naming its keys', async () => {
    await rejectsWith(
      write('other.json', JSON.stringify({ returns: [0.01, -0.02], benchmark: 'SPY' })),
      /not a rustybt results file.*returns, benchmark/,
    );
    await rejectsWith(write('array.json', '[1, 2, 3]'), /not a rustybt results file/);
  });

  it('refuses a CSV export with a pointer to the JSON', async () => {
    await exportResults(results, join(dir, 'run.csv'));
    await rejectsWith(join(dir, 'run.csv'), /not a JSON results file/);
  });

  it('refuses results of a newer rustybt', async () => {
    const document = JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>;
    await rejectsWith(
      write('newer.json', JSON.stringify({ ...document, format: 'rustybt-results/99' })),
      /newer rustybt.*format 99/,
    );
  });

  it('names the first field out of place in a damaged file', async () => {
    const document = JSON.parse(readFileSync(resultsPath, 'utf8')) as {
      performance: Record<string, unknown>[];
    };
    document.performance[3].portfolioValue = 12;
    await rejectsWith(
      write('damaged.json', JSON.stringify(document)),
      /performance\.3\.portfolioValue/,
    );
  });
});

describe('results of an older rustybt', () => {
  it('derives round trips, drawdowns, the benchmark and the statistics, and says positions over time are missing', async () => {
    const document = JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>;
    const older: Record<string, unknown> = { ...document };
    for (const key of ['format', 'positionsOverTime', 'roundTrips', 'drawdowns', 'benchmark'])
      delete older[key];
    older.risk = Object.fromEntries(
      Object.entries(document.risk as Record<string, unknown>).filter(([k]) =>
        ['sharpe', 'totalReturn', 'maxDrawdown'].includes(k),
      ),
    );
    const doc = await readResultsFile(write('older.json', JSON.stringify(older)));
    assert.deepEqual(doc.roundTrips, document.roundTrips);
    assert.deepEqual(doc.drawdowns, document.drawdowns);
    assert.deepEqual(doc.benchmark, document.benchmark);
    assert.equal(doc.positionsOverTime, null);
    assert.match(doc.missing[0], /positions over time/);
    for (const key of ['sharpe', 'kelly', 'omega', 'bestMonth', 'exposureTime', 'beta'] as const) {
      assert.ok(
        Math.abs(doc.risk[key] - results.risk[key]) <=
          1e-12 * Math.max(1, Math.abs(results.risk[key])),
        key,
      );
    }
    const html = renderReport(doc);
    assert.match(html, /Not in these results:.*positions over time/);
    assert.match(html, /data-chart="exposure" data-missing="true"/);
    assert.doesNotMatch(visibleText(html), /NaN|Infinity|undefined/);
  });
});

describe('runs with little in them', () => {
  it('reports a run without trades or benchmark, saying what is missing', async () => {
    const idle = await runAlgorithm({
      strategy: { initialize() {}, handleData() {} },
      frames,
      start: '2012-01-03',
      end: '2012-12-31',
      capitalBase: '1000',
    });
    const html = renderReport(idle);
    const text = visibleText(html);
    assert.doesNotMatch(text, /NaN|Infinity|undefined|null/);
    assert.match(text, /No round trip closed in this run \(no fills\)/);
    assert.match(text, /no benchmark/);
    assert.match(html, /data-chart="rolling-beta" data-missing="true"/);
    assert.match(html, /data-key="winRate" data-value=""/);
    assert.match(text, /The portfolio never fell below its high-water mark/);
  });

  it('reports a run of one session with captions instead of empty charts', async () => {
    const one = await runAlgorithm({
      strategy: smaCross,
      frames,
      start: '2012-06-01',
      end: '2012-06-01',
      capitalBase: '1000',
    });
    const html = renderReport(one);
    assert.doesNotMatch(visibleText(html), /NaN|Infinity|undefined/);
    for (const id of ['cumulative', 'rolling-sharpe', 'distribution']) {
      assert.match(html, new RegExp(`data-chart="${id}" data-missing="true"`), id);
    }
    assert.match(visibleText(html), /only 1 session/);
  });
});

describe('a comparison of runs', () => {
  it('overlays the runs and lists each statistic in a column per run', async () => {
    const other = await runAlgorithm({
      strategy: smaCross,
      frames,
      start: '2012-01-03',
      end: '2012-12-31',
      capitalBase: '5000',
    });
    const html = renderReport([results, other], ['two years', 'one year']);
    assert.match(html, /<h1>Comparison of 2 runs<\/h1>/);
    for (const id of ['compare-cumulative', 'compare-underwater']) {
      assert.match(
        html,
        new RegExp(`data-chart="${id}" data-kind="line" data-series-colors="[^",]+,[^",]+"`),
      );
    }
    const sharpe = [...html.matchAll(/data-key="sharpe" data-value="([^"]*)"/g)].map((m) =>
      Number(m[1]),
    );
    assert.deepEqual(sharpe, [results.risk.sharpe, other.risk.sharpe]);
    assert.doesNotMatch(visibleText(html), /NaN|Infinity|undefined/);
  });
});

describe('report output paths', () => {
  it('refuses a path that is not .html, a directory, or below a file, before any work', async () => {
    assert.throws(() => checkReportPath(join(dir, 'report.pdf')), ReportError);
    mkdirSync(join(dir, 'folder.html'));
    assert.throws(() => checkReportPath(join(dir, 'folder.html')), /is a directory/);
    assert.throws(() => checkReportPath(join(resultsPath, 'report.html')), /is not a directory/);
    // The output is checked before the (missing) results are read.
    await assert.rejects(
      reportFromFiles([join(dir, 'missing.json')], join(dir, 'x.pdf')),
      ReportError,
    );
  });

  it('writes the page whole, creating missing folders', async () => {
    const path = join(dir, 'deeper', 'still', 'report.html');
    await writeReport(results, path);
    assert.ok(existsSync(path));
    assert.match(readFileSync(path, 'utf8'), /^<!doctype html>/);
  });
});

describe('rustybt report', () => {
  it('writes the report beside the results file and prints where', async () => {
    const run = await runCli(['report', resultsPath], { RUSTYBT_HOME: dir }, dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Report written to .*run\.html \(\d+ KB, [\d.]+ s\)/);
    assert.ok(existsSync(join(dir, 'run.html')));
  });

  it('prints a truncated file’s problem without a stack and exits 1', async () => {
    const text = readFileSync(resultsPath, 'utf8');
    const cut = write('cut-cli.json', text.slice(0, 1000));
    const run = await runCli(
      ['report', cut, '-o', join(dir, 'cut.html')],
      { RUSTYBT_HOME: dir },
      dir,
    );
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^rustybt: .*cut short.*\[ERR_RESULTS_FILE\]\n$/);
    assert.ok(!existsSync(join(dir, 'cut.html')), 'no page for failed input');
  });
});

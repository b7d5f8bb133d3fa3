/// <reference lib="dom" />
// Renders reports of the demo run and of a crypto minute run in a real headless Chromium
// (Debian's chromium, installed by .ci/run) and checks what a reader would see.
// Screenshots go to artifacts/report-screenshots/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeReport } from '../../../src/analytics/report/render-report.js';
import { exportResults } from '../../../src/analytics/results-export.js';
import { runCli } from '../../helpers/cli.js';
import { cryptoMinuteRun } from './crypto-minute-run.js';

const CHROMIUM = process.env.RUSTYBT_CHROMIUM ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../..', import.meta.url));
const artifacts = join(root, 'artifacts', 'report-screenshots');
// In CI chromium must be there (.ci/run installs it); elsewhere the test says why it skips.
const skip =
  !existsSync(CHROMIUM) && process.env.CI === undefined
    ? `no Chromium at ${CHROMIUM} (apt-get install chromium)`
    : false;

type Row = Record<string, string | number | null>;
interface ResultsJson {
  meta: { benchmark: string | null; currency: string };
  risk: Record<string, number | null>;
  performance: Row[];
  roundTrips: Row[];
  drawdowns: Row[];
}

const ALL_CHARTS = [
  'cumulative',
  'cumulative-log',
  'underwater',
  'rolling-sharpe',
  'rolling-volatility',
  'rolling-beta',
  'monthly',
  'annual',
  'distribution',
  'exposure',
  'top-positions',
  'turnover',
];

let work: string;
let browser: Browser;
const reports: Record<string, { html: string; results: ResultsJson }> = {};

before(async () => {
  if (skip !== false) return;
  work = mkdtempSync(join(tmpdir(), 'rustybt-report-browser-'));
  mkdirSync(artifacts, { recursive: true });
  // The demo as a user runs it: the CLI writes the results and the report.
  const demo = await runCli(
    ['demo', '--report', 'demo.html', '-o', 'demo.json'],
    { RUSTYBT_HOME: join(work, 'home') },
    work,
  );
  assert.equal(demo.status, 0, demo.stderr);
  reports.demo = {
    html: join(work, 'demo.html'),
    results: JSON.parse(readFileSync(join(work, 'demo.json'), 'utf8')) as ResultsJson,
  };
  // A crypto run on minute bars, reported through the library.
  const crypto = await cryptoMinuteRun();
  await exportResults(crypto, join(work, 'crypto.json'));
  await writeReport(crypto, join(work, 'crypto.html'));
  reports.crypto = {
    html: join(work, 'crypto.html'),
    results: JSON.parse(readFileSync(join(work, 'crypto.json'), 'utf8')) as ResultsJson,
  };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

/** Opens a page offline, collecting console errors and failed requests. */
async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  // Any request beyond the file itself would need a network: refuse it.
  await page.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort(),
  );
  await page.goto(`file://${path}`);
  return { page, errors };
}

/** What each drawn chart shows: for every series colour, the longest line and the number of filled shapes. */
async function chartsDrawn(page: Page) {
  return page.$$eval('figure[data-chart]', (figures) =>
    figures.map((figure) => {
      const colors = (figure.getAttribute('data-series-colors') ?? '')
        .split(',')
        .filter((c) => c !== '');
      const paths = Array.from(figure.querySelectorAll('svg path'));
      return {
        id: figure.getAttribute('data-chart') ?? '',
        missing: figure.getAttribute('data-missing') === 'true',
        kind: figure.getAttribute('data-kind') ?? '',
        svg: figure.querySelector('svg') !== null,
        width: figure.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        series: colors.map((color) => ({
          color,
          longestLine: Math.max(
            0,
            ...paths
              .filter((p) => p.getAttribute('stroke') === color)
              .map((p) => (p.getAttribute('d') ?? '').length),
          ),
          filled: paths.filter((p) => p.getAttribute('fill') === color).length,
        })),
        cellLabels: Array.from(figure.querySelectorAll('svg text')).filter((t) =>
          /^-?\d+\.\d$/.test(t.textContent ?? ''),
        ).length,
      };
    }),
  );
}

const percent = (v: number) => `${(v * 100).toFixed(2)}%`;
const ratio = (v: number) => v.toFixed(2);
const FORMAT: Record<string, (v: number) => string> = {
  totalReturn: percent,
  annualReturn: percent,
  annualVolatility: percent,
  maxDrawdown: percent,
  sharpe: ratio,
  sortino: ratio,
  calmar: ratio,
  beta: ratio,
  winRate: percent,
  tradeCount: (v) => v.toFixed(0),
};

for (const name of ['demo', 'crypto']) {
  describe(`the ${name} report in a headless Chromium`, { skip }, () => {
    let page: Page;
    let errors: string[];
    let results: ResultsJson;
    before(async () => {
      ({ page, errors } = await open(reports[name].html));
      results = reports[name].results;
      await page.screenshot({ path: join(artifacts, `${name}-report.png`), fullPage: true });
      await page.screenshot({ path: join(artifacts, `${name}-report-top.png`) });
    });

    it('loads without console errors or network requests', () => {
      assert.deepEqual(errors, []);
    });

    it('draws every chart, each series visibly', async () => {
      const charts = await chartsDrawn(page);
      assert.deepEqual(
        charts.map((c) => c.id),
        ALL_CHARTS,
      );
      const years = new Set(results.performance.map((row) => String(row.session).slice(0, 4))).size;
      const months = new Set(results.performance.map((row) => String(row.session).slice(0, 7)))
        .size;
      for (const chart of charts) {
        assert.equal(chart.missing, false, `${chart.id} is drawn`);
        assert.ok(chart.svg && chart.width > 600, `${chart.id} has an SVG at page width`);
        if (chart.kind === 'line') {
          for (const s of chart.series)
            assert.ok(s.longestLine > 200, `${chart.id}: series ${s.color} draws a line`);
        } else if (chart.id === 'annual') {
          for (const s of chart.series)
            assert.ok(s.filled >= years, `${chart.id}: ${s.color} has a bar per year`);
        } else if (chart.id === 'monthly') {
          assert.equal(chart.cellLabels, months, 'a labelled cell per month');
        } else {
          assert.ok(
            chart.series.some((s) => s.filled > 5),
            `${chart.id} draws its bars`,
          );
        }
      }
      const expectedSeries = {
        cumulative: 2,
        exposure: 4,
        'top-positions': name === 'demo' ? 1 : 2,
      };
      for (const [id, count] of Object.entries(expectedSeries)) {
        assert.equal(charts.find((c) => c.id === id)?.series.length, count, `${id} series`);
      }
    });

    it('shows the results’ statistics, exact behind the text', async () => {
      const cells = await page.$$eval('td[data-key]', (tds) =>
        tds.map((td) => ({
          key: td.getAttribute('data-key') ?? '',
          value: td.getAttribute('data-value') ?? '',
          text: td.textContent ?? '',
        })),
      );
      assert.ok(cells.length >= 35, `${cells.length} statistics`);
      for (const cell of cells) {
        const expected = results.risk[cell.key];
        assert.ok(cell.key in results.risk, cell.key);
        assert.equal(cell.value, expected === null ? '' : String(expected), cell.key);
        const format = FORMAT[cell.key];
        if (format !== undefined && expected !== null)
          assert.equal(cell.text, format(expected), cell.key);
      }
      const text = await page.evaluate(() => document.body.innerText);
      assert.doesNotMatch(text, /NaN|Infinity|undefined/);
      const finalValue = results.performance.at(-1)!.portfolioValue;
      assert.equal(
        await page.getAttribute('.card[data-key="finalValue"]', 'data-value'),
        finalValue,
      );
    });

    it('lists the drawdowns and round trips of the results', async () => {
      const drawdowns = await page.$$eval('#drawdowns tbody tr', (rows) =>
        rows.map((r) =>
          Array.from((r as HTMLTableRowElement).cells).map((c) => c.getAttribute('data-value')),
        ),
      );
      assert.deepEqual(
        drawdowns.map((cells) => [cells[1], cells[4]]),
        results.drawdowns.map((d) => [d.peak, String(d.depth)]),
      );
      const pnl = await page.$$eval('#round-trips tbody tr', (rows) =>
        rows.map((r) => (r as HTMLTableRowElement).cells[7].getAttribute('data-value')),
      );
      assert.equal(pnl.length, Math.min(500, results.roundTrips.length));
      if (results.roundTrips.length <= 500)
        assert.deepEqual(
          pnl,
          results.roundTrips.map((t) => t.pnl),
        );
    });

    it('sorts the round trips by P&L when its header is clicked', async () => {
      await page.click('#round-trips th:nth-child(8)');
      const pnl = await page.$$eval('#round-trips tbody tr', (rows) =>
        rows.map((r) => Number((r as HTMLTableRowElement).cells[7].getAttribute('data-value'))),
      );
      assert.deepEqual(
        pnl,
        [...pnl].sort((a, b) => b - a),
      );
    });
  });
}

/// <reference lib="dom" />
// The benchmark dashboard as a user gets it: runs stored in a real SQLite history, the page
// written by `rustybt bench --no-run --report`, opened offline in Debian's headless Chromium
// (installed by .ci/run). Every chart must draw the stored figures. Screenshot: artifacts/bench-report/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BenchHistoryStore } from '../../src/bench/history-store.js';
import { runCli } from '../helpers/cli.js';
import { fakeRun, type FakeCell } from './bench-fixtures.js';

const CHROMIUM = process.env.RUSTYBT_CHROMIUM ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(root, 'artifacts', 'bench-report');
const skip =
  !existsSync(CHROMIUM) && process.env.CI === undefined
    ? `no Chromium at ${CHROMIUM} (apt-get install chromium)`
    : false;

// Figures chosen so that every label differs: CPU ms per round, peak RSS MB.
const A = 'minute-simple-100';
const B = 'hourly-complex-50';
const cells = (scale: number): FakeCell[] => [
  {
    cell: A,
    mode: 'decimal-rust',
    cpuMs: [40 * scale, 44 * scale, 41 * scale],
    rssMb: 311,
    modules: { data: 10, 'rust core': 50, metrics: 25, other: 15 },
  },
  { cell: A, mode: 'float-rust', cpuMs: [36, 38, 37], rssMb: 302 },
  { cell: A, mode: 'decimal-ts', cpuMs: [130, 125, 128], rssMb: 287 },
  {
    cell: B,
    mode: 'decimal-rust',
    cpuMs: [25 * scale, 26 * scale, 27 * scale],
    rssMb: 174,
    modules: { indicators: 30, 'engine loop': 45, strategy: 25 },
  },
  { cell: B, mode: 'float-rust', cpuMs: [29, 31, 30], rssMb: 169 },
  { cell: B, mode: 'decimal-ts', cpuMs: [66, 70, 64], rssMb: 151 },
];
const older = fakeRun('0.0.9', '2026-01-01T09:00:00.000Z', cells(1.5));
const latest = fakeRun('0.1.0', '2026-02-01T09:00:00.000Z', cells(1));
const foreign = fakeRun('0.0.8', '2026-01-15T09:00:00.000Z', cells(9), 'other-machine');

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[1];
const cpu = (list: FakeCell[], cell: string, mode: string) =>
  median(list.find((c) => c.cell === cell && c.mode === mode)!.cpuMs);
const assetBars = { [A]: 100 * 1000, [B]: 50 * 1000 };

let work: string;
let browser: Browser;
let page: Page;
const errors: string[] = [];

before(async () => {
  if (skip !== false) return;
  work = mkdtempSync(join(tmpdir(), 'rustybt-bench-report-'));
  mkdirSync(artifacts, { recursive: true });
  const store = BenchHistoryStore.open(join(work, 'home', 'bench-history.sqlite'));
  for (const run of [older, foreign, latest]) store.append(run);
  store.close();
  const result = await runCli(
    ['bench', '--no-run', '--report', 'report.html'],
    { RUSTYBT_HOME: join(work, 'home') },
    work,
  );
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /report written to report\.html \(3 runs\)/);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort(),
  );
  await page.goto(`file://${join(work, 'report.html')}`);
  await page.screenshot({ path: join(artifacts, 'bench-report.png'), fullPage: true });
});

after(async () => {
  await browser?.close();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

/** The labels drawn in a chart's SVG. */
function labels(id: string): Promise<string[]> {
  return page.$$eval(`figure[data-chart="${id}"] svg text`, (texts) =>
    texts.map((t) => t.textContent ?? ''),
  );
}

describe('the benchmark dashboard in a headless Chromium', { skip }, () => {
  it('renders offline without console errors, every chart as an SVG at page width', async () => {
    assert.deepEqual(errors, []);
    const charts = await page.$$eval('figure[data-chart]', (figures) =>
      figures.map((f) => [
        f.getAttribute('data-chart'),
        f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
      ]),
    );
    assert.deepEqual(
      charts.map(([id]) => id),
      [
        'throughput-minute',
        'throughput-hourly',
        'rust-benefit',
        'decimal-overhead',
        'memory',
        'modules',
      ],
    );
    for (const [id, width] of charts)
      assert.ok((width as number) > 600, `${id} drawn at page width`);
  });

  it('plots throughput by version from this machine’s runs only', async () => {
    for (const [id, cell] of [
      ['throughput-minute', A],
      ['throughput-hourly', B],
    ] as const) {
      const expected = [older, latest].map((run, i) => {
        const list = cells(i === 0 ? 1.5 : 1);
        return (assetBars[cell] / (cpu(list, cell, 'decimal-rust') / 1000) / 1e6).toFixed(2);
      });
      const drawn = await labels(id);
      for (const label of expected)
        assert.ok(drawn.includes(label), `${id}: ${label} in ${drawn.join(' ')}`);
      assert.ok(drawn.includes('0.0.9') && drawn.includes('0.1.0'));
      assert.ok(!drawn.includes('0.0.8'), 'the other machine’s run is left out');
    }
  });

  it('shows the Rust benefit and decimal overhead of the latest run', async () => {
    const now = cells(1);
    const benefit = await labels('rust-benefit');
    const overhead = await labels('decimal-overhead');
    for (const cell of [A, B]) {
      const speedup = cpu(now, cell, 'decimal-ts') / cpu(now, cell, 'decimal-rust');
      const ratio = cpu(now, cell, 'decimal-rust') / cpu(now, cell, 'float-rust');
      assert.ok(benefit.includes(speedup.toFixed(2)), `${cell} speed-up ${speedup.toFixed(2)}`);
      assert.ok(overhead.includes(ratio.toFixed(2)), `${cell} overhead ${ratio.toFixed(2)}`);
    }
  });

  it('shows peak memory per cell and mode, and the module shares', async () => {
    const memory = await labels('memory');
    for (const mb of [311, 302, 287, 174, 169, 151])
      assert.ok(memory.includes(String(mb)), `${mb} MB`);
    const modules = await labels('modules');
    for (const share of ['10', '50', '25', '15', '30', '45'])
      assert.ok(modules.includes(share), `${share} %`);
  });

  it('lists the latest run with the exact figures behind the text', async () => {
    const rows = await page.$$eval('#results tbody tr', (trs) =>
      trs.map((tr) =>
        Array.from((tr as HTMLTableRowElement).cells).map(
          (c) => c.getAttribute('data-value') ?? c.textContent,
        ),
      ),
    );
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], Number(r[3]), Number(r[6]) / 2 ** 20]),
      cells(1).map((c) => [c.cell, c.mode, median(c.cpuMs), c.rssMb]),
    );
    const runs = await page.$$eval('#runs tbody tr', (trs) =>
      trs.map((tr) => (tr as HTMLTableRowElement).cells[0].textContent),
    );
    assert.deepEqual(runs, ['0.0.9', '0.0.8', '0.1.0']);
  });
});

// Cost and size of the HTML report for a big run: 10 synthetic XNYS stocks on 1-minute bars for
// a year (~98 k bars each, ~1 M asset-bars), each flipped in and out every few bars (~100 k round
// trips). Measures reading the results file, rendering the page (cold: first render with the
// ECharts load; warm: median of 5), its size, and CPU time beside wall time.
// Run: npm run bench -- report
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportResults } from '../src/analytics/results-export.js';
import { readResultsFile } from '../src/analytics/report/results-document.js';
import { SyntheticSource } from '../src/data/sources/synthetic-source.js';
import { runAlgorithm } from '../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy } from '../src/engine/algorithm/run-options.js';
import { machineLine } from './harness.js';

const SYMBOLS = Array.from({ length: 10 }, (_, i) => `S${String(i).padStart(2, '0')}`);

/** Every stock, staggered: 10 shares bought, sold 5 bars later, bought again 5 bars after that. */
const churn: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.state.bar = 0;
  },
  handleData(ctx) {
    const bar = (ctx.state.bar as number) + 1;
    ctx.state.bar = bar;
    SYMBOLS.forEach((symbol, k) => {
      if ((bar + k) % 5 !== 0) return;
      const asset = ctx.symbol(symbol);
      const held = ctx.portfolio.positions.get(asset)?.amount ?? 0;
      ctx.orderTarget(asset, held === 0 ? 10 : 0);
    });
  },
};

const dir = mkdtempSync(join(tmpdir(), 'rustybt-report-bench-'));
const wall = () => performance.now();
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

process.stdout.write(`${machineLine()}\n\n`);
let t = wall();
const { frames } = await new SyntheticSource({ calendar: 'XNYS', seed: 11 }).fetch(
  SYMBOLS,
  new Date('2024-01-01T00:00:00Z'),
  new Date('2025-01-01T00:00:00Z'),
  '1m',
);
const results = await runAlgorithm({
  strategy: churn,
  frames,
  start: '2024-01-02',
  end: '2024-12-31',
  dataFrequency: 'minute',
  capitalBase: '1000000',
  benchmark: 'S00',
});
const runSeconds = (wall() - t) / 1000;
const resultsPath = join(dir, 'big.json');
await exportResults(results, resultsPath);
process.stdout.write(
  `workload: ${results.meta.assets} assets × ${results.meta.bars} minute bars (${results.meta.assets * results.meta.bars} asset-bars), ${results.risk.tradeCount} round trips, results JSON ${(statSync(resultsPath).size / 1e6).toFixed(1)} MB (run ${runSeconds.toFixed(1)} s)\n\n`,
);

const { renderReport } = await import('../src/analytics/report/render-report.js');
t = wall();
let c = cpu();
const doc = await readResultsFile(resultsPath);
const readMs = wall() - t;
const readCpu = cpu() - c;

t = wall();
c = cpu();
let html = renderReport(doc);
const coldMs = wall() - t;
const coldCpu = cpu() - c;
const warm: { wall: number; cpu: number }[] = [];
for (let i = 0; i < 5; i++) {
  t = wall();
  c = cpu();
  html = renderReport(doc);
  warm.push({ wall: wall() - t, cpu: cpu() - c });
}
warm.sort((a, b) => a.wall - b.wall);
const fromMemory: number[] = [];
for (let i = 0; i < 3; i++) {
  t = wall();
  renderReport(results);
  fromMemory.push(wall() - t);
}
fromMemory.sort((a, b) => a - b);

process.stdout.write(
  [
    '| step | wall ms | CPU ms |',
    '|---|---:|---:|',
    `| read + check results file | ${readMs.toFixed(0)} | ${readCpu.toFixed(0)} |`,
    `| render, first (ECharts already imported) | ${coldMs.toFixed(0)} | ${coldCpu.toFixed(0)} |`,
    `| render, median of 5 (spread ${warm[0].wall.toFixed(0)}–${warm[4].wall.toFixed(0)}) | ${warm[2].wall.toFixed(0)} | ${warm[2].cpu.toFixed(0)} |`,
    `| render from the results in memory, median of 3 | ${fromMemory[1].toFixed(0)} | |`,
    '',
    `page size: ${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB`,
    '',
  ].join('\n'),
);
rmSync(dir, { recursive: true, force: true });

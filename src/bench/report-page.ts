import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { renderChartSvg } from '../analytics/report/chart-render.js';
import { escapeHtml, htmlPage, htmlTable, td } from '../analytics/report/html.js';
import { ReportError } from '../errors/index.js';
import type { BenchRun } from './bench-run.js';
import { describeFingerprint } from './fingerprint.js';
import {
  decimalOverheadChart,
  memoryChart,
  moduleChart,
  rustBenefitChart,
  throughputCharts,
  type BenchChart,
} from './report-charts.js';
import { formatRate } from './summary-table.js';

function figure(chart: BenchChart): string {
  const { spec } = chart;
  const data = escapeHtml(JSON.stringify(chart.points));
  return `<figure data-chart="${spec.id}" data-kind="${spec.kind}" data-digits="${chart.digits}" data-points="${data}">
<h3>${escapeHtml(spec.title)}</h3>
<figcaption>${escapeHtml(spec.caption)}</figcaption>
${renderChartSvg(spec)}
</figure>`;
}

function resultsTable(run: BenchRun): string {
  const rows = run.results.map((r) =>
    r.status === 'failed'
      ? [td(r.cell), td(r.mode), td('failed'), td(r.error ?? ''), td(''), td(''), td('')]
      : [
          td(r.cell),
          td(r.mode),
          td(formatRate(r.cpuThroughput), r.cpuThroughput),
          td(
            `${(r.simulateCpuMs.median / 1000).toFixed(2)} s (${(r.simulateCpuMs.min / 1000).toFixed(2)}–${(r.simulateCpuMs.max / 1000).toFixed(2)})`,
            r.simulateCpuMs.median,
          ),
          td(`${(r.simulateMs.median / 1000).toFixed(2)} s`, r.simulateMs.median),
          td(`${(r.processMs.median / 1000).toFixed(2)} s`, r.processMs.median),
          td(`${(r.maxRssBytes.median / 2 ** 20).toFixed(0)} MB`, r.maxRssBytes.median),
        ],
  );
  return htmlTable(
    'results',
    [
      { label: 'cell' },
      { label: 'mode' },
      { label: 'asset-bars/s (CPU)', numeric: true },
      { label: 'loop CPU (min–max)', numeric: true },
      { label: 'loop wall', numeric: true },
      { label: 'whole process', numeric: true },
      { label: 'peak RSS', numeric: true },
    ],
    rows,
    { sortable: true },
  );
}

function runsTable(history: readonly BenchRun[]): string {
  return htmlTable(
    'runs',
    [
      { label: 'version' },
      { label: 'commit' },
      { label: 'date' },
      { label: 'machine' },
      { label: 'rounds', numeric: true },
      { label: 'cells', numeric: true },
    ],
    history.map((r) => [
      td(r.version),
      td(r.commit),
      td(r.date.slice(0, 16).replace('T', ' ')),
      td(describeFingerprint(r.fingerprint)),
      td(String(r.rounds), r.rounds),
      td(String(new Set(r.results.map((x) => x.cell)).size)),
    ]),
  );
}

/** The dashboard page of a benchmark history, its charts rendered to inline SVG. */
export function benchReportHtml(history: readonly BenchRun[], current: BenchRun): string {
  const charts: BenchChart[] = [
    ...throughputCharts(history, current),
    rustBenefitChart(current),
    decimalOverheadChart(current),
    memoryChart(current),
  ];
  const modules = moduleChart(current);
  if (modules !== undefined) charts.push(modules);
  const body = `<header>
<h1>rustybt benchmarks</h1>
<p>Latest run: rustybt ${escapeHtml(current.version)} (${escapeHtml(current.commit)}), ${escapeHtml(current.date.slice(0, 16).replace('T', ' '))} UTC,
${current.rounds} rounds with the modes interleaved, one child process per measurement; load average ${current.load[0].toFixed(1)} → ${current.load[1].toFixed(1)}.
Machine: ${escapeHtml(describeFingerprint(current.fingerprint))}.</p>
</header>
<h2>Charts</h2>
${charts
  .filter((c) => c.points.length > 0)
  .map(figure)
  .join('\n')}
<h2>Latest run</h2>
${resultsTable(current)}
<h2>Runs in the history</h2>
${runsTable(history)}
<footer>Written by rustybt bench --report. Throughput = assets × bars ÷ CPU time of the event loop; the charts by version use only runs from this machine.</footer>`;
  return htmlPage(`rustybt benchmarks ${current.version}`, body);
}

/**
 * Writes the dashboard to an `.html` file (a temporary file renamed into place).
 *
 * @throws ReportError for a path that is not `.html` or cannot be written.
 */
export function writeBenchReport(
  path: string,
  history: readonly BenchRun[],
  current: BenchRun,
): void {
  if (extname(path).toLowerCase() !== '.html') {
    throw new ReportError(`The benchmark report must be an .html file, got ${path}.`);
  }
  const html = benchReportHtml(history, current);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, html);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new ReportError(
      `Cannot write the benchmark report ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
    );
  }
}

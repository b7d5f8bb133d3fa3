import type { ChartSpec } from '../analytics/report/chart-render.js';
import { BENCH_MODULES, type BenchRun, type CellResult } from './bench-run.js';
import { compareVersions } from './compare.js';
import { BENCH_MODES } from './grid-cells.js';
import { cpuRatio } from './summary-table.js';

const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
  '#65a30d',
];
const MODE_COLORS = ['#2563eb', '#d97706', '#6b7280'];
const rotated = { rotate: 40, fontSize: 10, interval: 0 };
const grid = { left: 64, right: 24, top: 72, bottom: 96 };
// ECharts' server-side text measure runs short of the browser's: wide gaps keep legend items apart.
const legend = { top: 4, left: 'center', itemGap: 30, itemWidth: 14 };

/** A figure value as the label the chart prints (the browser test reads these). */
export const chartLabel = (v: number, digits = 2): string => v.toFixed(digits);

/** One point of a chart with the exact figure behind it. */
export interface ChartPoint {
  series: string;
  category: string;
  value: number;
}

/** A chart spec and the figures it draws. */
export interface BenchChart {
  spec: ChartSpec;
  points: ChartPoint[];
  /** Digits of the labels drawn on the points. */
  digits: number;
}

function cellsOf(run: BenchRun): string[] {
  return [...new Set(run.results.map((r) => r.cell))];
}

function okResult(run: BenchRun, cell: string, mode: string): CellResult | undefined {
  return run.results.find((r) => r.cell === cell && r.mode === mode && r.status === 'ok');
}

function barChart(
  id: string,
  title: string,
  caption: string,
  points: ChartPoint[],
  seriesNames: string[],
  colors: string[],
  digits: number,
  yName: string,
  extra: object = {},
): BenchChart {
  const categories = [...new Set(points.map((p) => p.category))];
  const series = seriesNames.map((name) => ({
    name,
    type: 'bar',
    barMaxWidth: 48,
    label: {
      show: true,
      position: 'top',
      fontSize: 9,
      rotate: seriesNames.length > 1 ? 90 : 0,
      align: seriesNames.length > 1 ? 'left' : 'center',
      verticalAlign: 'middle',
      formatter: (p: { value: number }) => chartLabel(p.value, digits),
    },
    data: categories.map(
      (c) => points.find((p) => p.series === name && p.category === c)?.value ?? '-',
    ),
    ...extra,
  }));
  return {
    points,
    digits,
    spec: {
      id,
      title,
      caption,
      kind: 'bar',
      colors,
      height: 380,
      option: {
        grid,
        legend: { ...legend, data: seriesNames },
        xAxis: { type: 'category', data: categories, axisLabel: rotated },
        yAxis: { type: 'value', axisLabel: { formatter: `{value} ${yName}` } },
        series,
      },
    },
  };
}

/** Throughput (decimal-rust, asset-bars/s on CPU time) against version, one line per cell of a shape. */
export function throughputCharts(history: readonly BenchRun[], current: BenchRun): BenchChart[] {
  const here = history.filter((r) => r.fingerprint.id === current.fingerprint.id);
  const versions = [...new Set(here.map((r) => r.version))].sort(compareVersions);
  const newestOf = (version: string, cell: string) =>
    here
      .filter((r) => r.version === version && okResult(r, cell, 'decimal-rust') !== undefined)
      .at(-1);
  const shapes = [...new Set(cellsOf(current).map((c) => c.split('-')[0]))];
  return shapes.map((shape) => {
    const cells = cellsOf(current).filter((c) => c.startsWith(`${shape}-`));
    const points: ChartPoint[] = [];
    for (const cell of cells) {
      for (const version of versions) {
        const run = newestOf(version, cell);
        const result = run === undefined ? undefined : okResult(run, cell, 'decimal-rust');
        if (result !== undefined)
          points.push({ series: cell, category: version, value: result.cpuThroughput / 1e6 });
      }
    }
    return {
      points,
      digits: 2,
      spec: {
        id: `throughput-${shape}`,
        title: `Throughput by version: ${shape}`,
        caption:
          'Million asset-bars per second on CPU time of the event loop, decimal on the Rust core; newest run of each version on this machine.',
        kind: 'line',
        colors: PALETTE.slice(0, cells.length),
        height: 320,
        option: {
          grid: { ...grid, bottom: 32 },
          legend: { ...legend, data: cells },
          xAxis: { type: 'category', data: versions, boundaryGap: versions.length === 1 },
          yAxis: { type: 'value' },
          series: cells.map((cell) => ({
            name: cell,
            type: 'line',
            symbolSize: 7,
            label: {
              show: true,
              fontSize: 9,
              formatter: (p: { value: number }) => chartLabel(p.value),
            },
            data: versions.map(
              (v) => points.find((p) => p.series === cell && p.category === v)?.value ?? '-',
            ),
          })),
        },
      },
    };
  });
}

/** Rust speed-up (TypeScript core CPU time ÷ Rust core CPU time, decimal) per cell of the run. */
export function rustBenefitChart(run: BenchRun): BenchChart {
  const points = cellsOf(run).flatMap((cell) => {
    const r = cpuRatio(run, cell, 'decimal-ts', 'decimal-rust');
    return r === undefined ? [] : [{ series: 'rust ÷ ts', category: cell, value: r }];
  });
  return barChart(
    'rust-benefit',
    'Rust benefit per cell',
    'Throughput of the Rust core ÷ the TypeScript core (both decimal) = TS CPU time ÷ Rust CPU time; above 1 the Rust core is faster.',
    points,
    ['rust ÷ ts'],
    ['#16a34a'],
    2,
    '×',
    { markLine: { silent: true, symbol: 'none', label: { show: false }, data: [{ yAxis: 1 }] } },
  );
}

/** Decimal overhead (decimal+Rust CPU time ÷ float CPU time) per cell of the run, with the 1.30 limit. */
export function decimalOverheadChart(run: BenchRun): BenchChart {
  const points = cellsOf(run).flatMap((cell) => {
    const r = cpuRatio(run, cell, 'decimal-rust', 'float-rust');
    return r === undefined ? [] : [{ series: 'decimal ÷ float', category: cell, value: r }];
  });
  return barChart(
    'decimal-overhead',
    'Decimal overhead per cell',
    'CPU time of decimal on the Rust core ÷ float (same engine, same core); 1 = no overhead, the dashed line is the 1.30 limit.',
    points,
    ['decimal ÷ float'],
    ['#d97706'],
    2,
    '×',
    {
      markLine: {
        silent: true,
        symbol: 'none',
        label: { show: false },
        lineStyle: { type: 'dashed' },
        data: [{ yAxis: 1 }, { yAxis: 1.3 }],
      },
    },
  );
}

/** Peak RSS per cell and mode of the run, MB. */
export function memoryChart(run: BenchRun): BenchChart {
  const modes = BENCH_MODES.filter((m) => run.results.some((r) => r.mode === m));
  const points = run.results
    .filter((r) => r.status === 'ok')
    .map((r) => ({ series: r.mode, category: r.cell, value: r.maxRssBytes.median / 2 ** 20 }));
  return barChart(
    'memory',
    'Peak memory per cell',
    'Peak resident set size of the child process that ran the cell (median over the rounds), MB.',
    points,
    modes,
    MODE_COLORS.slice(0, modes.length),
    0,
    'MB',
  );
}

/** Share of each module in the profiled run of each cell (decimal on the Rust core), percent. */
export function moduleChart(run: BenchRun): BenchChart | undefined {
  const rows = run.results.filter((r) => r.mode === 'decimal-rust' && r.modules !== undefined);
  if (rows.length === 0) return undefined;
  const points: ChartPoint[] = [];
  for (const r of rows) {
    const total = Object.values(r.modules!).reduce((s, v) => s + v, 0);
    for (const m of BENCH_MODULES) {
      const v = r.modules![m] ?? 0;
      if (total > 0 && v > 0)
        points.push({ series: m, category: r.cell, value: (100 * v) / total });
    }
  }
  const modules = BENCH_MODULES.filter((m) => points.some((p) => p.series === m));
  const chart = barChart(
    'modules',
    'Where the time goes (decimal, Rust core)',
    'Self time per module in one extra profiled run per cell (V8 CPU profiler, 0.5 ms sampling), as percent of the profiled time; segments under 8 % are not labelled.',
    points,
    modules,
    PALETTE.slice(0, modules.length),
    0,
    '%',
    { stack: 'modules' },
  );
  const option = chart.spec.option as { series: { label: object }[]; yAxis: object };
  option.yAxis = { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } };
  for (const s of option.series) {
    s.label = {
      show: true,
      position: 'inside',
      fontSize: 9,
      formatter: (p: { value: number }) => (p.value >= 8 ? chartLabel(p.value, 0) : ''),
    };
  }
  return chart;
}

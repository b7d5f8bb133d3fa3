import type { ChartSpec } from './chart-render.js';
import { downsampleIndices } from './series.js';

/** Series colours: the strategy, the benchmark, then further series. */
export const COLORS = {
  strategy: '#2563eb',
  benchmark: '#6b7280',
  loss: '#dc2626',
  others: ['#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777'],
};

/** Most points a line keeps (peaks and troughs are kept when thinning). */
export const MAX_POINTS = 1200;

export const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** An axis label formatter: a fraction as percent with `digits` decimals. */
export const pct = (digits: number) => (v: number) => `${(v * 100).toFixed(digits)}%`;
/** Chart margins shared by the line and bar charts. */
export const grid = { left: 64, right: 24, top: 36, bottom: 32 };
/** Legend placement shared by the charts. */
export const legend = { top: 4, left: 'center', itemWidth: 18 };

/** A line per series over shared session indices, thinned to `MAX_POINTS`. */
function lines(
  sessions: readonly string[],
  series: { name: string; values: ArrayLike<number>; area?: boolean; dashed?: boolean }[],
  transform: (v: number) => number = (v) => v,
  keep: readonly number[] = [],
): { categories: string[]; series: object[] } {
  const kept = new Set<number>(keep);
  for (const s of series) for (const i of downsampleIndices(s.values, MAX_POINTS)) kept.add(i);
  const order = [...kept].sort((a, b) => a - b);
  return {
    categories: order.map((i) => sessions[i]),
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      showSymbol: false,
      lineStyle: { width: 1.5, type: s.dashed === true ? 'dashed' : 'solid' },
      areaStyle: s.area === true ? { opacity: 0.25 } : undefined,
      data: order.map((i) => {
        const v = transform(s.values[i]);
        return Number.isFinite(v) ? v : '-';
      }),
    })),
  };
}

/** A line chart of several series over the sessions, thinned to `MAX_POINTS` per line. */
export function lineChart(
  base: Omit<ChartSpec, 'kind' | 'option'>,
  sessions: readonly string[],
  series: { name: string; values: ArrayLike<number>; area?: boolean; dashed?: boolean }[],
  yAxis: object,
  extra: { transform?: (v: number) => number; markArea?: object; keep?: number[] } = {},
): ChartSpec {
  const drawn = lines(sessions, series, extra.transform, extra.keep);
  if (extra.markArea !== undefined)
    (drawn.series[0] as Record<string, unknown>).markArea = extra.markArea;
  return {
    ...base,
    kind: 'line',
    option: {
      grid,
      legend: { ...legend, data: series.map((s) => s.name) },
      xAxis: {
        type: 'category',
        data: drawn.categories,
        boundaryGap: false,
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', scale: true, ...yAxis },
      series: drawn.series,
    },
  };
}

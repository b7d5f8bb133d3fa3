import type { ChartSpec } from './chart-render.js';
import { COLORS, lineChart, pct } from './chart-lines.js';
import type { ReportModel } from './report-model.js';

/** Charts of a comparison of several runs: overlaid equity and drawdowns. */
export function comparisonCharts(models: ReportModel[], names: readonly string[]): ChartSpec[] {
  const sessions = [...new Set(models.flatMap((m) => m.sessions))].sort();
  const align = (m: ReportModel, values: Float64Array) => {
    const index = new Map(m.sessions.map((s, i) => [s, i]));
    return Float64Array.from(sessions, (s) => {
      const i = index.get(s);
      return i === undefined ? NaN : values[i];
    });
  };
  const colors = models.map((_, i) => [COLORS.strategy, ...COLORS.others, COLORS.benchmark][i % 7]);
  return [
    lineChart(
      {
        id: 'compare-cumulative',
        title: 'Cumulative returns',
        caption: 'Compounded return of each run since its own start.',
        colors,
      },
      sessions,
      models.map((m, i) => ({ name: names[i], values: align(m, m.cumulative) })),
      { axisLabel: { formatter: pct(0) } },
    ),
    lineChart(
      {
        id: 'compare-underwater',
        title: 'Underwater',
        caption: 'Drawdown from each run’s high-water mark.',
        colors,
      },
      sessions,
      models.map((m, i) => ({ name: names[i], values: align(m, m.underwater) })),
      { max: 0, axisLabel: { formatter: pct(0) } },
    ),
  ];
}

import type { ChartSpec, MissingChart } from './chart-render.js';
import { COLORS, lineChart, pct } from './chart-lines.js';
import type { ReportModel } from './report-model.js';

/** Exposure, top positions and turnover, or why they are missing. */
export function positionCharts(model: ReportModel): (ChartSpec | MissingChart)[] {
  const { sessions } = model;
  const out: (ChartSpec | MissingChart)[] = [];
  const noHistory = model.doc.missing.find((m) => m.startsWith('positions over time'));
  if (model.exposure === undefined || model.topPositions === undefined) {
    const why = `No positions over time in these results: ${noHistory ?? 'run the backtest again to record them'}.`;
    out.push(
      { id: 'exposure', title: 'Exposure', missing: why },
      { id: 'top-positions', title: 'Top positions', missing: why },
    );
  } else if (model.topPositions.length === 0) {
    const why = 'The strategy never held a position: nothing to show.';
    out.push(
      { id: 'exposure', title: 'Exposure', missing: why },
      { id: 'top-positions', title: 'Top positions', missing: why },
    );
  } else {
    const { gross, net, long, short } = model.exposure;
    out.push(
      lineChart(
        {
          id: 'exposure',
          title: 'Exposure',
          caption:
            'Position value over portfolio value at each session’s end: gross (|long| + |short|), net (long − short), long and short.',
          colors: [COLORS.others[0], COLORS.loss, COLORS.strategy, COLORS.others[2]],
        },
        sessions,
        [
          { name: 'Long', values: long, area: true },
          { name: 'Short', values: short, area: true },
          { name: 'Gross', values: gross },
          { name: 'Net', values: net, dashed: true },
        ],
        { axisLabel: { formatter: pct(0) } },
      ),
      lineChart(
        {
          id: 'top-positions',
          title: 'Top positions',
          caption: `Weight of the ${model.topPositions.length} largest holdings (mean |value| over the run) in the portfolio, per session.`,
          colors: model.topPositions.map((_, i) => [COLORS.strategy, ...COLORS.others][i]),
        },
        sessions,
        model.topPositions.map((p) => ({ name: p.symbol, values: p.weights })),
        { axisLabel: { formatter: pct(0) } },
      ),
    );
  }
  if (model.doc.transactions.length === 0) {
    out.push({
      id: 'turnover',
      title: 'Turnover',
      missing: 'No fills in this run: nothing traded.',
    });
  } else {
    out.push(
      lineChart(
        {
          id: 'turnover',
          title: 'Turnover',
          caption:
            'Traded value (|quantity × price| of the session’s fills) over portfolio value, per session.',
          colors: [COLORS.others[3]],
        },
        sessions,
        [{ name: 'Turnover', values: model.turnover }],
        { min: 0, scale: false, axisLabel: { formatter: pct(0) } },
      ),
    );
  }
  return out;
}

import type { ChartSpec, MissingChart } from './chart-render.js';
import { COLORS, grid, legend, lineChart, MONTHS, pct } from './chart-lines.js';
import { positionCharts } from './position-charts.js';
import type { ReportModel } from './report-model.js';

export { COLORS, MAX_POINTS } from './chart-lines.js';
export { comparisonCharts } from './comparison-charts.js';

/** Every chart of a single-run report, or why it is missing. */
export function reportCharts(model: ReportModel): (ChartSpec | MissingChart)[] {
  const { sessions, doc } = model;
  const benchmarkName = doc.meta.benchmark ?? 'benchmark';
  const noBenchmark =
    'No benchmark in this run: run with --benchmark SYMBOL (a symbol in the data) to compare against one.';
  const tooShort = (what: string) =>
    `${what} needs at least ${model.rollingWindow} sessions (six months); this run has ${sessions.length}.`;
  const withBenchmark = (strategy: ArrayLike<number>, benchmark: ArrayLike<number> | undefined) => [
    { name: 'Strategy', values: strategy },
    ...(benchmark === undefined ? [] : [{ name: benchmarkName, values: benchmark }]),
  ];
  const colors2 =
    model.benchmarkCumulative === undefined
      ? [COLORS.strategy]
      : [COLORS.strategy, COLORS.benchmark];
  const out: (ChartSpec | MissingChart)[] = [];

  if (sessions.length < 2) {
    out.push({
      id: 'cumulative',
      title: 'Cumulative returns',
      missing: `This run has ${sessions.length} session: a return series needs at least two sessions to draw.`,
    });
  } else {
    out.push(
      lineChart(
        {
          id: 'cumulative',
          title: 'Cumulative returns',
          caption: `Compounded return since ${doc.meta.start}${model.benchmarkCumulative === undefined ? ' (no benchmark in this run)' : `, against ${benchmarkName}`}.`,
          colors: colors2,
        },
        sessions,
        withBenchmark(model.cumulative, model.benchmarkCumulative),
        { axisLabel: { formatter: pct(0) } },
      ),
      lineChart(
        {
          id: 'cumulative-log',
          title: 'Growth of 1 (log scale)',
          caption: 'The same curves on a log scale: equal slopes are equal rates of return.',
          colors: colors2,
        },
        sessions,
        withBenchmark(model.cumulative, model.benchmarkCumulative),
        {
          type: 'log',
          logBase: 10,
          min: (extent: { min: number }) => extent.min * 0.97,
          max: (extent: { max: number }) => extent.max * 1.03,
          axisLabel: { formatter: (v: number) => v.toFixed(2) },
        },
        { transform: (v) => 1 + v },
      ),
    );
    out.push(underwaterChart(model));
  }

  if (model.rollingSharpe.length === 0) {
    out.push({
      id: 'rolling-sharpe',
      title: 'Rolling Sharpe',
      missing: tooShort('A rolling Sharpe ratio'),
    });
    out.push({
      id: 'rolling-volatility',
      title: 'Rolling volatility',
      missing: tooShort('A rolling volatility'),
    });
  } else {
    const window = `${model.rollingWindow}-session`;
    out.push(
      lineChart(
        {
          id: 'rolling-sharpe',
          title: `Rolling Sharpe (${window})`,
          caption: `Annualized Sharpe ratio over the trailing ${window} window.`,
          colors: [COLORS.strategy],
        },
        sessions,
        [{ name: 'Sharpe', values: model.rollingSharpe }],
        { axisLabel: { formatter: (v: number) => v.toFixed(1) } },
      ),
      lineChart(
        {
          id: 'rolling-volatility',
          title: `Rolling volatility (${window})`,
          caption: `Annualized volatility over the trailing ${window} window.`,
          colors: [COLORS.others[1]],
        },
        sessions,
        [{ name: 'Volatility', values: model.rollingVolatility }],
        { axisLabel: { formatter: pct(0) } },
      ),
    );
  }
  if (model.rollingBeta === undefined) {
    out.push({
      id: 'rolling-beta',
      title: 'Rolling beta',
      missing: model.benchmarkReturns === undefined ? noBenchmark : tooShort('A rolling beta'),
    });
  } else {
    out.push(
      lineChart(
        {
          id: 'rolling-beta',
          title: `Rolling beta to ${benchmarkName} (${model.rollingWindow}-session)`,
          caption:
            'Beta against the benchmark over the trailing six months: 1 moves with it, 0 ignores it.',
          colors: [COLORS.others[2]],
        },
        sessions,
        [{ name: 'Beta', values: model.rollingBeta }],
        { axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      ),
    );
  }
  out.push(monthlyHeatmap(model), annualBars(model), distribution(model));
  out.push(...positionCharts(model));
  return out;
}

function underwaterChart(model: ReportModel): ChartSpec {
  const { sessions, doc } = model;
  const index = new Map(sessions.map((session, i) => [session, i]));
  const last = sessions[sessions.length - 1];
  const top = doc.drawdowns.slice(0, 5).map((d) => ({
    rank: String(d.rank),
    from: String(d.peak),
    to: typeof d.recovery === 'string' && d.recovery !== '' ? d.recovery : last,
  }));
  return lineChart(
    {
      id: 'underwater',
      title: 'Underwater (drawdown from the high-water mark)',
      caption:
        top.length === 0
          ? 'The value never fell below its high-water mark.'
          : `Shaded: the ${top.length} deepest drawdown periods, peak to recovery (see the table below).`,
      colors: [COLORS.loss],
    },
    sessions,
    [{ name: 'Drawdown', values: model.underwater, area: true }],
    { max: 0, axisLabel: { formatter: pct(0) } },
    {
      // Shaded periods start and end on drawn sessions, whatever the thinning.
      keep: top.flatMap((d) => [index.get(d.from) ?? 0, index.get(d.to) ?? sessions.length - 1]),
      markArea: {
        silent: true,
        itemStyle: { color: 'rgba(220, 38, 38, 0.08)' },
        label: { color: '#991b1b', fontSize: 10, position: 'insideTop' },
        // Labels only on periods wide enough to hold one.
        data: top.map((d) => {
          const wide = (index.get(d.to) ?? 0) - (index.get(d.from) ?? 0) >= sessions.length / 30;
          return [{ xAxis: d.from, name: wide ? `#${d.rank}` : '' }, { xAxis: d.to }];
        }),
      },
    },
  );
}

function monthlyHeatmap(model: ReportModel): ChartSpec | MissingChart {
  if (model.monthly.size === 0)
    return {
      id: 'monthly',
      title: 'Monthly returns',
      missing: 'No sessions: nothing to compound into months.',
    };
  const years = [...new Set([...model.monthly.keys()].map((k) => k.slice(0, 4)))].sort();
  const data = [...model.monthly].map(([key, r]) => [
    Number(key.slice(5, 7)) - 1,
    years.indexOf(key.slice(0, 4)),
    Math.round(r * 10000) / 100,
  ]);
  const extent = Math.max(1, ...data.map((d) => Math.abs(d[2])));
  return {
    id: 'monthly',
    title: 'Monthly returns (%)',
    caption: 'Each cell: the month’s compounded return in percent; green gains, red losses.',
    kind: 'heatmap',
    colors: [COLORS.strategy],
    height: Math.max(160, 60 + years.length * 26),
    option: {
      grid: { left: 64, right: 24, top: 8, bottom: 48 },
      xAxis: { type: 'category', data: MONTHS, splitArea: { show: true } },
      yAxis: { type: 'category', data: years, inverse: true },
      visualMap: {
        min: -extent,
        max: extent,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 160,
        text: [`+${extent.toFixed(1)}%`, `−${extent.toFixed(1)}%`],
        itemWidth: 10,
        textStyle: { fontSize: 10 },
        inRange: { color: ['#b91c1c', '#fca5a5', '#f8fafc', '#86efac', '#15803d'] },
      },
      series: [
        {
          name: 'Monthly return',
          type: 'heatmap',
          data,
          label: {
            show: true,
            fontSize: 10,
            formatter: (p: { value: number[] }) =>
              Math.abs(p.value[2]) < 0.05 ? '0.0' : p.value[2].toFixed(1),
          },
        },
      ],
    },
  };
}

function annualBars(model: ReportModel): ChartSpec | MissingChart {
  if (model.annual.length === 0)
    return {
      id: 'annual',
      title: 'Annual returns',
      missing: 'No sessions: nothing to compound into years.',
    };
  const hasBenchmark = model.benchmarkReturns !== undefined;
  return {
    id: 'annual',
    title: 'Annual returns',
    caption: `Compounded return of each calendar year (partial years at the ends)${hasBenchmark ? ', against the benchmark' : ''}.`,
    kind: 'bar',
    colors: hasBenchmark ? [COLORS.strategy, COLORS.benchmark] : [COLORS.strategy],
    height: 260,
    option: {
      grid,
      legend: { ...legend },
      xAxis: { type: 'category', data: model.annual.map((a) => a.year) },
      yAxis: { type: 'value', axisLabel: { formatter: pct(0) } },
      series: [
        { name: 'Strategy', type: 'bar', data: model.annual.map((a) => a.strategy) },
        ...(hasBenchmark
          ? [
              {
                name: model.doc.meta.benchmark ?? 'Benchmark',
                type: 'bar',
                data: model.annual.map((a) => (Number.isFinite(a.benchmark) ? a.benchmark : '-')),
              },
            ]
          : []),
      ],
    },
  };
}

function distribution(model: ReportModel): ChartSpec | MissingChart {
  const values = model.returns.filter((r) => Number.isFinite(r));
  if (values.length < 2)
    return {
      id: 'distribution',
      title: 'Distribution of session returns',
      missing: `A distribution needs at least two session returns; this run has ${values.length}.`,
    };
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  const bins = 40;
  const width = (high - low) / bins || 1e-4;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - low) / width))]++;
  return {
    id: 'distribution',
    title: 'Distribution of session returns',
    caption: `${values.length} session returns in ${bins} bins; red bins are losses.`,
    kind: 'bar',
    colors: [COLORS.strategy],
    height: 240,
    option: {
      grid,
      xAxis: {
        type: 'category',
        data: counts.map((_, i) => `${((low + (i + 0.5) * width) * 100).toFixed(2)}%`),
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', name: 'sessions', nameTextStyle: { fontSize: 10 } },
      series: [
        {
          name: 'Sessions',
          type: 'bar',
          barCategoryGap: '8%',
          data: counts.map((c, i) => ({
            value: c,
            itemStyle: low + (i + 1) * width <= 0 ? { color: COLORS.loss } : undefined,
          })),
        },
      ],
    },
  };
}

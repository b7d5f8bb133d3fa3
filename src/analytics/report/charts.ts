import type { ChartSpec, MissingChart } from './chart-render.js';
import type { ReportModel } from './report-model.js';
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pct = (digits: number) => (v: number) => `${(v * 100).toFixed(digits)}%`;
const grid = { left: 64, right: 24, top: 36, bottom: 32 };
const legend = { top: 4, left: 'center', itemWidth: 18 };

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

function lineChart(
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

function positionCharts(model: ReportModel): (ChartSpec | MissingChart)[] {
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

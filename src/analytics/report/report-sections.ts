import type { JsonRow } from '../results-json.js';
import { renderChartSvg, type ChartSpec, type MissingChart } from './chart-render.js';
import { escapeHtml, htmlTable, td } from './html.js';
import type { ReportModel, TripSummary } from './report-model.js';
import type { ResultsDocument } from './results-document.js';
import { formatStat, missingReason, STAT_GROUPS } from './statistics-table.js';

/** Most round trips listed in the page; all of them stay in the results file. */
export const MAX_TRIP_ROWS = 500;

/** A chart as a figure: the inline SVG, or a caption saying why it is missing. */
export function figure(chart: ChartSpec | MissingChart): string {
  if ('missing' in chart) {
    return `<figure class="missing" data-chart="${chart.id}" data-missing="true"><h3>${escapeHtml(chart.title)}</h3><p>${escapeHtml(chart.missing)}</p></figure>`;
  }
  return `<figure data-chart="${chart.id}" data-kind="${chart.kind}" data-series-colors="${chart.colors.join(',')}"><h3>${escapeHtml(chart.title)}</h3><figcaption>${escapeHtml(chart.caption)}</figcaption>${renderChartSvg(chart)}</figure>`;
}

/** Title, run facts and what the results lack. */
export function headerSection(doc: ResultsDocument): string {
  const { meta } = doc;
  const notes = [...doc.missing];
  if (meta.benchmark === null)
    notes.push(
      'no benchmark (run with --benchmark SYMBOL for alpha, beta and the benchmark curves)',
    );
  if (doc.roundTrips.length === 0) notes.push('no closed round trips, so no trade statistics');
  if (meta.sessions < 2) notes.push(`only ${meta.sessions} session, so no return series`);
  return `<header>
<h1>Backtest report: ${escapeHtml(meta.data)}</h1>
<p>${escapeHtml(`${meta.start} to ${meta.end} · ${meta.sessions} sessions · ${meta.dataFrequency} bars · ${meta.assets} assets · ${meta.calendar} · starting capital ${meta.capitalBase} ${meta.currency}`)}</p>
</header>
${notes.length === 0 ? '' : `<div class="notes" id="missing"><strong>Not in these results:</strong> ${notes.map(escapeHtml).join('; ')}.</div>`}`;
}

/** The headline numbers as cards. */
export function cardsSection(model: ReportModel): string {
  const { risk } = model.doc;
  const finalValue = String(model.doc.performance[model.doc.performance.length - 1].portfolioValue);
  const cards: [string, string, string, number | string, number][] = [
    [
      'totalReturn',
      'Cumulative return',
      formatStat(risk.totalReturn, 'percent'),
      risk.totalReturn,
      risk.totalReturn,
    ],
    [
      'annualReturn',
      'CAGR',
      formatStat(risk.annualReturn, 'percent'),
      risk.annualReturn,
      risk.annualReturn,
    ],
    ['sharpe', 'Sharpe', formatStat(risk.sharpe, 'ratio'), risk.sharpe, 0],
    [
      'maxDrawdown',
      'Max drawdown',
      formatStat(risk.maxDrawdown, 'percent'),
      risk.maxDrawdown,
      risk.maxDrawdown,
    ],
    [
      'annualVolatility',
      'Volatility',
      formatStat(risk.annualVolatility, 'percent'),
      risk.annualVolatility,
      0,
    ],
    // Shown to the cent; the card's data-value keeps the exact amount.
    [
      'finalValue',
      'Final value',
      `${moneyText(finalValue)} ${model.doc.meta.currency}`,
      finalValue,
      0,
    ],
  ];
  return `<section class="cards">${cards
    .map(
      ([key, label, shown, value, tone]) =>
        `<div class="card" data-key="${key}" data-value="${escapeHtml(typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value)}"><div class="label">${escapeHtml(label)}</div><div class="value${tone > 0 ? ' pos' : tone < 0 ? ' neg' : ''}">${escapeHtml(shown)}</div></div>`,
    )
    .join('')}</section>`;
}

/** The key statistics, grouped, each row carrying its exact value and definition. */
export function statisticsSection(doc: ResultsDocument): string {
  const hasBenchmark = doc.meta.benchmark !== null;
  const groups = STAT_GROUPS.map((group) => {
    const rows = group.rows.map((row) => {
      const value = doc.risk[row.key];
      const shown = formatStat(value, row.format, doc.meta.currency);
      const title = Number.isFinite(value)
        ? row.definition
        : `${missingReason(row, doc.risk, hasBenchmark)} — ${row.definition}`;
      return [
        `<td title="${escapeHtml(row.definition)}">${escapeHtml(row.label)}</td>`,
        `<td class="num" data-key="${row.key}" data-value="${Number.isFinite(value) ? String(value) : ''}" title="${escapeHtml(title)}">${escapeHtml(Number.isFinite(value) ? shown : `— (${missingReason(row, doc.risk, hasBenchmark)})`)}</td>`,
      ];
    });
    return `<div><h3>${escapeHtml(group.title)}</h3>${htmlTable(`stats-${group.title.toLowerCase().replace(/\W+/g, '-')}`, [{ label: 'Statistic' }, { label: 'Value', numeric: true }], rows).replace('<table ', '<table class="stats" ')}</div>`;
  });
  return `<h2 id="statistics">Key statistics</h2><div class="grid2">${groups.join('')}</div><p class="caption"><small>Hover a statistic for its definition; the docs list each with its source (empyrical, quantstats).</small></p>`;
}

/** The deepest drawdown periods. */
export function drawdownsSection(doc: ResultsDocument): string {
  if (doc.drawdowns.length === 0)
    return `<h2 id="drawdowns">Worst drawdowns</h2><p>The portfolio never fell below its high-water mark.</p>`;
  const rows = doc.drawdowns.map((d) => [
    td(String(d.rank), d.rank),
    td(String(d.peak), d.peak),
    td(String(d.valley), d.valley),
    td(d.recovery === '' || d.recovery === null ? 'not recovered' : String(d.recovery), d.recovery),
    td(formatStat(Number(d.depth), 'percent'), d.depth),
    td(String(d.sessions), d.sessions),
  ]);
  return `<h2 id="drawdowns">Worst drawdowns</h2>${htmlTable(
    'drawdowns',
    [
      { label: '#', numeric: true },
      { label: 'Peak' },
      { label: 'Valley' },
      { label: 'Recovery' },
      { label: 'Depth', numeric: true },
      { label: 'Sessions', numeric: true },
    ],
    rows,
  )}`;
}

function summaryTable(
  id: string,
  first: string,
  summaries: TripSummary[],
  currency: string,
): string {
  return htmlTable(
    id,
    [
      { label: first },
      { label: 'Trips', numeric: true },
      { label: 'Win rate', numeric: true },
      { label: `P&L (${currency})`, numeric: true },
      { label: 'Avg return', numeric: true },
      { label: 'Avg sessions held', numeric: true },
    ],
    summaries.map((s) => [
      td(s.group, s.group),
      td(String(s.trips), s.trips),
      td(formatStat(s.winRate, 'percent'), s.winRate),
      td(moneyText(s.pnl), s.pnl),
      td(formatStat(s.averageReturn, 'percent'), s.averageReturn),
      td(s.averageSessionsHeld.toFixed(1), s.averageSessionsHeld),
    ]),
    { sortable: true },
  );
}

/** Round trips: long/short and per-symbol summaries, then the trips themselves. */
export function roundTripsSection(model: ReportModel): string {
  const { doc } = model;
  const currency = doc.meta.currency;
  if (doc.roundTrips.length === 0) {
    return `<h2 id="round-trips">Round trips</h2><p>No round trip closed in this run${doc.transactions.length > 0 ? ` (${doc.transactions.length} fills, the position is still open at the end)` : ' (no fills)'}.</p>`;
  }
  const trips = listedTrips(doc.roundTrips);
  const daily = doc.meta.dataFrequency === 'daily';
  const shortTime = (iso: string) =>
    daily ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  const rows = trips.map((t) => [
    td(String(t.symbol), t.symbol),
    td(String(t.side), t.side),
    td(shortTime(String(t.entryTime)), t.entryTime),
    td(shortTime(String(t.exitTime)), t.exitTime),
    td(String(t.quantity), t.quantity),
    td(priceText(Number(t.averageEntryPrice)), t.averageEntryPrice),
    td(priceText(Number(t.averageExitPrice)), t.averageExitPrice),
    td(moneyText(String(t.pnl)), t.pnl),
    td(formatStat(Number(t.return ?? NaN), 'percent'), t.return),
    td(String(t.sessionsHeld), t.sessionsHeld),
    td(moneyText(String(t.commission)), t.commission),
  ]);
  const caption =
    trips.length < doc.roundTrips.length
      ? `Showing the ${trips.length} round trips with the largest |P&L| of ${doc.roundTrips.length}, in exit order; all are in the results file (roundTrips). Amounts are rounded to the cent here, exact in the results. Click a header to sort.`
      : `${doc.roundTrips.length} round trips in exit order. Amounts are rounded to the cent here, exact in the results. Click a header to sort.`;
  return `<h2 id="round-trips">Round trips</h2>
<h3>Long and short</h3>${summaryTable('trips-by-side', 'Side', model.tripsBySide, currency)}
<h3>By symbol</h3><div class="scroll">${summaryTable('trips-by-symbol', 'Symbol', model.tripsBySymbol, currency)}</div>
<h3>Trips</h3><div class="scroll">${htmlTable(
    'round-trips',
    [
      { label: 'Symbol' },
      { label: 'Side' },
      { label: 'Entry' },
      { label: 'Exit' },
      { label: 'Quantity', numeric: true },
      { label: 'Avg entry', numeric: true },
      { label: 'Avg exit', numeric: true },
      { label: `P&L (${currency})`, numeric: true },
      { label: 'Return', numeric: true },
      { label: 'Sessions', numeric: true },
      { label: 'Commission', numeric: true },
    ],
    rows,
    { sortable: true },
  )}</div><p><small>${escapeHtml(caption)}</small></p>`;
}

/** Exact decimal text shown to the cent (the cell's data-value keeps every digit). */
function moneyText(text: string): string {
  const value = Number(text);
  return Number.isFinite(value) ? value.toFixed(2) : '—';
}

/** A mean price with 2 to 6 decimals, no trailing zeros beyond two. */
function priceText(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const text = value.toFixed(Math.abs(value) >= 1 ? 4 : 6);
  return text.replace(/(\.\d\d\d*?)0+$/, '$1');
}

function listedTrips(trips: JsonRow[]): JsonRow[] {
  if (trips.length <= MAX_TRIP_ROWS) return trips;
  const order = trips
    .map((t, i) => ({ i, size: Math.abs(Number(t.pnl)) }))
    .sort((a, b) => b.size - a.size || a.i - b.i);
  return order
    .slice(0, MAX_TRIP_ROWS)
    .map((o) => o.i)
    .sort((a, b) => a - b)
    .map((i) => trips[i]);
}

/** The run's settings. */
export function settingsSection(doc: ResultsDocument): string {
  const { meta } = doc;
  const rows: [string, string][] = [
    ['Data', meta.data],
    ['Range', `${meta.start} to ${meta.end}`],
    ['Sessions / bars per asset', `${meta.sessions} / ${meta.bars}`],
    ['Assets', String(meta.assets)],
    ['Bar frequency', meta.dataFrequency],
    ['Calendar', meta.calendar],
    ['Starting capital', `${meta.capitalBase} ${meta.currency}`],
    ['Benchmark', meta.benchmark ?? 'none'],
    ['Models', meta.models ?? 'not recorded (results of an older rustybt)'],
    ['Numeric mode', meta.numeric],
    ['Backend', meta.backend],
    ['rustybt version', meta.rustybtVersion],
    ['Results', doc.source],
  ];
  return `<h2 id="settings">Run settings</h2>${htmlTable(
    'settings',
    [{ label: 'Setting' }, { label: 'Value' }],
    rows.map(([k, v]) => [td(k), td(v, v)]),
  )}`;
}

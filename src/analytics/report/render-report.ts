import { accessSync, constants, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { BacktestResults } from '../../engine/algorithm/results.js';
import { ReportError } from '../../errors/index.js';
import { VERSION } from '../../version.js';
import { writeFilesAtomic } from '../staged-files.js';
import { comparisonCharts, reportCharts } from './charts.js';
import { escapeHtml, htmlPage, htmlTable, td } from './html.js';
import { reportModel } from './report-model.js';
import {
  cardsSection,
  drawdownsSection,
  figure,
  headerSection,
  roundTripsSection,
  settingsSection,
  statisticsSection,
} from './report-sections.js';
import { readResultsFile, resultsDocument, type ResultsDocument } from './results-document.js';
import { formatStat, STAT_GROUPS } from './statistics-table.js';

/** What a report is made of: results of a run in memory, or a results document read from a file. */
export type ReportSource = BacktestResults | ResultsDocument;

const toDocument = (source: ReportSource): ResultsDocument =>
  'source' in source ? source : resultsDocument(source);

/**
 * Renders a tear sheet as one self-contained HTML page: charts drawn
 * server-side to inline SVG (ECharts), inline style, no network needed to
 * view it. One run gives the full report; several give a comparison
 * (overlaid equity and drawdowns, statistics side by side).
 *
 * @param names - a name per run for a comparison (default: the results' file names)
 */
export function renderReport(
  sources: ReportSource | readonly ReportSource[],
  names?: readonly string[],
): string {
  const documents = (Array.isArray(sources) ? sources : [sources as ReportSource]).map(toDocument);
  if (documents.length === 0)
    throw new ReportError('renderReport needs the results of at least one run.');
  if (documents.length === 1) return singleReport(documents[0]);
  return comparisonReport(documents, names ?? documents.map((d, i) => runName(d, i)));
}

function singleReport(doc: ResultsDocument): string {
  const model = reportModel(doc);
  const body = [
    headerSection(doc),
    cardsSection(model),
    `<h2 id="charts">Performance</h2>`,
    ...reportCharts(model).map(figure),
    statisticsSection(doc),
    drawdownsSection(doc),
    roundTripsSection(model),
    settingsSection(doc),
    footer(),
  ];
  return htmlPage(
    `Backtest report: ${doc.meta.data} ${doc.meta.start} to ${doc.meta.end}`,
    body.join('\n'),
  );
}

function comparisonReport(documents: ResultsDocument[], names: readonly string[]): string {
  const models = documents.map(reportModel);
  const statRows = STAT_GROUPS.flatMap((group) =>
    group.rows.map((row) => [
      `<td title="${escapeHtml(row.definition)}">${escapeHtml(`${group.title}: ${row.label}`)}</td>`,
      ...documents.map((doc) => {
        const value = doc.risk[row.key];
        return `<td class="num" data-key="${row.key}" data-value="${Number.isFinite(value) ? String(value) : ''}">${escapeHtml(formatStat(value, row.format, doc.meta.currency))}</td>`;
      }),
    ]),
  );
  const settings: [string, (d: ResultsDocument) => string][] = [
    ['Data', (d) => d.meta.data],
    ['Range', (d) => `${d.meta.start} to ${d.meta.end}`],
    ['Sessions', (d) => String(d.meta.sessions)],
    ['Bar frequency', (d) => d.meta.dataFrequency],
    ['Starting capital', (d) => `${d.meta.capitalBase} ${d.meta.currency}`],
    ['Benchmark', (d) => d.meta.benchmark ?? 'none'],
    ['Models', (d) => d.meta.models ?? 'not recorded'],
    ['Numeric mode / backend', (d) => `${d.meta.numeric} / ${d.meta.backend}`],
    ['rustybt version', (d) => d.meta.rustybtVersion],
    ['Results', (d) => d.source],
  ];
  const missing = documents.flatMap((d, i) => d.missing.map((m) => `${names[i]}: ${m}`));
  const body = [
    `<header><h1>Comparison of ${documents.length} runs</h1><p>${escapeHtml(names.join(' · '))}</p></header>`,
    missing.length === 0
      ? ''
      : `<div class="notes" id="missing"><strong>Not in these results:</strong> ${missing.map(escapeHtml).join('; ')}.</div>`,
    `<h2 id="charts">Performance</h2>`,
    ...comparisonCharts(models, names).map(figure),
    `<h2 id="statistics">Key statistics</h2>`,
    htmlTable(
      'compare-statistics',
      [{ label: 'Statistic' }, ...names.map((n) => ({ label: n, numeric: true }))],
      statRows,
    ),
    `<h2 id="settings">Run settings</h2>`,
    htmlTable(
      'compare-settings',
      [{ label: 'Setting' }, ...names.map((n) => ({ label: n }))],
      settings.map(([label, get]) => [td(label), ...documents.map((d) => td(get(d), get(d)))]),
    ),
    footer(),
  ];
  return htmlPage(`Comparison: ${names.join(', ')}`, body.join('\n'));
}

function runName(doc: ResultsDocument, index: number): string {
  if (doc.source === 'results in memory') return `Run ${index + 1}`;
  return basename(doc.source, extname(doc.source));
}

function footer(): string {
  return `<footer>Made by rustybt ${escapeHtml(VERSION)}. Charts are drawn with Apache ECharts into the page as SVG: the file needs no network to be read.</footer>`;
}

/**
 * Checks that a report can be written to `path` (an `.html` file in a
 * writable folder) before any work is done.
 *
 * @throws ReportError naming the problem.
 */
export function checkReportPath(path: string): void {
  const extension = extname(path).toLowerCase();
  if (extension !== '.html' && extension !== '.htm') {
    throw new ReportError(
      `Cannot write the report to ${path}: a report is an HTML page, give a path ending in .html.`,
    );
  }
  const existing = statOrUndefined(path);
  if (existing?.isDirectory() === true) {
    throw new ReportError(
      `Cannot write the report to ${path}: it is a directory; give a file path such as ${path}/report.html.`,
    );
  }
  let folder = dirname(resolve(path));
  let folderStat = statOrUndefined(folder);
  while (folderStat === undefined && dirname(folder) !== folder) {
    folder = dirname(folder);
    folderStat = statOrUndefined(folder);
  }
  if (folderStat?.isDirectory() !== true) {
    throw new ReportError(`Cannot write the report to ${path}: ${folder} is not a directory.`);
  }
  try {
    accessSync(folder, constants.W_OK);
    if (existing !== undefined) accessSync(path, constants.W_OK);
  } catch (error) {
    throw new ReportError(
      `Cannot write the report to ${path}: no permission to write in ${existing === undefined ? folder : path}. Choose another path with -o.`,
      { cause: error },
    );
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Renders a report (`renderReport`) and writes it to `path` atomically: the
 * page appears whole or not at all.
 *
 * @throws ReportError when the path cannot be written (checked before rendering).
 */
export async function writeReport(
  sources: ReportSource | readonly ReportSource[],
  path: string,
  names?: readonly string[],
): Promise<string> {
  checkReportPath(path);
  const html = renderReport(sources, names);
  await writeFilesAtomic([{ path, produce: () => Promise.resolve(html) }]);
  return path;
}

/**
 * Reads results files (`rustybt run … -o run.json`) and writes their report
 * to `output`: one file gives the full report, several a comparison.
 *
 * @throws ReportError for an unwritable output (before reading anything),
 *   ResultsFileError for a results file that cannot be used.
 */
export async function reportFromFiles(paths: readonly string[], output: string): Promise<string> {
  checkReportPath(output);
  const documents: ResultsDocument[] = [];
  for (const path of paths) documents.push(await readResultsFile(path));
  return writeReport(documents, output);
}

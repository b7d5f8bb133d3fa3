import { readFile, stat } from 'node:fs/promises';
import type { z, z as Zod } from 'zod';
import type { BacktestResults } from '../../engine/algorithm/results.js';
import type { RiskSummary } from '../../engine/metrics/index.js';
import { ResultsFileError } from '../../errors/index.js';
import { RESULTS_FORMAT, tableRows, type JsonRow } from '../results-json.js';
import { upgradeDocument } from './older-results.js';

/** Facts about the run a report shows (the results' `meta`). */
export interface ReportMeta {
  rustybtVersion: string;
  start: string;
  end: string;
  capitalBase: string;
  currency: string;
  dataFrequency: string;
  calendar: string;
  numeric: string;
  backend: string;
  data: string;
  benchmark: string | null;
  sessions: number;
  bars: number;
  assets: number;
  /** Cost and fill models; absent in results of an older rustybt. */
  models?: string;
}

/**
 * Backtest results as a report reads them: the JSON layout of
 * `exportResults(…, 'run.json')`, whether read from a file or taken from a
 * run in memory. Numbers that were not finite are `null` in rows and NaN in
 * `risk`.
 */
export interface ResultsDocument {
  /** Where the results came from: a file path or `results in memory`. */
  source: string;
  meta: ReportMeta;
  risk: RiskSummary;
  performance: JsonRow[];
  transactions: JsonRow[];
  positions: JsonRow[];
  /** Null when the results predate it (rustybt results format 1). */
  positionsOverTime: JsonRow[] | null;
  roundTrips: JsonRow[];
  drawdowns: JsonRow[];
  /** Null without a benchmark. */
  benchmark: JsonRow[] | null;
  /** What the results lack, in words, for the report to say. */
  missing: string[];
}

/** The results of a run in memory as a report document. */
export function resultsDocument(results: BacktestResults): ResultsDocument {
  return {
    source: 'results in memory',
    meta: { ...results.meta },
    risk: results.risk,
    performance: tableRows(results.performance),
    transactions: tableRows(results.transactions),
    positions: tableRows(results.positions),
    positionsOverTime: tableRows(results.positionsOverTime),
    roundTrips: tableRows(results.roundTrips),
    drawdowns: tableRows(results.drawdowns),
    benchmark: results.benchmark === undefined ? null : tableRows(results.benchmark),
    missing: [],
  };
}

/**
 * The shape a results file is checked against, built on first use: zod loads
 * only when a report is made, not with the package.
 */
function buildDocumentShape(zod: typeof Zod) {
  const z = zod;
  const cell = z.union([z.string(), z.number(), z.null()]);
  /**
   * A table of row objects. Checked cheaply (an array of objects whose first row
   * has the columns the report reads): a big run has hundreds of thousands of rows.
   */
  const rowsWith = (...columns: string[]) =>
    z.custom<JsonRow[]>(
      (value) =>
        Array.isArray(value) &&
        value.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row)) &&
        (value.length === 0 || columns.every((c) => c in (value[0] as object))),
      { message: `expected rows with the columns ${columns.join(', ') || '(any)'}` },
    );
  const rows = rowsWith();
  const meta = z.object({
    rustybtVersion: z.string(),
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    capitalBase: z.string(),
    currency: z.string(),
    dataFrequency: z.string(),
    calendar: z.string(),
    numeric: z.string(),
    backend: z.string(),
    data: z.string(),
    benchmark: z.string().nullable(),
    sessions: z.number(),
    bars: z.number(),
    assets: z.number(),
    models: z.string().optional(),
  });
  const performanceRow = z.object({
    session: z.string(),
    portfolioValue: z.string(),
    returns: z.number().nullable(),
  });
  return z.object({
    format: z.string().optional(),
    meta,
    risk: z.record(z.string(), z.number().nullable()),
    performance: z.array(performanceRow.catchall(cell)).min(1),
    transactions: rowsWith('timestamp', 'symbol', 'amount', 'price', 'commission'),
    orders: rows,
    positions: rows,
    positionsOverTime: rowsWith('session', 'symbol', 'amount', 'value').optional(),
    roundTrips: rowsWith('symbol', 'side', 'entryTime', 'exitTime', 'pnl', 'return').optional(),
    drawdowns: rowsWith('rank', 'peak', 'valley', 'recovery', 'depth', 'sessions').optional(),
    benchmark: rowsWith('session', 'return').nullable().optional(),
  });
}

let documentShape: ReturnType<typeof buildDocumentShape> | undefined;

async function checkedShape(): Promise<ReturnType<typeof buildDocumentShape>> {
  documentShape ??= buildDocumentShape((await import('zod')).z);
  return documentShape;
}

/** A parsed and checked results file, before older layouts are brought up to date. */
export type ParsedResults = z.infer<ReturnType<typeof buildDocumentShape>>;

/**
 * Reads a results file written by `rustybt run -o run.json` (or
 * `exportResults`). Files of an older rustybt are read too: what they lack
 * and can be derived (round trips, drawdowns, the benchmark series, the
 * newer statistics) is derived, and what cannot (positions over time) is
 * listed in `missing`.
 *
 * @throws ResultsFileError when the file is missing, not JSON, cut short,
 *   from another tool, or from a newer rustybt.
 */
export async function readResultsFile(path: string): Promise<ResultsDocument> {
  let text: string;
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ResultsFileError(
      path,
      `Cannot read results file ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): write one with rustybt run … -o ${path.endsWith('.json') ? path : 'run.json'}.`,
      { cause: error },
    );
  }
  if (!path.toLowerCase().endsWith('.json') && !text.trimStart().startsWith('{')) {
    throw new ResultsFileError(
      path,
      `${path} is not a JSON results file: rustybt report reads the .json results of rustybt run -o run.json (CSV and Parquet exports are for other tools).`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    // A parse that fails at the very end of the text means the text stopped early.
    const cut =
      /end of (JSON )?input|Unterminated/i.test(message) ||
      (position !== null && Number(position[1]) >= text.trimEnd().length - 1);
    throw new ResultsFileError(
      path,
      cut
        ? `${path} is cut short (${text.length} bytes, the JSON ends before it is complete): the run that wrote it was probably interrupted. Write it again with rustybt run … -o ${path}.`
        : `${path} is not valid JSON (${(error as Error).message}). A results file is written by rustybt run … -o run.json.`,
      { cause: error },
    );
  }
  return upgradeDocument(path, await checkShape(path, parsed));
}

async function checkShape(path: string, parsed: unknown): Promise<ParsedResults> {
  const object = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  const record = object ? (parsed as Record<string, unknown>) : {};
  if (!object || typeof record.meta !== 'object' || !Array.isArray(record.performance)) {
    const keys = object ? Object.keys(record).slice(0, 6).join(', ') || 'none' : typeof parsed;
    throw new ResultsFileError(
      path,
      `${path} is not a rustybt results file: it has no meta and performance (top-level keys: ${keys}). Reports are made from the JSON that rustybt run … -o run.json writes.`,
    );
  }
  const format = record.format;
  if (format !== undefined) {
    const version = typeof format === 'string' ? /^rustybt-results\/(\d+)$/.exec(format) : null;
    if (version === null) {
      throw new ResultsFileError(
        path,
        `${path} has an unknown format ${JSON.stringify(format)}; it was not written by rustybt.`,
      );
    }
    if (Number(version[1]) > RESULTS_FORMAT) {
      throw new ResultsFileError(
        path,
        `${path} was written by a newer rustybt (results format ${version[1]}, this rustybt reads up to ${RESULTS_FORMAT}): update rustybt to report on it.`,
      );
    }
  }
  const checked = (await checkedShape()).safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new ResultsFileError(
      path,
      `${path} does not have the layout of rustybt results: ${issue.path.join('.') || 'the document'}: ${issue.message}. Write it again with rustybt run … -o ${path}.`,
    );
  }
  return checked.data;
}

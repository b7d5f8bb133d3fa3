import { readFileSync } from 'node:fs';
import { singleBar } from './progress-bar.js';
import { FREQUENCIES, type Frequency } from '../../data/bar-frame.js';
import { ingestIntoBundle, type BundleIngestSummary } from '../../data/bundles/ingest-bridge.js';
import { rustybtHome } from '../../data/bundles/bundle-home.js';
import {
  PROFILING_BUNDLES,
  profilingBundle,
  type ProfilingBundle,
} from '../../data/bundles/profiling-bundles.js';
import { checkCalendarDate } from '../../assets/session-date.js';
import { resolveCalendar } from '../../data/sources/calendar-choice.js';
import { ConfigError } from '../../errors/index.js';
import { formatBytes } from './format.js';
import { cliSource, cliSourceNames, type SourceSettings } from './source-choice.js';

/** The options of `rustybt ingest` as commander parses them. */
export interface IngestFlags {
  bundle?: string;
  symbols?: string;
  symbolsFile?: string;
  start?: string;
  end?: string;
  frequency?: string;
  exchange?: string;
  csvDir?: string;
  calendar?: string;
  source?: string;
  strict?: boolean;
  maxDrop?: string;
  listSources?: boolean;
}

/**
 * Runs `rustybt ingest` once commander has parsed it: lists the sources, or
 * ingests into a bundle and prints the summary.
 */
export async function runIngestCommand(
  sourceArg: string | undefined,
  flags: IngestFlags,
): Promise<void> {
  if (flags.listSources === true) {
    process.stdout.write(listSources());
    return;
  }
  if (sourceArg === undefined) {
    throw new ConfigError(
      'ingest needs a source: rustybt ingest <source> --bundle <name> ... (see rustybt ingest --list-sources).',
    );
  }
  const summary = await runIngest(sourceArg, flags);
  process.stdout.write(describeSummary(summary));
}

function listSources(): string {
  const rows = cliSourceNames().map((name) => {
    const meta = cliSource(name, { csvDir: '.' }).getMetadata();
    const joined = meta.auth.envVars.join(meta.auth.all === true ? ' and ' : ' or ');
    const auth = meta.auth.required ? `key: ${joined}` : 'no key';
    return [name, meta.frequencies.join(','), auth, meta.description];
  });
  const widths = [0, 1, 2].map((k) => Math.max(...rows.map((row) => row[k].length)));
  const lines = rows.map((row) =>
    row.map((cell, k) => (k < 3 ? cell.padEnd(widths[k]) : cell)).join('  '),
  );
  const profiling = Object.values(PROFILING_BUNDLES).map(
    (p) =>
      `${p.name.padEnd(24)} ${p.source}${p.exchange === undefined ? '' : ` (${p.exchange})`}, ${p.symbols.length} symbols, ${p.frequency}, ${day(p.start)}..${day(p.end)}; offline: --source synthetic`,
  );
  return `Sources:\n${lines.map((l) => `  ${l}`).join('\n')}\n\nProfiling bundles:\n${profiling.map((l) => `  ${l}`).join('\n')}\n`;
}

async function runIngest(sourceArg: string, flags: IngestFlags): Promise<BundleIngestSummary> {
  if (flags.maxDrop !== undefined) parseShare(flags.maxDrop, '--max-drop');
  const profiling = profilingBundle(sourceArg);
  const plan =
    profiling === undefined ? planFromFlags(sourceArg, flags) : planFromProfile(profiling, flags);
  const source = cliSource(plan.sourceName, plan.settings);
  const bar = process.stderr.isTTY
    ? singleBar({
        format: `${plan.bundle} [{bar}] {value}/{total} symbols | {rows} rows | {symbol}`,
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  bar?.start(plan.symbols.length, 0, { rows: 0, symbol: '' });
  let rows = 0;
  try {
    return await ingestIntoBundle(
      source,
      plan.bundle,
      {
        symbols: plan.symbols,
        start: plan.start,
        end: plan.end,
        frequency: plan.frequency,
        strict: flags.strict === true,
        maxDrop: flags.maxDrop === undefined ? undefined : parseShare(flags.maxDrop, '--max-drop'),
        calendar:
          plan.settings.calendar === undefined
            ? undefined
            : resolveCalendar(plan.settings.calendar),
        onProgress: (progress) => {
          rows += progress.rows;
          bar?.update(progress.symbolsDone, { rows, symbol: progress.symbol });
        },
      },
      { home: rustybtHome(), exchange: plan.settings.exchange, assetClass: plan.assetClass },
    );
  } finally {
    bar?.stop();
  }
}

interface IngestPlan {
  sourceName: string;
  bundle: string;
  symbols: string[];
  start: Date;
  end: Date;
  frequency: Frequency;
  settings: SourceSettings;
  assetClass?: string;
}

function planFromProfile(profile: ProfilingBundle, flags: IngestFlags): IngestPlan {
  const sourceName = flags.source ?? profile.source;
  return {
    sourceName,
    bundle: flags.bundle ?? profile.name,
    symbols: [...profile.symbols],
    start: profile.start,
    end: profile.end,
    frequency: profile.frequency,
    assetClass: profile.assetClass,
    settings: {
      exchange: flags.exchange ?? profile.exchange,
      calendar: profile.calendar,
      seed: profile.seed,
      priceScale: profile.priceScale,
      volumeScale: profile.volumeScale,
      csvDir: flags.csvDir,
    },
  };
}

function planFromFlags(sourceName: string, flags: IngestFlags): IngestPlan {
  if (flags.bundle === undefined) {
    throw new ConfigError('ingest needs --bundle <name>: the bundle to write.');
  }
  const frequency = parseFrequency(flags.frequency ?? '1d');
  if (flags.start === undefined || flags.end === undefined) {
    throw new ConfigError('ingest needs --start and --end (YYYY-MM-DD or ISO-8601, UTC).');
  }
  const start = parseTime(flags.start, '--start', false);
  const end = parseTime(flags.end, '--end', true);
  if (end.getTime() < start.getTime()) {
    throw new ConfigError(`--end ${flags.end} is before --start ${flags.start}.`);
  }
  return {
    sourceName,
    bundle: flags.bundle,
    symbols: parseSymbols(flags),
    start,
    end,
    frequency,
    settings: { exchange: flags.exchange, csvDir: flags.csvDir, calendar: flags.calendar },
  };
}

/** A share as `0.25`, `1` or `25%`, between 0 and 1. */
export function parseShare(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(text);
  const value = match === null ? NaN : Number(match[1]) / (match[2] === '%' ? 100 : 1);
  if (!(value >= 0 && value <= 1)) {
    throw new ConfigError(
      `${flag} must be a share between 0 and 1 or a percentage (e.g. 0.25 or 25%), got ${JSON.stringify(text)}.`,
    );
  }
  return value;
}

function parseFrequency(text: string): Frequency {
  if (!(FREQUENCIES as readonly string[]).includes(text)) {
    throw new ConfigError(`--frequency ${text} is not supported: use ${FREQUENCIES.join(', ')}.`);
  }
  return text as Frequency;
}

/** A date alone means the day's start (`--start`) or the day's last millisecond (`--end`), UTC. */
export function parseTime(text: string, flag: string, endOfDay: boolean): Date {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  checkCalendarDate(text, flag);
  const ms = dateOnly ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (Number.isNaN(ms)) {
    throw new ConfigError(`${flag} ${text} is not a date: use YYYY-MM-DD or ISO-8601 (UTC).`);
  }
  return new Date(dateOnly && endOfDay ? ms + 86_399_999 : ms);
}

function parseSymbols(flags: IngestFlags): string[] {
  if (flags.symbols !== undefined && flags.symbolsFile !== undefined) {
    throw new ConfigError('Give either --symbols or --symbols-file, not both.');
  }
  const raw =
    flags.symbols !== undefined
      ? flags.symbols.split(',')
      : flags.symbolsFile !== undefined
        ? readSymbolsFile(flags.symbolsFile)
        : [];
  const symbols = [...new Set(raw.map((s) => s.trim()).filter((s) => s !== ''))];
  if (symbols.length === 0) {
    throw new ConfigError('ingest needs symbols: --symbols A,B or --symbols-file <file>.');
  }
  return symbols;
}

function readSymbolsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read --symbols-file ${path}: ${(error as Error).message}.`, {
      cause: error,
    });
  }
  return text.split(/\r?\n/).map((line) => line.replace(/#.*/, ''));
}

function describeSummary(summary: BundleIngestSummary): string {
  const drops = Object.entries(summary.drops)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, rows]) => `${reason} ${rows}`);
  return [
    `Ingested ${summary.symbols} symbols into bundle ${summary.bundleName}, version ${summary.version}`,
    `  rows written:     ${summary.rowsWritten}`,
    `  rows dropped:     ${summary.rowsDropped}${drops.length > 0 ? ` (${drops.join(', ')})` : ''}`,
    `  missing sessions: ${summary.missingSessions}`,
    `  outliers flagged: ${summary.outliers}`,
    `  size:             ${formatBytes(summary.sizeBytes)}`,
    `  checksum:         sha256:${summary.checksum}`,
    `  path:             ${summary.path}`,
    '',
  ].join('\n');
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

import { barCount, type BarFrame } from '../bar-frame.js';
import { ConfigError, DataError } from '../../errors/index.js';
import type { FetchReport } from '../sources/data-source.js';

/**
 * Share of fetched rows an ingest may drop before it is refused, by default:
 * a file that loses more than one row in ten is broken, not noisy.
 */
export const DEFAULT_MAX_DROP = 0.1;

/** Rows kept and dropped for one symbol of a fetch. */
export interface SymbolDrops {
  symbol: string;
  kept: number;
  dropped: number;
}

/** A frame, or what an ingest that streams its frames keeps of one: its symbol and bar count. */
export type KeptBars = BarFrame | { symbol: string; rows: number };

/** Rows kept and dropped per symbol, in the order of the frames. */
export function dropsBySymbol(frames: readonly KeptBars[], report: FetchReport): SymbolDrops[] {
  const dropped = new Map<string, number>();
  for (const issue of report.issues) {
    if (issue.action === 'dropped') dropped.set(issue.symbol, (dropped.get(issue.symbol) ?? 0) + 1);
  }
  const rows = new Map<string, SymbolDrops>();
  for (const frame of frames) {
    const entry = rows.get(frame.symbol) ?? { symbol: frame.symbol, kept: 0, dropped: 0 };
    entry.kept += 'rows' in frame ? frame.rows : barCount(frame);
    rows.set(frame.symbol, entry);
  }
  for (const [symbol, count] of dropped) {
    const entry = rows.get(symbol) ?? { symbol, kept: 0, dropped: 0 };
    entry.dropped = count;
    rows.set(symbol, entry);
  }
  return [...rows.values()];
}

/**
 * Checks a `maxDrop` setting: a share in [0, 1].
 *
 * @throws ConfigError otherwise.
 */
export function checkMaxDrop(maxDrop: number): number {
  if (!Number.isFinite(maxDrop) || maxDrop < 0 || maxDrop > 1) {
    throw new ConfigError(
      `maxDrop must be a share between 0 and 1 (e.g. 0.1 for 10 %), got ${String(maxDrop)}.`,
    );
  }
  return maxDrop;
}

/**
 * Refuses a fetch that would hide good data behind an empty or gutted bundle
 * version: no valid rows at all; a symbol whose every fetched row was dropped
 * (a broken file), unless `maxDrop` is 1; or more than `maxDrop` of all rows dropped.
 *
 * @throws DataError naming the symbols and the share dropped, and how to accept it.
 */
export function checkDropShare(
  frames: readonly KeptBars[],
  report: FetchReport,
  maxDrop: number,
  range: { start: Date; end: Date },
): void {
  checkMaxDrop(maxDrop);
  const drops = dropsBySymbol(frames, report);
  const kept = drops.reduce((sum, d) => sum + d.kept, 0);
  const dropped = drops.reduce((sum, d) => sum + d.dropped, 0);
  const span = `${range.start.toISOString()} .. ${range.end.toISOString()}`;
  if (kept === 0) {
    throw new DataError(
      dropped === 0
        ? `The source returned no bars for ${drops.map((d) => d.symbol).join(', ') || 'the symbols'} in ${span}; no version was written. Check the symbols, the dates and the frequency.`
        : `Every fetched row was bad (${dropped} dropped${describeReasons(report)}); no version was written. Fix the data (rustybt ingest ... --strict stops at the first bad row and names it).`,
    );
  }
  const gutted = drops.filter((d) => d.kept === 0 && d.dropped > 0);
  if (gutted.length > 0 && maxDrop < 1) {
    throw new DataError(
      `Every row of ${gutted.map((d) => `${d.symbol} (${d.dropped} rows)`).join(', ')} was dropped${describeReasons(report, gutted)}; no version was written. Fix the data, leave the symbol out, or pass --max-drop 1 to accept it.`,
    );
  }
  const share = dropped / (kept + dropped);
  if (share > maxDrop) {
    const worst = drops
      .filter((d) => d.dropped > 0)
      .sort((a, b) => b.dropped - a.dropped)
      .slice(0, 5)
      .map((d) => `${d.symbol} ${d.dropped} of ${d.kept + d.dropped}`);
    throw new DataError(
      `${dropped} of ${kept + dropped} rows (${percent(share)}) were dropped as bad, more than the ${percent(maxDrop)} allowed (${worst.join(', ')}${describeReasons(report)}); no version was written. Fix the data, or raise --max-drop (e.g. --max-drop ${Math.min(1, Math.ceil(share * 100) / 100)}) to keep the good rows.`,
    );
  }
}

function describeReasons(report: FetchReport, only?: readonly SymbolDrops[]): string {
  const symbols = only === undefined ? undefined : new Set(only.map((d) => d.symbol));
  const counts = new Map<string, number>();
  for (const issue of report.issues) {
    if (issue.action !== 'dropped') continue;
    if (symbols !== undefined && !symbols.has(issue.symbol)) continue;
    counts.set(issue.problem, (counts.get(issue.problem) ?? 0) + 1);
  }
  if (counts.size === 0) return '';
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} ${n}`);
  return `: ${parts.join(', ')}`;
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))} %`;
}

import { allocateBarFrame, type BarFrame, type Frequency } from '../bar-frame.js';
import type { Adjustment } from '../bundles/index.js';
import type { CorporateActions, FetchReport, FetchResult } from '../sources/data-source.js';
import { DAY_MS } from '../../calendar/index.js';
import type { UsableEntry } from './cache-plan.js';
import { InvalidEntry, type EntryContents } from './entry-files.js';
import type { TimeRange } from './time-ranges.js';

/** An entry read for a request: what it covers, its bars and corporate actions, its fetch report. */
export interface ReadEntry {
  usable: UsableEntry;
  contents: EntryContents;
  report: FetchReport;
}

/**
 * The answer to a request from the entries read for it: one frame per symbol
 * asked (trimmed, first occurrence, in the order asked) merged from the parts
 * each entry covers (the newest fetch wins on equal timestamps), the
 * corporate actions and the report parts inside the range.
 *
 * @throws InvalidEntry when no entry read holds a frame of an asked symbol.
 */
export function assembleAnswer(
  read: readonly ReadEntry[],
  wanted: readonly string[],
  asked: readonly string[],
  range: TimeRange,
  frequency: Frequency,
): FetchResult {
  const wantedSet = new Set(wanted);
  const frames: BarFrame[] = [];
  for (const symbol of [...new Set(asked.map((s) => s.trim()))]) {
    const pieces: FramePiece[] = [];
    for (const { usable, contents } of read) {
      const frame = contents.frames.find((f) => f.symbol === symbol && f.frequency === frequency);
      if (frame === undefined) continue;
      pieces.push({
        frame,
        range: {
          start: Math.max(usable.entry.rangeStart, range.start),
          end: Math.min(usable.coverEnd, range.end),
        },
        priority: usable.entry.fetchedAt,
      });
    }
    if (pieces.length === 0) {
      throw new InvalidEntry(
        read[0]?.usable.entry.path ?? '(no entry)',
        `no ${frequency} frame of ${symbol} in the entries that list it`,
      );
    }
    frames.push(mergePieces(symbol, frequency, pieces));
  }
  const newestFirst = [...read].sort((a, b) => b.usable.entry.fetchedAt - a.usable.entry.fetchedAt);
  return {
    frames,
    corporateActions: actionsWithin(
      newestFirst.flatMap((r) => r.contents.adjustments),
      wantedSet,
      range,
    ),
    report: reportWithin(
      read.map((r) => r.report),
      wantedSet,
      range,
    ),
  };
}

/** Part of one symbol's bars taken from one entry; a higher `priority` wins on equal timestamps. */
export interface FramePiece {
  frame: BarFrame;
  /** Only bars with starts in this range are used. */
  range: TimeRange;
  priority: number;
}

const COLUMNS = ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * One frame of `symbol` from the pieces: bars inside each piece's range, in
 * time order, one bar per timestamp (the highest-priority piece's), every
 * price and volume brought exactly to the largest scale among the pieces.
 */
export function mergePieces(
  symbol: string,
  frequency: Frequency,
  pieces: readonly FramePiece[],
): BarFrame {
  if (pieces.length === 1) return clip(pieces[0].frame, pieces[0].range);
  const priceScale = Math.max(0, ...pieces.map((p) => p.frame.priceScale));
  const volumeScale = Math.max(0, ...pieces.map((p) => p.frame.volumeScale));
  const rows: { piece: FramePiece; index: number }[] = [];
  for (const piece of pieces) {
    const t = piece.frame.timestamps;
    for (let i = 0; i < t.length; i++) {
      if (t[i] >= piece.range.start && t[i] <= piece.range.end) rows.push({ piece, index: i });
    }
  }
  rows.sort(
    (a, b) =>
      a.piece.frame.timestamps[a.index] - b.piece.frame.timestamps[b.index] ||
      b.piece.priority - a.piece.priority,
  );
  const kept = rows.filter(
    (row, k) =>
      k === 0 ||
      row.piece.frame.timestamps[row.index] !==
        rows[k - 1].piece.frame.timestamps[rows[k - 1].index],
  );
  const out = allocateBarFrame(symbol, frequency, kept.length, priceScale, volumeScale);
  kept.forEach(({ piece, index }, j) => {
    const source = piece.frame;
    const priceFactor = 10 ** (priceScale - source.priceScale);
    const volumeFactor = 10 ** (volumeScale - source.volumeScale);
    out.timestamps[j] = source.timestamps[index];
    out.open[j] = source.open[index] * priceFactor;
    out.high[j] = source.high[index] * priceFactor;
    out.low[j] = source.low[index] * priceFactor;
    out.close[j] = source.close[index] * priceFactor;
    out.volume[j] = source.volume[index] * volumeFactor;
  });
  return out;
}

/** A copy of the frame's bars with starts inside `range` (the frame itself when all are). */
export function clip(frame: BarFrame, range: TimeRange): BarFrame {
  const t = frame.timestamps;
  let first = 0;
  while (first < t.length && t[first] < range.start) first++;
  let end = first;
  while (end < t.length && t[end] <= range.end) end++;
  if (first === 0 && end === t.length) return frame;
  const out = allocateBarFrame(
    frame.symbol,
    frame.frequency,
    end - first,
    frame.priceScale,
    frame.volumeScale,
  );
  for (const column of COLUMNS) out[column].set(frame[column].subarray(first, end));
  return out;
}

/**
 * Splits and dividends of `symbols` with ex-dates inside `range` (daily
 * labels, so an intraday range counts from its first day), one per symbol,
 * kind and ex-date, ordered by symbol then ex-date.
 */
export function actionsWithin(
  adjustments: readonly Adjustment[],
  symbols: ReadonlySet<string>,
  range: TimeRange,
): CorporateActions {
  const firstDay = Math.floor(range.start / DAY_MS) * DAY_MS;
  const seen = new Set<string>();
  const actions: CorporateActions = { splits: [], dividends: [] };
  for (const a of adjustments) {
    if (!symbols.has(a.symbol) || a.exDate < firstDay || a.exDate > range.end) continue;
    const id = `${a.kind}\u0000${a.symbol}\u0000${a.exDate}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (a.kind === 'split') {
      actions.splits.push({
        symbol: a.symbol,
        exDate: a.exDate,
        numerator: Number(a.numerator),
        denominator: Number(a.denominator),
      });
    } else {
      const [whole, fraction = ''] = a.amount.split('.');
      actions.dividends.push({
        symbol: a.symbol,
        exDate: a.exDate,
        ...(a.payDate === null ? {} : { payDate: a.payDate }),
        amount: Number(`${whole}${fraction}`),
        scale: fraction.length,
        ...(a.currency === null ? {} : { currency: a.currency }),
      });
    }
  }
  const order = (x: { symbol: string; exDate: number }, y: { symbol: string; exDate: number }) =>
    x.symbol < y.symbol ? -1 : x.symbol > y.symbol ? 1 : x.exDate - y.exDate;
  actions.splits.sort(order);
  actions.dividends.sort(order);
  return actions;
}

/** The parts of fetch reports about `symbols` inside `range`, without repeats. */
export function reportWithin(
  reports: readonly FetchReport[],
  symbols: ReadonlySet<string>,
  range: TimeRange,
): FetchReport {
  const inside = (t: number | undefined): boolean =>
    t === undefined || (t >= range.start && t <= range.end);
  const seenIssues = new Set<string>();
  const issues = reports
    .flatMap((report) => report.issues)
    .filter((issue) => symbols.has(issue.symbol) && inside(issue.timestamp))
    .filter((issue) => {
      const id = JSON.stringify(issue);
      if (seenIssues.has(id)) return false;
      seenIssues.add(id);
      return true;
    });
  const missing = new Map<string, Set<number>>();
  for (const gap of reports.flatMap((report) => report.gaps)) {
    if (!symbols.has(gap.symbol)) continue;
    const set = missing.get(gap.symbol) ?? new Set<number>();
    for (const t of gap.missing) if (inside(t)) set.add(t);
    missing.set(gap.symbol, set);
  }
  const gaps = [...missing]
    .filter(([, set]) => set.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([symbol, set]) => ({ symbol, missing: [...set].sort((a, b) => a - b) }));
  return { issues, gaps };
}

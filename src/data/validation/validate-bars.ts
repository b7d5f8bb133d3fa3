import type { TradingCalendar } from '../../calendar/index.js';
import { allocateBarFrame, type BarFrame } from '../bar-frame.js';
import type { MissingSessions, RowProblem } from '../sources/data-source.js';
import type { BarRows } from './bar-rows.js';
import type { IssueLog } from './issue-log.js';
import { findOutliers } from './outliers.js';

/** How to validate bars. */
export interface ValidationOptions {
  /** Where issues go; its `strict` flag decides between failing and dropping. */
  log: IssueLog;
  /** When given: bars outside its sessions are dropped and missing sessions reported. */
  calendar?: TradingCalendar;
  /** The requested range (UTC ms, inclusive); gaps are looked for within it. Defaults to first..last bar. */
  range?: { start: number; end: number };
  /** Robust z-score beyond which a return is flagged as an outlier; 10 by default. */
  outlierThreshold?: number;
  /**
   * What a native reader already established about `raw`: that it passes the
   * clean check (nothing to drop or sort; the check is then skipped), and its
   * outliers at the default threshold (`findOutliers` of its closes, used when
   * `outlierThreshold` is unset).
   */
  prechecked?: { outliers: ArrayLike<number> };
}

/** The valid bars as a frame, plus the calendar sessions that had no bar. */
export interface ValidatedBars {
  frame: BarFrame;
  gaps: MissingSessions | undefined;
}

/**
 * Turns raw rows into a clean `BarFrame`:
 * 1. drops rows with non-integer units, prices <= 0, negative volume, or
 *    inconsistent OHLC (high below open/close/low, low above open/close);
 * 2. sorts rows that arrived out of order (reported as repaired; fails strict mode);
 * 3. drops later rows with a timestamp already seen;
 * 4. with a calendar, drops bars outside its sessions and reports missing sessions;
 * 5. flags (keeps) outlier returns.
 * In strict mode the first dropped or reordered row throws a `DataError`.
 */
export function validateBars(raw: BarRows, options: ValidationOptions): ValidatedBars {
  if (options.prechecked !== undefined || isClean(raw)) {
    // The common case: nothing to drop or sort; with a calendar, one merge walk finds the gaps.
    const calendar = options.calendar;
    if (calendar === undefined) return cleanFrame(raw, options);
    const gaps = gapsOfCleanRows(raw, calendar, options);
    if (gaps !== false) return { ...cleanFrame(raw, options), gaps };
  }
  const { log } = options;
  const symbol = raw.symbol;
  const keep: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const problem = rowProblem(raw, i);
    if (problem === undefined) {
      keep.push(i);
    } else {
      log.record({
        symbol,
        timestamp: raw.timestamps[i],
        row: raw.rowOf(i),
        problem: problem[0],
        action: 'dropped',
        detail: problem[1],
      });
    }
  }

  let lastSeen = -Infinity;
  let sorted = true;
  for (const i of keep) {
    if (raw.timestamps[i] < lastSeen) {
      sorted = false;
      log.record(
        {
          symbol,
          timestamp: raw.timestamps[i],
          row: raw.rowOf(i),
          problem: 'out-of-order',
          action: 'repaired',
          detail: `bar comes after a later bar (${new Date(lastSeen).toISOString()}); re-sorted`,
        },
        true,
      );
    }
    lastSeen = Math.max(lastSeen, raw.timestamps[i]);
  }
  if (!sorted) keep.sort((a, b) => raw.timestamps[a] - raw.timestamps[b] || a - b);

  const unique: number[] = [];
  for (const i of keep) {
    const previous = unique.at(-1);
    if (previous !== undefined && raw.timestamps[previous] === raw.timestamps[i]) {
      log.record({
        symbol,
        timestamp: raw.timestamps[i],
        row: raw.rowOf(i),
        problem: 'duplicate-timestamp',
        action: 'dropped',
        detail: `same bar start as row ${raw.rowOf(previous)}, which is kept`,
      });
    } else {
      unique.push(i);
    }
  }

  let inSession = unique;
  let gaps: MissingSessions | undefined;
  const calendar = options.calendar;
  if (calendar !== undefined && unique.length > 0) {
    const first = options.range?.start ?? raw.timestamps[unique[0]];
    const last = options.range?.end ?? raw.timestamps[unique[unique.length - 1]];
    const expected = new Set(expectedBars(calendar, raw, first, last));
    inSession = [];
    for (const i of unique) {
      if (expected.has(raw.timestamps[i])) {
        inSession.push(i);
      } else {
        log.record({
          symbol,
          timestamp: raw.timestamps[i],
          row: raw.rowOf(i),
          problem: 'outside-session',
          action: 'dropped',
          detail: `not a ${raw.frequency} bar start of a ${calendar.name} session`,
        });
      }
    }
    const present = new Set(inSession.map((i) => raw.timestamps[i]));
    const missing = [...expected].filter((t) => !present.has(t) && t >= first && t <= last);
    if (missing.length > 0) gaps = { symbol, missing: missing.sort((a, b) => a - b) };
  }

  const frame = allocateBarFrame(
    symbol,
    raw.frequency,
    inSession.length,
    raw.priceScale,
    raw.volumeScale,
  );
  for (let k = 0; k < inSession.length; k++) {
    const i = inSession[k];
    frame.timestamps[k] = raw.timestamps[i];
    frame.open[k] = raw.open[i];
    frame.high[k] = raw.high[i];
    frame.low[k] = raw.low[i];
    frame.close[k] = raw.close[i];
    frame.volume[k] = raw.volume[i];
  }

  flagOutliers(frame, raw, (k) => inSession[k], options);
  return { frame, gaps };
}

/** Whether every row is valid and bar starts strictly increase: nothing to drop or sort. */
function isClean(raw: BarRows): boolean {
  let previous = -Infinity;
  for (let i = 0; i < raw.length; i++) {
    const t = raw.timestamps[i];
    if (!(t > previous) || t === Infinity) return false;
    const o = raw.open[i];
    const h = raw.high[i];
    const l = raw.low[i];
    const c = raw.close[i];
    const v = raw.volume[i];
    // Comparisons are false for NaN, so unparsable values fail here too.
    if (!(l > 0 && l <= o && l <= c && h >= o && h >= c && v >= 0)) return false;
    if (!(h <= Number.MAX_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER)) return false;
    if (!(
      Number.isInteger(o) &&
      Number.isInteger(h) &&
      Number.isInteger(l) &&
      Number.isInteger(c) &&
      Number.isInteger(v)
    )) {
      return false;
    }
    previous = t;
  }
  return true;
}

/** The frame of rows that `isClean` accepted, with outliers flagged. */
function cleanFrame(raw: BarRows, options: ValidationOptions): ValidatedBars {
  const n = raw.length;
  // Full columns are taken as they are: a later push into `raw` grows it into new ones.
  const exact = (column: Float64Array): Float64Array =>
    column.length === n ? column : column.slice(0, n);
  const frame: BarFrame = {
    symbol: raw.symbol,
    frequency: raw.frequency,
    timestamps: exact(raw.timestamps),
    priceScale: raw.priceScale,
    open: exact(raw.open),
    high: exact(raw.high),
    low: exact(raw.low),
    close: exact(raw.close),
    volumeScale: raw.volumeScale,
    volume: exact(raw.volume),
  };
  const known = options.outlierThreshold === undefined ? options.prechecked?.outliers : undefined;
  flagOutliers(frame, raw, (k) => k, options, known);
  return { frame, gaps: undefined };
}

function flagOutliers(
  frame: BarFrame,
  raw: BarRows,
  rowOf: (k: number) => number,
  options: ValidationOptions,
  known?: ArrayLike<number>,
): void {
  for (const k of Array.from(known ?? findOutliers(frame.close, options.outlierThreshold))) {
    options.log.record({
      symbol: frame.symbol,
      timestamp: frame.timestamps[k],
      row: raw.rowOf(rowOf(k)),
      problem: 'outlier',
      action: 'flagged',
      detail: `close moved from ${frame.close[k - 1]} to ${frame.close[k]} units, far beyond the series' typical move; kept`,
    });
  }
}

function rowProblem(raw: BarRows, i: number): [RowProblem, string] | undefined {
  const o = raw.open[i];
  const h = raw.high[i];
  const l = raw.low[i];
  const c = raw.close[i];
  const v = raw.volume[i];
  if (!Number.isFinite(raw.timestamps[i])) return ['unparsable', 'timestamp is not a time'];
  for (const [name, value] of [
    ['open', o],
    ['high', h],
    ['low', l],
    ['close', c],
    ['volume', v],
  ] as const) {
    if (!Number.isSafeInteger(value)) {
      return ['unparsable', `${name} ${value} is not an integer number of units within 2^53`];
    }
  }
  if (o <= 0 || h <= 0 || l <= 0 || c <= 0) {
    return ['non-positive-price', `prices must be positive: O ${o} H ${h} L ${l} C ${c} units`];
  }
  if (v < 0) return ['negative-volume', `volume ${v} units is negative`];
  if (h < l || h < o || h < c || l > o || l > c) {
    return [
      'ohlc-inconsistent',
      `need low <= open, close <= high: O ${o} H ${h} L ${l} C ${c} units`,
    ];
  }
  return undefined;
}

const DAY_MS = 86_400_000;

/** Bar starts of the calendar's sessions around `[first, last]` (a day either side), ascending. */
function expectedBars(
  calendar: TradingCalendar,
  raw: BarRows,
  first: number,
  last: number,
): Float64Array {
  const lo = Math.max(calendar.firstSession, first - DAY_MS);
  const hi = Math.min(calendar.lastSession, last + DAY_MS);
  if (hi < lo) return new Float64Array(0);
  const perSession = Array.from(calendar.sessionsInRange(lo, hi), (label) =>
    calendar.barsForSession(label, raw.frequency),
  );
  const expected = new Float64Array(perSession.reduce((n, bars) => n + bars.length, 0));
  let at = 0;
  for (const bars of perSession) {
    expected.set(bars, at);
    at += bars.length;
  }
  return expected;
}

/**
 * For rows `isClean` accepted: walks them against the calendar's bar starts at
 * once. Returns the missing sessions' bars (or undefined when none are missing),
 * or `false` when a row is not a bar start of a session (the general path then
 * drops and reports it).
 */
function gapsOfCleanRows(
  raw: BarRows,
  calendar: TradingCalendar,
  options: ValidationOptions,
): MissingSessions | undefined | false {
  if (raw.length === 0) return undefined;
  const first = options.range?.start ?? raw.timestamps[0];
  const last = options.range?.end ?? raw.timestamps[raw.length - 1];
  const expected = expectedBars(calendar, raw, first, last);
  const missing: number[] = [];
  let j = 0;
  for (let i = 0; i < raw.length; i++) {
    const t = raw.timestamps[i];
    while (j < expected.length && expected[j] < t) {
      const e = expected[j++];
      if (e >= first && e <= last) missing.push(e);
    }
    if (j >= expected.length || expected[j] !== t) return false;
    j++;
  }
  for (; j < expected.length; j++) {
    const e = expected[j];
    if (e >= first && e <= last) missing.push(e);
  }
  return missing.length > 0 ? { symbol: raw.symbol, missing } : undefined;
}

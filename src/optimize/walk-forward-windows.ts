import { ConfigError } from '../errors/index.js';

/** A span of calendar time: `2y`, `6m`, `4w`, `90d`. */
export interface Span {
  count: number;
  unit: 'd' | 'w' | 'm' | 'y';
}

/** One walk-forward step: optimize on `train`, run the best on `test` (dates `YYYY-MM-DD`, inclusive). */
export interface WalkForwardWindow {
  trainStart: string;
  trainEnd: string;
  testStart: string;
  testEnd: string;
}

/**
 * Parses a span: a whole number and a unit, `d` (days), `w` (weeks), `m` (months), `y` (years).
 *
 * @throws ConfigError naming the flag and the accepted forms.
 */
export function parseSpan(text: string, flag: string): Span {
  const match = /^\s*(\d+)\s*([dwmy])\s*$/.exec(text);
  if (match === null || Number(match[1]) <= 0) {
    throw new ConfigError(
      `${flag} must be a positive whole number of days, weeks, months or years, like 90d, 4w, 6m or 2y; got ${JSON.stringify(text)}.`,
    );
  }
  return { count: Number(match[1]), unit: match[2] as Span['unit'] };
}

/**
 * The walk-forward windows over `[start, end]`: the first test window starts
 * `train` after `start`; each test window lasts `test` (the last one cut at
 * `end`) and the next starts the day after it ends. Each training window ends
 * the day before its test window starts and lasts `train` (rolling), or
 * starts at `start` (anchored, growing). Test windows never overlap and never
 * see a day of their training window's future.
 *
 * @throws ConfigError when the range is shorter than one training window plus a day.
 */
export function walkForwardWindows(
  start: string,
  end: string,
  train: Span,
  test: Span,
  anchored = false,
): WalkForwardWindow[] {
  const first = dayOf(start, 'start');
  const last = dayOf(end, 'end');
  const windows: WalkForwardWindow[] = [];
  let testStart = add(first, train);
  while (testStart <= last) {
    const testEnd = Math.min(add(testStart, test) - DAY, last);
    const trainStart = anchored
      ? first
      : Math.max(first, add(testStart, { ...train, count: -train.count }));
    windows.push({
      trainStart: label(trainStart),
      trainEnd: label(testStart - DAY),
      testStart: label(testStart),
      testEnd: label(testEnd),
    });
    testStart = testEnd + DAY;
  }
  if (windows.length === 0) {
    throw new ConfigError(
      `The range ${start} to ${end} is shorter than one training window (${train.count}${train.unit}) plus a test day; widen the range or shorten --train.`,
    );
  }
  return windows;
}

const DAY = 86_400_000;

function dayOf(text: string, what: string): number {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (Number.isNaN(time))
    throw new ConfigError(`${what} must be a date YYYY-MM-DD, got ${JSON.stringify(text)}.`);
  return time;
}

/** `time` plus the span, months clamped to the month's last day (Jan 31 + 1m = Feb 28). */
function add(time: number, span: Span): number {
  if (span.unit === 'd') return time + span.count * DAY;
  if (span.unit === 'w') return time + span.count * 7 * DAY;
  const date = new Date(time);
  const months = span.unit === 'y' ? span.count * 12 : span.count;
  const target = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(target / 12);
  const month = ((target % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay));
}

function label(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

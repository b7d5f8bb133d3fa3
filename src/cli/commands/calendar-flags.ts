// Calendars the command line builds: from a file of sessions (`--calendar-file`)
// and from the sessions present in the data (`--calendar data`).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  customCalendar,
  formatSessionLabel,
  sessionLabel,
  type TradingCalendar,
} from '../../calendar/index.js';
import { utcDay, weekday } from '../../calendar/session-label.js';
import type { BarFrame } from '../../data/bar-frame.js';
import { ConfigError, DataError } from '../../errors/index.js';

/**
 * A calendar whose sessions are the dates of `path`, one `YYYY-MM-DD` per
 * line in increasing order; blank lines and lines starting with `#` are
 * skipped. Sessions run 00:00 to 24:00 UTC; statistics annualize over 252
 * periods, or 365 when the file has weekend sessions.
 *
 * @throws ConfigError naming the file and line of an unparsable, repeated or
 *   out-of-order date, or when the file is missing or has no dates.
 */
export function calendarFromFile(path: string, flag = '--calendar-file'): TradingCalendar {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${flag} ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a text file with one session date (YYYY-MM-DD) per line.`,
      { cause: error },
    );
  }
  const sessions: number[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const where = `${flag} ${path}, line ${index + 1}`;
    let label: number;
    try {
      label = sessionLabel(line);
    } catch {
      throw new ConfigError(
        `${where}: ${JSON.stringify(line)} is not a date; write one session per line as YYYY-MM-DD (lines starting with # are comments).`,
      );
    }
    const previous = sessions[sessions.length - 1];
    if (previous !== undefined && label <= previous) {
      throw new ConfigError(
        `${where}: ${line} ${label === previous ? 'repeats' : 'comes before'} the session ${formatSessionLabel(previous)} above it; list each session once, in increasing order.`,
      );
    }
    sessions.push(label);
  }
  if (sessions.length === 0) {
    throw new ConfigError(
      `${flag} ${path} lists no sessions; write one date (YYYY-MM-DD) per line.`,
    );
  }
  return sessionCalendar(`file:${basename(path)}`, sessions);
}

/**
 * A calendar whose sessions are the UTC dates on which any of `frames` has a
 * bar: for data that trades on days a shipped calendar does not know.
 *
 * @throws DataError when the frames hold no bars.
 */
export function calendarFromData(frames: readonly BarFrame[]): TradingCalendar {
  const days = new Set<number>();
  for (const frame of frames) for (const stamp of frame.timestamps) days.add(utcDay(stamp));
  if (days.size === 0) {
    throw new DataError('--calendar data: the data holds no bars to take the sessions from.');
  }
  return sessionCalendar(
    'data',
    [...days].sort((a, b) => a - b),
  );
}

function sessionCalendar(name: string, sessions: readonly number[]): TradingCalendar {
  const weekends = sessions.some((label) => weekday(label) === 0 || weekday(label) === 6);
  return customCalendar({ name, sessions, annualization: weekends ? 365 : 252 });
}

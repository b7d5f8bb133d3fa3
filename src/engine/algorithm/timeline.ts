import type { TradingCalendar } from '../../calendar/index.js';
import type { Frequency } from '../../data/bar-frame.js';

/** The bars of a run: start times, and for each bar the index of its session. */
export interface RunTimeline {
  /** Session labels of the run (UTC 00:00 epoch ms). */
  sessions: Float64Array;
  /** Bar start times (UTC epoch ms), all sessions in order. */
  bars: Float64Array;
  /** `sessionStart[s]` is the index of session `s`'s first bar; `sessionStart[sessions.length]` = bars.length. */
  sessionStart: Int32Array;
}

/** Lays the bars of every session of `[start, end]` at `frequency` end to end. */
export function buildTimeline(
  calendar: TradingCalendar,
  start: number,
  end: number,
  frequency: Frequency,
): RunTimeline {
  const sessions = calendar.sessionsInRange(start, end);
  const perSession = Array.from(sessions, (label) => calendar.barsForSession(label, frequency));
  const total = perSession.reduce((sum, bars) => sum + bars.length, 0);
  const bars = new Float64Array(total);
  const sessionStart = new Int32Array(sessions.length + 1);
  let at = 0;
  perSession.forEach((sessionBars, s) => {
    sessionStart[s] = at;
    bars.set(sessionBars, at);
    at += sessionBars.length;
  });
  sessionStart[sessions.length] = at;
  return { sessions, bars, sessionStart };
}

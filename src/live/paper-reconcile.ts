import type { TradingCalendar } from '../calendar/index.js';
import type { Clock } from '../data/sources/clock.js';
import type { frequencyOf } from '../engine/algorithm/run-options.js';
import { JournalError } from '../errors/index.js';
import type { Journal } from './journal.js';
import { LiveClock } from './live-clock.js';
import type { LiveLoop } from './live-loop.js';
import type { PaperBroker } from './paper-broker.js';

/**
 * Compares a paper account rebuilt by replaying the journaled bars with what
 * the journal recorded: cash, portfolio value, positions, and every order's
 * status and filled amount. The work of a bar the process did not finish is
 * discarded first (that bar is handled again). Every difference is written to
 * the journal as a `reconcile` event and returned.
 */
export function reconcilePaper(journal: Journal, broker: PaperBroker, lastBar: number): string[] {
  const differences: string[] = [];
  const discarded = journal.discardAfter(lastBar);
  if (discarded > 0) {
    differences.push(
      `${discarded} order(s) of an unfinished bar discarded; that bar is handled again`,
    );
  }
  const recorded = journal.lastState();
  const now = broker.journalState(lastBar);
  if (recorded !== undefined) {
    for (const key of ['cash', 'portfolioValue'] as const) {
      if (recorded[key] !== now[key]) {
        differences.push(`${key}: journal ${recorded[key]}, replay ${now[key]}`);
      }
    }
    const symbols = new Set([...Object.keys(recorded.positions), ...Object.keys(now.positions)]);
    for (const symbol of symbols) {
      const a = recorded.positions[symbol] ?? '0';
      const b = now.positions[symbol] ?? '0';
      if (a !== b) differences.push(`position ${symbol}: journal ${a}, replay ${b}`);
    }
  }
  const sessionId = journal.session().id;
  const replayed = new Map(broker.allOrders().map((order) => [`${sessionId}-${order.id}`, order]));
  for (const entry of journal.orders()) {
    const order = replayed.get(entry.clientId);
    if (order === undefined) {
      differences.push(
        `order ${entry.clientId} (${entry.request}) is in the journal but not in the replay`,
      );
      continue;
    }
    replayed.delete(entry.clientId);
    if (entry.status !== order.status || entry.filled !== order.exact.filled) {
      differences.push(
        `order ${entry.clientId}: journal ${entry.status} filled ${entry.filled}, replay ${order.status} filled ${order.exact.filled}`,
      );
    }
  }
  for (const clientId of replayed.keys()) {
    differences.push(`order ${clientId} is in the replay but not in the journal`);
  }
  for (const difference of differences) journal.note(lastBar, 'reconcile', difference);
  return differences;
}

/** A clock that is always past every bar: replays journaled bars without waiting. */
const endlessClock: Clock = { now: () => Infinity, sleep: () => Promise.resolve() };

/**
 * Paper resume: replays the journaled bars through the strategy (deterministic,
 * so the account comes back as it was), reconciles with the journal and
 * returns the first bar start still to handle.
 */
export async function replayJournal(
  journal: Journal,
  broker: PaperBroker,
  loop: LiveLoop,
  symbols: readonly string[],
  options: {
    calendar: TradingCalendar;
    frequency: ReturnType<typeof frequencyOf>;
    liveStart: number;
    onDifference?: (message: string) => void;
  },
): Promise<number> {
  const replayClock = new LiveClock(
    options.calendar,
    options.frequency,
    options.liveStart,
    endlessClock,
  );
  const processed = journal.processedBars();
  for (const barStart of processed) {
    const time = await replayClock.next();
    if (time.barStart !== barStart) {
      throw new JournalError(
        `Journal ${journal.path} has bar ${new Date(barStart).toISOString()} where the calendar has ${new Date(time.barStart).toISOString()}; it cannot be resumed with these options.`,
      );
    }
    const stored = journal.barsAt(barStart);
    loop.step(
      time,
      symbols.map((symbol) => stored.get(symbol)),
    );
  }
  // Before the first finished bar nothing counts: an unfinished first bar's work is discarded too.
  const lastDone = processed.length > 0 ? processed[processed.length - 1] : options.liveStart - 1;
  const differences = reconcilePaper(journal, broker, lastDone);
  for (const difference of differences) options.onDifference?.(difference);
  broker.attachJournal(journal, journal.session().id);
  journal.note(
    lastDone,
    'start',
    processed.length > 0 ? `resumed after ${processed.length} bars` : 'started',
  );
  return processed.length > 0 ? lastDone + 1 : options.liveStart;
}

import type { Journal } from './journal.js';
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

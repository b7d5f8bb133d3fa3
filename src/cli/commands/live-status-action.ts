import { resolve } from 'node:path';
import { Journal } from '../../live/journal.js';
import { isOpenStatus } from '../../live/paper-broker.js';
import type { LiveStatusFlags } from './live-command.js';

/**
 * `rustybt live status`: reads a session's journal (while it runs or after
 * it stopped) and reports its state, last bar, account, open orders and the
 * last events.
 *
 * @throws JournalError when there is no journal at the path.
 */
export function liveStatusFromFlags(flags: LiveStatusFlags): string {
  const journal = Journal.read(resolve(flags.journal ?? 'rustybt-live.sqlite'));
  try {
    const session = journal.session();
    const status = journal.status();
    const state = journal.lastState();
    const orders = journal.orders();
    const open = orders.filter((order) => isOpenStatus(order.status) || order.status === 'intent');
    const count = Number(flags.events);
    const events = journal.events(Number.isSafeInteger(count) && count >= 0 ? count : 10);
    const alive = status.state === 'running' && processAlive(status.pid);
    const stateText =
      status.state === 'running'
        ? alive
          ? `running (pid ${status.pid})`
          : `not running: process ${status.pid} ended without a clean stop (restart with the same options to resume)`
        : `stopped: ${status.reason}`;
    if (flags.json === true) {
      return `${JSON.stringify({ session, status: { ...status, alive }, state: state ?? null, orders, events }, null, 2)}\n`;
    }
    const lines = [
      `session ${session.id} (${session.mode}) ${session.strategy}`,
      `  ${session.symbols.join(', ')} ${session.frequency} from ${session.source}, calendar ${session.calendar}, capital ${session.capitalBase}`,
      `  state: ${stateText}`,
      `  bars handled: ${journal.processedCount()}${state === undefined ? '' : `, last ${new Date(state.barStart).toISOString()}`}`,
    ];
    if (state !== undefined) {
      const positions = Object.entries(state.positions);
      lines.push(
        `  value ${state.portfolioValue}, cash ${state.cash}, session P&L ${state.sessionPnl}`,
        `  positions: ${positions.length === 0 ? 'none' : positions.map(([symbol, amount]) => `${symbol} ${amount}`).join(', ')}`,
      );
    }
    lines.push(`  orders: ${orders.length}, open ${open.length}`);
    for (const order of open) {
      lines.push(
        `    ${order.clientId} ${order.symbol} ${order.amount} filled ${order.filled} ${order.status} (${order.request})`,
      );
    }
    if (events.length > 0) lines.push('  last events:');
    for (const event of events) {
      lines.push(
        `    ${new Date(event.barStart).toISOString()} ${event.kind}${event.clientId === null ? '' : ` ${event.clientId}`} ${event.detail}`,
      );
    }
    return `${lines.join('\n')}\n`;
  } finally {
    journal.close();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

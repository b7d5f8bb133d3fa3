import type { LiveStatus } from '../../live/run-live.js';

/**
 * The one-line status of a live run on a terminal, rewritten after every bar:
 * last bar, positions, value and session P&L, open orders, connection state.
 * Off a terminal (piped, redirected) it prints nothing per bar.
 */
export class LiveStatusLine {
  private readonly stream: NodeJS.WriteStream;
  private readonly symbols: readonly string[];
  private shown = false;

  constructor(stream: NodeJS.WriteStream, symbols: readonly string[]) {
    this.stream = stream;
    this.symbols = symbols;
  }

  /** Shows the status after a bar. */
  update(status: LiveStatus): void {
    if (this.stream.isTTY !== true) return;
    const text = formatLiveStatus(status, this.symbols);
    const width = this.stream.columns ?? 120;
    this.stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, width - 1))}`);
    this.shown = true;
  }

  /** Ends the line (before other output or at exit). */
  done(): void {
    if (!this.shown) return;
    this.stream.write('\n');
    this.shown = false;
  }
}

/** The status as one line of text. */
export function formatLiveStatus(status: LiveStatus, symbols: readonly string[]): string {
  const time = new Date(status.barStart).toISOString().slice(0, 16).replace('T', ' ');
  const held = symbols.map((symbol) => `${symbol} ${status.positions[symbol] ?? '0'}`).join(', ');
  const pnl = status.sessionPnl.startsWith('-') ? status.sessionPnl : `+${status.sessionPnl}`;
  return `${time} | ${held} | value ${status.portfolioValue} (${pnl} today) | cash ${status.cash} | open orders ${status.openOrders} | ${status.connection} | ${status.bars} bars`;
}

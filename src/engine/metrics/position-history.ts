import type { Table } from '../../analytics/table.js';

/** One held position at a session's end, as decimal text. */
export interface HeldPosition {
  symbol: string;
  /** Signed quantity: negative for a short. */
  amount: string;
  /** Quantity × the session's last price, in the account currency. */
  value: string;
}

/**
 * Positions held at each session's end, kept compact: one row per held
 * position per session (sessions without positions add nothing). Exported
 * as the `positionsOverTime` table: `session`, `symbol`, `amount`, `value`.
 */
export class PositionHistory {
  private readonly sessions: string[] = [];
  private readonly symbols: string[] = [];
  private readonly amounts: string[] = [];
  private readonly values: string[] = [];

  /** Adds the positions held at the end of `session` (`YYYY-MM-DD`). */
  record(session: string, positions: Iterable<HeldPosition>): void {
    for (const position of positions) {
      this.sessions.push(session);
      this.symbols.push(position.symbol);
      this.amounts.push(position.amount);
      this.values.push(position.value);
    }
  }

  /** The `positionsOverTime` table. */
  table(): Table {
    return {
      name: 'positionsOverTime',
      columns: [
        { name: 'session', kind: 'date', values: this.sessions },
        { name: 'symbol', kind: 'string', values: this.symbols },
        { name: 'amount', kind: 'decimal', values: this.amounts },
        { name: 'value', kind: 'decimal', values: this.values },
      ],
    };
  }
}

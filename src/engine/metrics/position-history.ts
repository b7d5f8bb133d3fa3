import type { Table } from '../../analytics/table.js';
import type { Numeric } from '../../numeric/numeric.js';
import { ExactColumn } from './exact-column.js';
import type { PositionView } from '../ledger/position-view.js';

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
  private readonly amounts = new ExactColumn();
  private readonly values = new ExactColumn();
  private numeric: Numeric | undefined;

  /** Adds the positions held at the end of `session` (`YYYY-MM-DD`). */
  record(session: string, positions: Iterable<HeldPosition>): void {
    for (const position of positions) {
      this.sessions.push(session);
      this.symbols.push(position.symbol);
      this.amounts.pushText(position.amount);
      this.values.pushText(position.value);
    }
  }

  /**
   * Adds the positions held at the end of `session` as the engine core holds
   * them (written as text only when the table is read).
   */
  recordViews(
    session: string,
    positions: readonly PositionView[],
    numeric: Numeric,
    moneyScale: number,
  ): void {
    this.numeric = numeric;
    for (const position of positions) {
      this.sessions.push(session);
      this.symbols.push(position.asset.symbol);
      this.amounts.push(position.quantity, position.asset.quantityScale);
      this.values.push(position.marketValue, moneyScale);
    }
  }

  /** The `positionsOverTime` table. */
  table(): Table {
    return {
      name: 'positionsOverTime',
      columns: [
        { name: 'session', kind: 'date', values: this.sessions },
        { name: 'symbol', kind: 'string', values: this.symbols },
        { name: 'amount', kind: 'decimal', values: this.amounts.toTexts(this.numeric) },
        { name: 'value', kind: 'decimal', values: this.values.toTexts(this.numeric) },
      ],
    };
  }
}

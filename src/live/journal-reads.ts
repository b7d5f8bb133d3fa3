import type Database from 'better-sqlite3';
import {
  barOf,
  eventOf,
  orderOf,
  stateOf,
  tradeOf,
  type BarRow,
  type EventRow,
  type JournalBar,
  type JournalEvent,
  type JournalOrder,
  type JournalSession,
  type JournalState,
  type JournalStatus,
  type JournalTrade,
  type OrderRow,
  type ProcessedRow,
  type TradeRow,
} from './journal-records.js';

/**
 * The queries that read a journal (for a resume, a reconciliation and
 * `rustybt live status`); they work on a writable or a read-only connection.
 */
export class JournalReads {
  /** @param db - the journal's connection */
  constructor(private readonly db: Database.Database) {}

  /** The session this journal belongs to. */
  session(): JournalSession {
    const row = this.db.prepare("SELECT value FROM session WHERE key = 'session'").get() as
      { value: string } | undefined;
    return JSON.parse(row?.value ?? '{}') as JournalSession;
  }

  /** Running or stopped, why, by which process, when last written. */
  status(): JournalStatus {
    const row = this.db.prepare("SELECT value FROM session WHERE key = 'status'").get() as
      { value: string } | undefined;
    return JSON.parse(
      row?.value ?? '{"state":"stopped","reason":"","pid":0,"updatedAt":0}',
    ) as JournalStatus;
  }

  /** The account after the last processed bar, or undefined before any. */
  lastState(): JournalState | undefined {
    const row = this.db.prepare('SELECT * FROM processed ORDER BY bar_start DESC LIMIT 1').get() as
      ProcessedRow | undefined;
    return row === undefined ? undefined : stateOf(row);
  }

  /** Number of bars processed. */
  processedCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM processed').get() as { n: number }).n;
  }

  /** Bar starts processed, ascending. */
  processedBars(): number[] {
    return (
      this.db.prepare('SELECT bar_start FROM processed ORDER BY bar_start').all() as {
        bar_start: number;
      }[]
    ).map((row) => row.bar_start);
  }

  /** The journaled bars of one bar time, by symbol. */
  barsAt(barStart: number): Map<string, JournalBar> {
    const rows = this.db
      .prepare('SELECT * FROM bars WHERE bar_start = ?')
      .all(barStart) as BarRow[];
    return new Map(rows.map((row) => [row.symbol, barOf(row)]));
  }

  /** Every order, in client id sequence. */
  orders(): JournalOrder[] {
    return (this.db.prepare('SELECT * FROM orders ORDER BY rowid').all() as OrderRow[]).map(
      orderOf,
    );
  }

  /** Every exchange trade booked (live sessions), in booking order. */
  trades(): JournalTrade[] {
    if (!this.hasTable('trades')) return [];
    return (this.db.prepare('SELECT * FROM trades ORDER BY rowid').all() as TradeRow[]).map(
      tradeOf,
    );
  }

  /** Whether the exchange trade `tradeId` is already booked. */
  hasTrade(tradeId: string): boolean {
    return this.db.prepare('SELECT 1 FROM trades WHERE trade_id = ?').get(tradeId) !== undefined;
  }

  /** The last `limit` events (all when omitted), oldest first. */
  events(limit?: number): JournalEvent[] {
    const rows = (
      limit === undefined
        ? this.db.prepare('SELECT * FROM events ORDER BY seq').all()
        : this.db
            .prepare('SELECT * FROM (SELECT * FROM events ORDER BY seq DESC LIMIT ?) ORDER BY seq')
            .all(limit)
    ) as EventRow[];
    return rows.map(eventOf);
  }

  private hasTable(name: string): boolean {
    return (
      this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
      undefined
    );
  }
}

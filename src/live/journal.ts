import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { sqliteDatabase } from '../data/catalog/sqlite-driver.js';
import { JournalError } from '../errors/index.js';
import type {
  JournalBar,
  JournalEvent,
  JournalOrder,
  JournalSession,
  JournalState,
  JournalStatus,
  JournalTrade,
} from './journal-records.js';
import { JournalReads } from './journal-reads.js';
import { migrate, schemaVersion, SCHEMA_VERSION } from './journal-schema.js';

export type {
  JournalBar,
  JournalEvent,
  JournalOrder,
  JournalSession,
  JournalState,
  JournalStatus,
  JournalTrade,
} from './journal-records.js';

/**
 * The journal of a paper or live session: one SQLite file (WAL, fully synced)
 * holding every intended order before it is placed, every acknowledgement,
 * fill and cancel after, the bars processed and the cash and positions they
 * left. It survives a crash at any point: a restart reads it to resume (paper:
 * replaying the journaled bars; live: reconciling with the exchange), and
 * `rustybt live status` reads it while the session runs or after it stopped.
 */
export class Journal {
  /** Path of the SQLite file. */
  readonly path: string;
  private readonly db: Database.Database;
  private readonly readOnly: boolean;
  private readonly reads: JournalReads;

  private constructor(path: string, db: Database.Database, readOnly: boolean) {
    this.path = path;
    this.db = db;
    this.readOnly = readOnly;
    this.reads = new JournalReads(db);
  }

  /**
   * Opens the journal at `path` for writing: creates it for `session` when it
   * does not exist; otherwise checks it belongs to the same strategy, symbols
   * and mode (a restart) and marks it running again.
   *
   * @throws JournalError when the file is another session's, or from a newer rustybt.
   */
  static open(path: string, session: Omit<JournalSession, 'id'> & { id?: string }): Journal {
    const exists = existsSync(path);
    if (!exists) mkdirSync(dirname(path), { recursive: true });
    const db = new (sqliteDatabase())(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    const journal = new Journal(path, db, false);
    const version = schemaVersion(db);
    if (version > SCHEMA_VERSION) {
      db.close();
      throw new JournalError(
        `Journal ${path} was written by a newer rustybt (schema ${version}); upgrade rustybt or use another --journal.`,
      );
    }
    migrate(db, version);
    if (version === 0) {
      journal.writeSession({ ...session, id: session.id ?? randomId() });
    } else {
      journal.checkSame(session);
    }
    journal.setStatus('running', '');
    return journal;
  }

  /**
   * Opens an existing journal read-only (for `live status`).
   *
   * @throws JournalError when there is no journal at `path`.
   */
  static read(path: string): Journal {
    if (!existsSync(path)) {
      throw new JournalError(
        `No journal at ${path}; give the path a live session was started with (--journal).`,
      );
    }
    const db = new (sqliteDatabase())(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const version = schemaVersion(db);
    if (version === 0 || version > SCHEMA_VERSION) {
      db.close();
      throw new JournalError(`${path} is not a rustybt journal this version can read.`);
    }
    return new Journal(path, db, true);
  }

  /** The session this journal belongs to. */
  session(): JournalSession {
    return this.reads.session();
  }

  /** Running or stopped, why, by which process, when last written. */
  status(): JournalStatus {
    return this.reads.status();
  }

  /** The account after the last processed bar, or undefined before any. */
  lastState(): JournalState | undefined {
    return this.reads.lastState();
  }

  /** Number of bars processed. */
  processedCount(): number {
    return this.reads.processedCount();
  }

  /** Bar starts processed, ascending. */
  processedBars(): number[] {
    return this.reads.processedBars();
  }

  /** The journaled bars of one bar time, by symbol. */
  barsAt(barStart: number): Map<string, JournalBar> {
    return this.reads.barsAt(barStart);
  }

  /** Every order, in client id sequence. */
  orders(): JournalOrder[] {
    return this.reads.orders();
  }

  /** Every exchange trade booked (live sessions), in booking order. */
  trades(): JournalTrade[] {
    return this.reads.trades();
  }

  /** Whether the exchange trade `tradeId` is already booked. */
  hasTrade(tradeId: string): boolean {
    return this.reads.hasTrade(tradeId);
  }

  /** The last `limit` events (all when omitted), oldest first. */
  events(limit?: number): JournalEvent[] {
    return this.reads.events(limit);
  }

  /** Marks the session running (with this process id) or stopped (with the reason). */
  setStatus(state: JournalStatus['state'], reason: string): void {
    const status: JournalStatus = { state, reason, pid: process.pid, updatedAt: Date.now() };
    this.db
      .prepare("INSERT OR REPLACE INTO session (key, value) VALUES ('status', ?)")
      .run(JSON.stringify(status));
  }

  /**
   * Writes an order the strategy intends to place, before it is placed; `spec`
   * is what a live broker will send (JSON, see `JournalOrder.spec`).
   */
  intent(clientId: string, barStart: number, symbol: string, request: string, spec = ''): void {
    this.write(() => {
      this.db
        .prepare(
          `INSERT INTO orders (client_id, broker_id, symbol, amount, filled, status, reason, request, bar_start, spec)
           VALUES (?, NULL, ?, '', '0', 'intent', '', ?, ?, ?)`,
        )
        .run(clientId, symbol, request, barStart, spec);
      this.event(barStart, 'intent', clientId, request);
    });
  }

  /** Writes the broker's answer to an intent: its id, amount and status (or a rejection). */
  ack(
    clientId: string,
    barStart: number,
    order: { brokerId: string; amount: string; status: string; reason: string },
  ): void {
    this.write(() => {
      this.db
        .prepare(
          'UPDATE orders SET broker_id = ?, amount = ?, status = ?, reason = ? WHERE client_id = ?',
        )
        .run(order.brokerId, order.amount, order.status, order.reason, clientId);
      this.event(
        barStart,
        order.status === 'rejected' ? 'reject' : 'ack',
        clientId,
        JSON.stringify(order),
      );
    });
  }

  /**
   * Records that an intent was refused before it reached the book (a trading
   * control, a bad amount): the refusal stays in the events, the order row
   * goes, so its client id is free for the order placed next.
   */
  refuse(clientId: string, barStart: number, reason: string): void {
    this.write(() => {
      this.db.prepare('DELETE FROM orders WHERE client_id = ?').run(clientId);
      this.event(barStart, 'reject', clientId, JSON.stringify({ status: 'refused', reason }));
    });
  }

  /** Forgets an intent that placed no order (a value or target order with nothing to do). */
  withdraw(clientId: string, barStart: number): void {
    this.write(() => {
      this.db.prepare('DELETE FROM orders WHERE client_id = ?').run(clientId);
      this.event(barStart, 'withdraw', clientId, 'nothing to order');
    });
  }

  /** Writes a status change of an order (cancelled, expired, filled). */
  orderStatus(
    clientId: string,
    barStart: number,
    kind: string,
    status: string,
    filled: string,
    reason: string,
  ): void {
    this.write(() => {
      this.db
        .prepare('UPDATE orders SET status = ?, filled = ?, reason = ? WHERE client_id = ?')
        .run(status, filled, reason, clientId);
      this.event(
        barStart,
        kind,
        clientId,
        `${status}, filled ${filled}${reason === '' ? '' : `: ${reason}`}`,
      );
    });
  }

  /**
   * Writes one processed bar in one transaction: the bar rows, its fills and
   * order changes (`changes` runs inside the transaction), and the account it left.
   */
  bar(
    barStart: number,
    rows: readonly JournalBar[],
    state: JournalState,
    changes: () => void = () => {},
  ): void {
    this.write(() => {
      const insert = this.db.prepare(
        `INSERT OR REPLACE INTO bars (bar_start, symbol, open, high, low, close, volume, price_scale, volume_scale)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const row of rows) {
        insert.run(
          barStart,
          row.symbol,
          row.open,
          row.high,
          row.low,
          row.close,
          row.volume,
          row.priceScale,
          row.volumeScale,
        );
      }
      this.db
        .prepare(
          `INSERT OR REPLACE INTO processed (bar_start, cash, portfolio_value, session_pnl, positions, open_orders)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          barStart,
          state.cash,
          state.portfolioValue,
          state.sessionPnl,
          JSON.stringify(state.positions),
          state.openOrders,
        );
      changes();
    });
  }

  /** Writes a fill of an order (call inside `bar`'s `changes`). */
  fill(clientId: string, barStart: number, detail: string): void {
    this.event(barStart, 'fill', clientId, detail);
  }

  /**
   * Books an exchange trade once (live sessions): false when its trade id was
   * already booked. Call inside `bar`'s `changes`, or alone (a reconciliation).
   */
  trade(trade: JournalTrade, detail: string): boolean {
    let booked = false;
    this.write(() => {
      const inserted = this.db
        .prepare(
          `INSERT OR IGNORE INTO trades (trade_id, client_id, symbol, amount, price, commission, fee, bar_start)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          trade.tradeId,
          trade.clientId,
          trade.symbol,
          trade.amount,
          trade.price,
          trade.commission,
          trade.fee,
          trade.barStart,
        );
      booked = inserted.changes === 1;
      if (booked) this.event(trade.barStart, 'fill', trade.clientId, detail);
    });
    return booked;
  }

  /** Writes an event about one order (a send attempt, an unknown outcome, a reconciliation). */
  orderNote(clientId: string, barStart: number, kind: string, detail: string): void {
    this.write(() => this.event(barStart, kind, clientId, detail));
  }

  /** Writes a note: a reconciliation difference, a safety stop, a start or stop. */
  note(barStart: number, kind: string, detail: string): void {
    this.write(() => this.event(barStart, kind, null, detail));
  }

  /**
   * Removes what was written for bars after `barStart` (the work of a bar that
   * was not finished when the process died), noting what was removed.
   */
  discardAfter(barStart: number): number {
    let removed = 0;
    this.write(() => {
      removed = this.db.prepare('DELETE FROM orders WHERE bar_start > ?').run(barStart).changes;
      this.db.prepare('DELETE FROM events WHERE bar_start > ?').run(barStart);
      this.db.prepare('DELETE FROM bars WHERE bar_start > ?').run(barStart);
      if (removed > 0) {
        this.event(
          barStart,
          'reconcile',
          null,
          `discarded ${removed} order(s) of an unfinished bar after ${new Date(barStart).toISOString()}; the bar is handled again`,
        );
      }
    });
    return removed;
  }

  /** Closes the file (checkpointing the WAL when writable). */
  close(): void {
    if (!this.db.open) return;
    if (!this.readOnly) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  private event(barStart: number, kind: string, clientId: string | null, detail: string): void {
    this.db
      .prepare(
        'INSERT INTO events (bar_start, wall, kind, client_id, detail) VALUES (?, ?, ?, ?, ?)',
      )
      .run(barStart, Date.now(), kind, clientId, detail);
  }

  private write(body: () => void): void {
    if (this.readOnly) throw new JournalError(`Journal ${this.path} is open read-only.`);
    this.db.transaction(body)();
  }

  private writeSession(session: JournalSession): void {
    this.db
      .prepare("INSERT INTO session (key, value) VALUES ('session', ?)")
      .run(JSON.stringify(session));
  }

  private checkSame(session: Omit<JournalSession, 'id'>): void {
    const stored = this.session();
    const differences: string[] = [];
    for (const key of [
      'mode',
      'strategy',
      'source',
      'frequency',
      'calendar',
      'capitalBase',
    ] as const) {
      if (stored[key] !== session[key]) differences.push(`${key} ${stored[key]} → ${session[key]}`);
    }
    if (stored.symbols.join(',') !== session.symbols.join(',')) {
      differences.push(`symbols ${stored.symbols.join(',')} → ${session.symbols.join(',')}`);
    }
    if (differences.length > 0) {
      this.db.close();
      throw new JournalError(
        `Journal ${this.path} belongs to another session (${differences.join('; ')}); resume with the same options or give a new --journal.`,
      );
    }
  }
}

function randomId(): string {
  return Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
}

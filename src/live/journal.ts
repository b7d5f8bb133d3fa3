import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { sqliteDatabase } from '../data/catalog/sqlite-driver.js';
import { JournalError } from '../errors/index.js';
import type { LiveBarRow } from '../data/sources/live-bars.js';

const SCHEMA_VERSION = 1;

/** What a journal says about its session. */
export interface JournalSession {
  /** Random id of the session, the prefix of its client order ids. */
  readonly id: string;
  /** `paper` or `live`. */
  readonly mode: 'paper' | 'live';
  /** Strategy file as given. */
  readonly strategy: string;
  readonly symbols: readonly string[];
  /** Data source name (and exchange for ccxt). */
  readonly source: string;
  /** `1m`, `1h` or `1d`. */
  readonly frequency: string;
  readonly calendar: string;
  /** Starting cash, decimal text. */
  readonly capitalBase: string;
  /** First bar start of the start-up history (UTC epoch ms). */
  readonly historyStart: number;
  /** First live bar start (UTC epoch ms). */
  readonly liveStart: number;
}

/** Session status as the journal records it. */
export interface JournalStatus {
  /** `running` while a process writes it; `stopped` after a clean stop. */
  readonly state: 'running' | 'stopped';
  /** Why the session stopped (or the empty string). */
  readonly reason: string;
  /** Process id of the last writer. */
  readonly pid: number;
  /** Wall time of the last write (epoch ms). */
  readonly updatedAt: number;
}

/** The account after a bar, as journaled. */
export interface JournalState {
  readonly barStart: number;
  readonly cash: string;
  readonly portfolioValue: string;
  readonly sessionPnl: string;
  /** Symbol → amount (decimal text), open positions only. */
  readonly positions: Readonly<Record<string, string>>;
  readonly openOrders: number;
}

/** One order as the journal knows it. */
export interface JournalOrder {
  /** Deterministic client order id: `<session id>-<sequence>`. */
  readonly clientId: string;
  /** The broker's order id (engine id for paper, exchange id for live); null before the ack. */
  readonly brokerId: string | null;
  readonly symbol: string;
  /** Signed amount, decimal text ('' before the ack of a value/target order). */
  readonly amount: string;
  readonly filled: string;
  /** `intent` (written, not yet acknowledged), then the broker's status. */
  readonly status: string;
  readonly reason: string;
  /** The call that placed it, e.g. `orderTargetPercent(BTC/USDT, 0.5)`. */
  readonly request: string;
  readonly barStart: number;
}

/** One journaled event, in order. */
export interface JournalEvent {
  readonly seq: number;
  readonly barStart: number;
  readonly wall: number;
  /** `intent`, `ack`, `reject`, `fill`, `cancel`, `expire`, `state`, `reconcile`, `stop`, `start`, `safety`. */
  readonly kind: string;
  readonly clientId: string | null;
  readonly detail: string;
}

/** A journaled bar of one symbol. */
export interface JournalBar extends LiveBarRow {
  readonly symbol: string;
}

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

  private constructor(path: string, db: Database.Database, readOnly: boolean) {
    this.path = path;
    this.db = db;
    this.readOnly = readOnly;
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
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      db.close();
      throw new JournalError(
        `Journal ${path} was written by a newer rustybt (schema ${version}); upgrade rustybt or use another --journal.`,
      );
    }
    if (version === 0) {
      journal.create({ ...session, id: session.id ?? randomId() });
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
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0 || version > SCHEMA_VERSION) {
      db.close();
      throw new JournalError(`${path} is not a rustybt journal this version can read.`);
    }
    return new Journal(path, db, true);
  }

  /** The session this journal belongs to. */
  session(): JournalSession {
    const rows = this.db.prepare('SELECT key, value FROM session').all() as {
      key: string;
      value: string;
    }[];
    const map = new Map(rows.map((row) => [row.key, row.value]));
    return JSON.parse(map.get('session') ?? '{}') as JournalSession;
  }

  /** Running or stopped, why, by which process, when last written. */
  status(): JournalStatus {
    const row = this.db.prepare("SELECT value FROM session WHERE key = 'status'").get() as
      { value: string } | undefined;
    return JSON.parse(
      row?.value ?? '{"state":"stopped","reason":"","pid":0,"updatedAt":0}',
    ) as JournalStatus;
  }

  /** Marks the session running (with this process id) or stopped (with the reason). */
  setStatus(state: JournalStatus['state'], reason: string): void {
    const status: JournalStatus = { state, reason, pid: process.pid, updatedAt: Date.now() };
    this.db
      .prepare("INSERT OR REPLACE INTO session (key, value) VALUES ('status', ?)")
      .run(JSON.stringify(status));
  }

  /** Writes an order the strategy intends to place, before it is placed. */
  intent(clientId: string, barStart: number, symbol: string, request: string): void {
    this.write(() => {
      this.db
        .prepare(
          `INSERT INTO orders (client_id, broker_id, symbol, amount, filled, status, reason, request, bar_start)
           VALUES (?, NULL, ?, '', '0', 'intent', '', ?, ?)`,
        )
        .run(clientId, symbol, request, barStart);
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

  /** Writes a note: a reconciliation difference, a safety stop, a start or stop. */
  note(barStart: number, kind: string, detail: string): void {
    this.write(() => this.event(barStart, kind, null, detail));
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

  /** The last `limit` events (all when omitted), oldest first. */
  events(limit?: number): JournalEvent[] {
    const rows = (
      limit === undefined
        ? this.db.prepare('SELECT * FROM events ORDER BY seq').all()
        : this.db
            .prepare('SELECT * FROM (SELECT * FROM events ORDER BY seq DESC LIMIT ?) ORDER BY seq')
            .all(limit)
    ) as EventRow[];
    return rows.map((row) => ({
      seq: row.seq,
      barStart: row.bar_start,
      wall: row.wall,
      kind: row.kind,
      clientId: row.client_id,
      detail: row.detail,
    }));
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

  private create(session: JournalSession): void {
    this.db.transaction(() => {
      this.db.exec(`
        CREATE TABLE session (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE orders (
          client_id TEXT PRIMARY KEY, broker_id TEXT, symbol TEXT NOT NULL, amount TEXT NOT NULL,
          filled TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL, request TEXT NOT NULL,
          bar_start REAL NOT NULL);
        CREATE TABLE events (
          seq INTEGER PRIMARY KEY AUTOINCREMENT, bar_start REAL NOT NULL, wall REAL NOT NULL,
          kind TEXT NOT NULL, client_id TEXT, detail TEXT NOT NULL);
        CREATE TABLE bars (
          bar_start REAL NOT NULL, symbol TEXT NOT NULL, open REAL NOT NULL, high REAL NOT NULL,
          low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL, price_scale INTEGER NOT NULL,
          volume_scale INTEGER NOT NULL, PRIMARY KEY (bar_start, symbol));
        CREATE TABLE processed (
          bar_start REAL PRIMARY KEY, cash TEXT NOT NULL, portfolio_value TEXT NOT NULL,
          session_pnl TEXT NOT NULL, positions TEXT NOT NULL, open_orders INTEGER NOT NULL);
      `);
      this.db
        .prepare("INSERT INTO session (key, value) VALUES ('session', ?)")
        .run(JSON.stringify(session));
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
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

interface ProcessedRow {
  bar_start: number;
  cash: string;
  portfolio_value: string;
  session_pnl: string;
  positions: string;
  open_orders: number;
}

interface BarRow {
  bar_start: number;
  symbol: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  price_scale: number;
  volume_scale: number;
}

interface OrderRow {
  client_id: string;
  broker_id: string | null;
  symbol: string;
  amount: string;
  filled: string;
  status: string;
  reason: string;
  request: string;
  bar_start: number;
}

interface EventRow {
  seq: number;
  bar_start: number;
  wall: number;
  kind: string;
  client_id: string | null;
  detail: string;
}

function stateOf(row: ProcessedRow): JournalState {
  return {
    barStart: row.bar_start,
    cash: row.cash,
    portfolioValue: row.portfolio_value,
    sessionPnl: row.session_pnl,
    positions: JSON.parse(row.positions) as Record<string, string>,
    openOrders: row.open_orders,
  };
}

function barOf(row: BarRow): JournalBar {
  return {
    symbol: row.symbol,
    timestamp: row.bar_start,
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    priceScale: row.price_scale,
    volumeScale: row.volume_scale,
  };
}

function orderOf(row: OrderRow): JournalOrder {
  return {
    clientId: row.client_id,
    brokerId: row.broker_id,
    symbol: row.symbol,
    amount: row.amount,
    filled: row.filled,
    status: row.status,
    reason: row.reason,
    request: row.request,
    barStart: row.bar_start,
  };
}

function randomId(): string {
  return Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
}

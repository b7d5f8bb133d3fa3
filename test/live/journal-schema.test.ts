import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { JournalError } from '../../src/errors/index.js';
import { Journal } from '../../src/live/journal.js';

const SESSION = {
  mode: 'paper' as const,
  strategy: '/s.ts',
  symbols: ['BTC/USDT'],
  source: 'synthetic:42',
  frequency: '1m',
  calendar: '24/7',
  capitalBase: '10000',
  historyStart: 0,
  liveStart: 60_000,
};

/** A journal as rustybt wrote it before live trading (schema 1), with one order. */
function schemaOneJournal(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rustybt-journal-')), 'old.sqlite');
  const db = new Database(path);
  db.exec(`
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
  db.prepare("INSERT INTO session (key, value) VALUES ('session', ?)").run(
    JSON.stringify({ ...SESSION, id: 'abcd1234' }),
  );
  db.prepare(
    "INSERT INTO orders VALUES ('abcd1234-1', '1', 'BTC/USDT', '0.5', '0.5', 'filled', '', 'order(BTC/USDT, 0.5)', 60000)",
  ).run();
  db.pragma('user_version = 1');
  db.close();
  return path;
}

describe('the journal schema and its migrations', () => {
  it('reads a schema-1 journal without changing it, and migrates it when a session opens it', () => {
    const path = schemaOneJournal();
    const reader = Journal.read(path);
    assert.equal(reader.orders()[0].spec, '');
    assert.deepEqual(reader.trades(), []);
    reader.close();
    const version = () => {
      const db = new Database(path, { readonly: true });
      const v = db.pragma('user_version', { simple: true });
      db.close();
      return v;
    };
    assert.equal(version(), 1, 'a reader never migrates');
    const journal = Journal.open(path, SESSION);
    assert.equal(version(), 2);
    assert.equal(journal.session().id, 'abcd1234');
    assert.equal(journal.orders()[0].status, 'filled');
    assert.equal(
      journal.trade(
        {
          tradeId: '9',
          clientId: 'abcd1234-1',
          symbol: 'BTC/USDT',
          amount: '0.5',
          price: '20000',
          commission: '0',
          fee: '',
          barStart: 60_000,
        },
        'test',
      ),
      true,
    );
    assert.equal(
      journal.trade({ ...journal.trades()[0] }, 'again'),
      false,
      'a trade id is booked once',
    );
    journal.close();
  });

  it('refuses a journal from a newer rustybt', () => {
    const path = schemaOneJournal();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => Journal.open(path, SESSION), JournalError);
    assert.throws(() => Journal.read(path), JournalError);
  });
});

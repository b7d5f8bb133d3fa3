import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { AlgorithmStrategy } from '../../src/engine/algorithm/run-options.js';
import { JournalError } from '../../src/errors/index.js';
import { rsi } from '../../src/indicators/index.js';
import { Journal } from '../../src/live/journal.js';
import { ReplayFeed } from '../../src/live/replay-feed.js';
import { runLive, type LiveRunOptions } from '../../src/live/run-live.js';
import { recordedBtcUsdt } from './kline-fixture.js';

const DAY_1 = Date.UTC(2023, 2, 9);
const DAY_2 = Date.UTC(2023, 2, 10);
const past = { now: () => Infinity, sleep: () => Promise.resolve() };
const dir = mkdtempSync(join(tmpdir(), 'rustybt-journal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const strategy = (): AlgorithmStrategy => ({
  initialize(ctx) {
    ctx.indicator('rsi', rsi(14), [ctx.symbol('BTC/USDT')]);
  },
  handleData(ctx, data) {
    const btc = ctx.symbol('BTC/USDT');
    const value = ctx.indicators.current('rsi', btc.sid);
    if (Number.isNaN(value) || !data.canTrade(btc)) return;
    const price = data.current(btc, 'close');
    for (const open of ctx.getOpenOrders(btc)) ctx.cancelOrder(open);
    const held = ctx.portfolio.positions.get(btc)?.amount ?? 0;
    if (value < 35 && held === 0) ctx.order(btc, '1.5', { limitPrice: (price - 5).toFixed(2) });
    else if (value > 65 && held > 0) ctx.orderTarget(btc, 0);
  },
});

const session = {
  mode: 'paper' as const,
  strategy: 'rsi-limit',
  symbols: ['BTC/USDT'],
  source: 'replay',
  frequency: '1m',
  calendar: '24/7',
  capitalBase: '100000',
  historyStart: DAY_1,
  liveStart: DAY_2,
};

function options(journal: Journal | undefined, maxBars: number): LiveRunOptions {
  const frame = recordedBtcUsdt();
  return {
    strategy: strategy(),
    symbols: ['BTC/USDT'],
    dataFrequency: 'minute',
    calendar: '24/7',
    capitalBase: '100000',
    historyStart: DAY_1,
    liveStart: DAY_2,
    history: () => Promise.resolve([frame]),
    feed: new ReplayFeed([frame]),
    clock: past,
    journal,
    maxBars,
  };
}

describe('the journal of a paper session', () => {
  it('journals an order refused by a trading control as an event and keeps trading after it', async () => {
    const journal = Journal.open(join(dir, 'refused.sqlite'), session);
    const refusals: string[] = [];
    const results = await runLive({
      ...options(journal, 5),
      strategy: {
        initialize(ctx) {
          ctx.setMaxOrderSize({ quantity: 1 });
        },
        handleData(ctx) {
          const btc = ctx.symbol('BTC/USDT');
          try {
            ctx.order(btc, 2); // above the control: refused before the book
          } catch (error) {
            refusals.push((error as Error).name);
          }
          ctx.order(btc, '0.1'); // the next order takes the id the refused one did not use
        },
      },
    });
    assert.equal(results.bars, 5);
    assert.deepEqual(refusals, Array(5).fill('TradingControlError'));
    const orders = journal.orders();
    assert.equal(orders.length, 5, 'one journaled order per bar, none for the refusals');
    assert.ok(orders.every((o) => o.status !== 'intent'));
    const rejects = journal.events().filter((e) => e.kind === 'reject');
    assert.equal(rejects.length, 5);
    assert.match(rejects[0].detail, /maxOrderSize|order size/i);
    journal.close();
  });

  it('writes every order as an intent before its acknowledgement, and each bar with the account it left', async () => {
    const journal = Journal.open(join(dir, 'a.sqlite'), session);
    const results = await runLive(options(journal, 400));
    const events = journal.events();
    const orders = journal.orders();
    assert.ok(orders.length >= 10, `orders placed: ${orders.length}`);
    for (const order of orders) {
      const mine = events.filter((e) => e.clientId === order.clientId).map((e) => e.kind);
      assert.equal(mine[0], 'intent', `${order.clientId}: ${mine.join(',')}`);
      assert.ok(mine[1] === 'ack' || mine[1] === 'reject', `${order.clientId}: ${mine.join(',')}`);
      assert.match(order.clientId, new RegExp(`^${journal.session().id}-\\d+$`));
    }
    assert.equal(journal.processedCount(), 400);
    const state = journal.lastState()!;
    const cash = results.performance.columns.find((c) => c.name === 'cash')!.values;
    assert.equal(state.cash, cash[cash.length - 1]);
    const fills = events.filter((e) => e.kind === 'fill').length;
    assert.equal(fills, results.transactions.columns[0].values.length);
    assert.equal(journal.status().state, 'stopped');
    journal.close();
    const wal = new Database(join(dir, 'a.sqlite'), { readonly: true });
    assert.equal(wal.pragma('journal_mode', { simple: true }), 'wal');
    wal.close();
  });

  it('resumes after a stop: replays the journaled bars, finds no difference, and ends as one uninterrupted run', async () => {
    const path = join(dir, 'b.sqlite');
    const first = Journal.open(path, session);
    await runLive(options(first, 500));
    first.close();
    const again = Journal.open(path, session);
    const differences: string[] = [];
    const resumed = await runLive({
      ...options(again, 700),
      onDifference: (d) => differences.push(d),
    });
    assert.deepEqual(differences, []);
    assert.equal(resumed.bars, 700);
    assert.equal(again.processedCount(), 1200);
    const whole = await runLive(options(undefined, 1200));
    assert.equal(JSON.stringify(resumed.transactions), JSON.stringify(whole.transactions));
    assert.equal(JSON.stringify(resumed.orders), JSON.stringify(whole.orders));
    const ids = again.orders().map((o) => o.clientId);
    assert.equal(new Set(ids).size, ids.length, 'no client order id twice');
    assert.equal(ids.length, whole.orders.columns[0].values.length, 'no order lost or duplicated');
    const bars = again.processedBars();
    for (let k = 1; k < bars.length; k++) assert.equal(bars[k] - bars[k - 1], 60_000);
    again.close();
  });

  it('after a crash inside a bar, discards that bar’s unfinished work, handles the bar again and reports it', async () => {
    const path = join(dir, 'c.sqlite');
    const first = Journal.open(path, session);
    await runLive(options(first, 300));
    // The process died after writing an intent for the next bar, before the bar was finished.
    const last = first.lastState()!.barStart;
    first.intent(`${first.session().id}-999`, last + 60_000, 'BTC/USDT', 'order(BTC/USDT, 1)');
    first.close();
    const again = Journal.open(path, session);
    const differences: string[] = [];
    await runLive({ ...options(again, 10), onDifference: (d) => differences.push(d) });
    assert.equal(differences.length, 1);
    assert.match(differences[0], /1 order\(s\) of an unfinished bar discarded/);
    assert.equal(
      again.orders().some((o) => o.clientId.endsWith('-999')),
      false,
    );
    assert.ok(again.events().some((e) => e.kind === 'reconcile'));
    again.close();
  });

  it('after a crash inside the very first bar, discards its intents and starts cleanly', async () => {
    const path = join(dir, 'f.sqlite');
    const first = Journal.open(path, session);
    first.intent(`${first.session().id}-1`, DAY_2, 'BTC/USDT', 'order(BTC/USDT, 1)');
    first.close();
    const again = Journal.open(path, session);
    const differences: string[] = [];
    const results = await runLive({
      ...options(again, 120),
      onDifference: (d) => differences.push(d),
    });
    assert.deepEqual(differences, [
      '1 order(s) of an unfinished bar discarded; that bar is handled again',
    ]);
    assert.equal(results.bars, 120);
    const whole = await runLive(options(undefined, 120));
    assert.equal(JSON.stringify(results.orders), JSON.stringify(whole.orders));
    again.close();
  });

  it('reports every difference between the journal and the replay', async () => {
    const path = join(dir, 'd.sqlite');
    const first = Journal.open(path, session);
    await runLive(options(first, 300));
    first.close();
    const db = new Database(path);
    db.prepare(
      "UPDATE processed SET cash = '1.00' WHERE bar_start = (SELECT MAX(bar_start) FROM processed)",
    ).run();
    db.close();
    const again = Journal.open(path, session);
    const differences: string[] = [];
    await runLive({ ...options(again, 1), onDifference: (d) => differences.push(d) });
    assert.ok(
      differences.some((d) => d.startsWith('cash: journal 1.00, replay ')),
      differences.join('\n'),
    );
    again.close();
  });

  it('refuses a journal of another session with a typed error', () => {
    const path = join(dir, 'e.sqlite');
    Journal.open(path, session).close();
    assert.throws(
      () => Journal.open(path, { ...session, symbols: ['ETH/USDT'] }),
      (error: unknown) =>
        error instanceof JournalError &&
        error.code === 'ERR_JOURNAL' &&
        /symbols BTC\/USDT → ETH\/USDT/.test(error.message),
    );
    assert.throws(() => Journal.read(join(dir, 'missing.sqlite')), JournalError);
  });
});

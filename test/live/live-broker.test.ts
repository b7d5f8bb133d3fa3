import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ExchangeError, OrderError } from '../../src/errors/index.js';
import { Journal } from '../../src/live/journal.js';
import { FakeBinance } from './helpers/fake-binance.js';
import { DAY_2, journalPath, KEYS, MINUTE, runOnFake, scripted } from './helpers/live-session.js';

describe('the live broker on a loopback Binance spot exchange', () => {
  let fake: FakeBinance;
  before(async () => {
    fake = await FakeBinance.start();
  });
  after(async () => {
    assert.deepEqual(fake.unhandled, [], 'every request the broker made is one the fake knows');
    await fake.close();
  });

  it('sends a market order once with its journaled client id, books the exchange trade as a fill on the next bar, and the account equals the exchange', async () => {
    const path = journalPath();
    fake.plan = () => ({ kind: 'fill', price: '21950.37' });
    const placedBefore = fake.placements.length;
    const results = await runOnFake(
      fake,
      path,
      scripted({ 2: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), '0.0123456789') }),
      { bars: 4 },
    );
    const placements = fake.placements.slice(placedBefore);
    assert.equal(placements.length, 1);
    // 0.0123456789 rounded toward zero to the 0.000001 step.
    assert.equal(placements[0].get('quantity'), '0.012345');
    assert.equal(placements[0].get('type'), 'MARKET');
    const journal = Journal.read(path);
    const [order] = journal.orders();
    assert.equal(placements[0].get('newClientOrderId'), order.clientId);
    assert.equal(order.status, 'filled');
    assert.equal(order.filled, '0.01234500');
    // intent before the send, the send before the ack, the fill after.
    const kinds = journal
      .events()
      .filter((e) => e.clientId === order.clientId)
      .map((e) => e.kind);
    assert.deepEqual(kinds.slice(0, 4), ['intent', 'send', 'ack', 'fill']);
    const trades = journal.trades();
    assert.equal(trades.length, 1);
    // Binance took its 0.1 % fee in BTC: 0.000012345 → 0.00001234 (8 decimals).
    assert.equal(trades[0].amount, '0.01233266');
    assert.equal(trades[0].price, '21950.37');
    const tx = results.transactions;
    const column = (name: string) => tx.columns.find((c) => c.name === name)!.values;
    assert.equal(column('amount').length, 1);
    assert.equal(
      new Date(column('timestamp')[0] as number).getTime(),
      DAY_2 + 2 * MINUTE,
      'filled on the bar after the order',
    );
    // The account: capital minus the cost of 0.012345 BTC at 21950.37 (= 270.97731765).
    const state = journal.lastState()!;
    assert.equal(state.cash, '9729.02268235');
    assert.equal(state.positions['BTC/USDT'], '0.01233266');
    journal.close();
    const bytes = readFileSync(path).toString('latin1');
    for (const secret of [KEYS.apiKey, KEYS.secret]) assert.ok(!bytes.includes(secret));
  });

  it('books partial fills as they come, bar by bar, with the limit price rounded to the tick', async () => {
    const path = journalPath();
    let exchangeId = 0;
    fake.plan = (params) => {
      exchangeId = fake.orders.length + 1000;
      assert.equal(params.get('price'), '21000.01', '21000.005 rounds half up to the 0.01 tick');
      return { kind: 'partial', price: '21000.01', qty: '0.005' };
    };
    const results = await runOnFake(
      fake,
      path,
      scripted({
        2: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), 0.02, { limitPrice: '21000.005' }),
        4: () => fake.fill(exchangeId, '0.015', '21000.01'),
      }),
      { bars: 6 },
    );
    const tx = results.transactions;
    const column = (name: string) => tx.columns.find((c) => c.name === name)!.values;
    assert.deepEqual(
      Array.from(
        column('timestamp') as ArrayLike<number>,
        (t) => (new Date(t).getTime() - DAY_2) / MINUTE,
      ),
      [2, 4],
      'the first part on the bar after the order, the rest on the bar after it traded',
    );
    const journal = Journal.read(path);
    const [order] = journal.orders();
    assert.equal(order.status, 'filled');
    assert.equal(order.filled, '0.02000000');
    const statuses = journal
      .events()
      .filter((e) => e.clientId === order.clientId && e.kind === 'status')
      .map((e) => e.detail.split(',')[0]);
    assert.deepEqual(statuses, ['partiallyFilled', 'filled']);
    assert.equal(journal.lastState()!.positions['BTC/USDT'], '0.01998000');
    journal.close();
  });

  it('marks an order the exchange refuses as rejected, journals it and reports a typed ExchangeError; the session carries on', async () => {
    const path = journalPath();
    fake.plan = () => ({
      kind: 'reject',
      code: -2010,
      msg: 'Account has insufficient balance for requested action.',
    });
    const errors: ExchangeError[] = [];
    const results = await runOnFake(
      fake,
      path,
      scripted({ 2: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), '0.01') }),
      { bars: 4, onExchangeError: (error) => errors.push(error) },
    );
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof ExchangeError);
    assert.equal(errors[0].code, 'ERR_EXCHANGE');
    assert.match(errors[0].message, /InsufficientFunds.*insufficient balance/);
    const journal = Journal.read(path);
    const [order] = journal.orders();
    assert.equal(order.status, 'rejected');
    assert.match(order.reason, /insufficient balance/);
    assert.ok(journal.events().some((e) => e.kind === 'reject' && e.clientId === order.clientId));
    assert.equal(results.bars, 4, 'the session went on');
    journal.close();
  });

  it('refuses an order under the minimum order value before sending it, with an OrderError naming the symbol, the value and the limit', async () => {
    const path = journalPath();
    const placedBefore = fake.placements.length;
    await assert.rejects(
      runOnFake(fake, path, scripted({ 2: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), '0.0002') }), {
        bars: 4,
      }),
      (error: unknown) =>
        error instanceof OrderError &&
        /BTC\/USDT/.test(error.message) &&
        /value 4\.\d+ USDT \(0\.0002 × 2\d{4}\.\d+\) is below the exchange's minimum order value 5 USDT/.test(
          error.message,
        ),
    );
    assert.equal(fake.placements.length, placedBefore, 'nothing sent');
    const journal = Journal.read(path);
    const [order] = journal.orders();
    assert.equal(order.status, 'rejected');
    assert.match(order.reason, /minimum order value 5 USDT/);
    journal.close();
  });

  it('stops when the answer to an order is lost and the exchange cannot be asked; a restart finds it by client id, books its fill and never sends it again', async () => {
    const path = journalPath();
    fake.plan = () => {
      fake.failSigned = 1; // the lookup right after the lost answer fails too
      return { kind: 'drop', price: '22010.55' };
    };
    const placedBefore = fake.placements.length;
    await assert.rejects(
      runOnFake(fake, path, scripted({ 2: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), '0.05') }), {
        bars: 5,
      }),
      (error: unknown) =>
        error instanceof ExchangeError &&
        /answer was lost.*Restart the same command/.test(error.message),
    );
    let journal = Journal.read(path);
    const [sent] = journal.orders();
    assert.equal(sent.status, 'intent', 'journaled before sending, never acknowledged');
    const kinds = journal
      .events()
      .filter((e) => e.clientId === sent.clientId)
      .map((e) => e.kind);
    assert.deepEqual(kinds, ['intent', 'send', 'unknown']);
    journal.close();

    fake.plan = () => ({ kind: 'fill', price: '1.00' });
    const differences: string[] = [];
    const results = await runOnFake(fake, path, scripted({}), {
      bars: 2,
      liveStart: DAY_2 + 30 * MINUTE,
      onDifference: (message) => differences.push(message),
    });
    const placements = fake.placements
      .slice(placedBefore)
      .filter((p) => p.get('newClientOrderId') === sent.clientId);
    assert.equal(placements.length, 1, 'sent once, across the crash and the restart');
    assert.ok(
      differences.some((d) => /reached binance as order \d+ though its answer was lost/.test(d)),
      differences.join('\n'),
    );
    assert.equal(
      results.transactions.columns[0].values.length,
      1,
      'its fill booked at the first bar',
    );
    journal = Journal.read(path);
    const [order] = journal.orders();
    assert.equal(order.status, 'filled');
    assert.equal(journal.trades().length, 1);
    // 0.05 BTC bought at 22010.55 = 1100.5275 USDT; 0.00005 BTC of fee.
    assert.equal(journal.lastState()!.positions['BTC/USDT'], '0.04995000');
    assert.equal(journal.lastState()!.cash, '8899.47250000');
    assert.ok(journal.events().some((e) => e.kind === 'reconcile'));
    journal.close();
  });

  it('marks an order that never reached the exchange as rejected on restart, and does not send it again', async () => {
    const path = journalPath();
    fake.plan = () => {
      fake.failSigned = 1;
      return { kind: 'lose' };
    };
    const placedBefore = fake.placements.length;
    await assert.rejects(
      runOnFake(fake, path, scripted({ 2: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), '0.01') }), {
        bars: 4,
      }),
      ExchangeError,
    );
    const differences: string[] = [];
    await runOnFake(fake, path, scripted({}), {
      bars: 1,
      liveStart: DAY_2 + 30 * MINUTE,
      onDifference: (message) => differences.push(message),
    });
    assert.equal(fake.placements.length, placedBefore + 1, 'one attempt, no resend');
    const journal = Journal.read(path);
    const [order] = journal.orders();
    assert.equal(order.status, 'rejected');
    assert.match(order.reason, /never received it/);
    assert.ok(differences.some((d) => /never received it/.test(d)));
    journal.close();
  });

  it('sends a stop-limit as Binance STOP_LOSS_LIMIT with both prices on the tick; a stop-market the market does not take is rejected unsent', async () => {
    const path = journalPath();
    fake.plan = () => ({ kind: 'rest' });
    const placedBefore = fake.placements.length;
    const errors: ExchangeError[] = [];
    await runOnFake(
      fake,
      path,
      scripted({
        2: (ctx) =>
          ctx.order(ctx.symbol('BTC/USDT'), '-0.01', {
            stopPrice: '19000.004',
            limitPrice: '18990.006',
          }),
        3: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), '-0.01', { stopPrice: 19000 }),
      }),
      { bars: 4, onExchangeError: (error) => errors.push(error) },
    );
    const placed = fake.placements.slice(placedBefore);
    assert.equal(placed.length, 1, 'only the stop-limit reached the exchange');
    assert.equal(placed[0].get('type'), 'STOP_LOSS_LIMIT');
    assert.equal(placed[0].get('side'), 'SELL');
    assert.equal(placed[0].get('stopPrice'), '19000');
    assert.equal(placed[0].get('price'), '18990.01');
    assert.equal(errors.length, 1);
    const journal = Journal.read(path);
    const [stopLimit, stop] = journal.orders();
    assert.equal(stopLimit.status, 'open');
    assert.deepEqual(JSON.parse(stopLimit.spec), {
      amount: '-0.01',
      type: 'stopLimit',
      limitPrice: '18990.01',
      stopPrice: '19000',
    });
    assert.equal(stop.status, 'rejected');
    journal.close();
  });

  it('cancels open orders at the stop with cancelOnStop, and leaves them open without it', async () => {
    fake.plan = () => ({ kind: 'rest' });
    const cancelsBefore = fake.cancels.length;
    const kept = await runOnFake(
      fake,
      journalPath(),
      scripted({ 2: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), '0.01', { limitPrice: 15000 }) }),
      { bars: 3 },
    );
    assert.equal(kept.openOrdersAtStop, 1);
    assert.equal(kept.cancelledAtStop, 0);
    assert.equal(fake.cancels.length, cancelsBefore);
    const path = journalPath();
    const cancelled = await runOnFake(
      fake,
      path,
      scripted({ 2: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), '0.01', { limitPrice: 15000 }) }),
      { bars: 3, cancelOnStop: true },
    );
    assert.equal(cancelled.cancelledAtStop, 1);
    assert.equal(fake.cancels.length, cancelsBefore + 1);
    const journal = Journal.read(path);
    assert.equal(journal.orders()[0].status, 'cancelled');
    assert.ok(journal.events().some((e) => e.kind === 'cancel'));
    journal.close();
  });

  it('never writes the API key or secret: an exchange error echoing the key is redacted in the error, the order and the journal', async () => {
    const path = journalPath();
    fake.plan = () => ({
      kind: 'reject',
      code: -2015,
      msg: `Invalid API-key ${KEYS.apiKey}, IP, or permissions for action. secret=${KEYS.secret}`,
    });
    const errors: ExchangeError[] = [];
    const results = await runOnFake(
      fake,
      path,
      scripted({ 2: (ctx) => ctx.order(ctx.symbol('BTC/USDT'), '0.01') }),
      { bars: 3, onExchangeError: (error) => errors.push(error) },
    );
    assert.ok(
      fake.seen.some((line) => line.startsWith(KEYS.apiKey)),
      'the key was sent',
    );
    assert.equal(errors.length, 1);
    for (const text of [errors[0].message, JSON.stringify(results.orders)]) {
      assert.ok(!text.includes(KEYS.apiKey) && !text.includes(KEYS.secret), text);
    }
    assert.match(errors[0].message, /\[redacted\]/);
    const bytes = readFileSync(path).toString('latin1') + walText(path);
    assert.ok(!bytes.includes(KEYS.apiKey) && !bytes.includes(KEYS.secret));
  });
});

function walText(path: string): string {
  try {
    return readFileSync(`${path}-wal`).toString('latin1');
  } catch {
    return '';
  }
}

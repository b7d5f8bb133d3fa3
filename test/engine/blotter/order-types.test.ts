import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  limitOrder,
  stopOrder,
  stopLimitOrder,
  trailingStopAmountOrder,
  trailingStopPercentOrder,
} from '../../../src/engine/orders/index.js';
import { barAt, broker, session, world, type Ohlcv } from '../world.js';

// Equities at price scale 2: 10000 units = 100.00.
function setup(options: Parameters<typeof broker>[1] = {}) {
  const w = world();
  const b = broker(w, options);
  const sid = w.aapl.sid;
  const run = (i: number, ohlcv: Ohlcv) => b.processBar(barAt(session(i), 3, { [sid]: ohlcv }));
  return { w, b, sid, run };
}

describe('Blotter: no look-ahead', () => {
  it('fills an order placed while bar t is processed on bar t+1 at the earliest', () => {
    const { b, run } = setup();
    run(0, [10000, 10100, 9900, 10050, 1000]);
    const order = b.order('AAPL', 10);
    assert.equal(order.placedAt, session(0));
    // Processing a bar with the same timestamp again does not fill it.
    assert.deepEqual(
      b.processBar(barAt(session(0), 3, { 0: [10000, 10100, 9900, 10050, 1000] })),
      [],
    );
    assert.equal(order.status, 'open');
    const fills = run(1, [10200, 10300, 10100, 10250, 1000]);
    assert.equal(fills.length, 1);
    assert.equal(fills[0].price, 10200);
    assert.equal(fills[0].timestamp, session(1));
    assert.equal(order.status, 'filled');
  });

  it('fills at the close of the next bar when the fill reference is the close', () => {
    const { b, run } = setup({ fillReference: 'close' });
    run(0, [10000, 10100, 9900, 10050, 1000]);
    b.order('AAPL', 10);
    assert.equal(run(1, [10200, 10300, 10100, 10250, 1000])[0].price, 10250);
  });

  it('skips assets without a bar and fills when one arrives', () => {
    const { b, run, w } = setup();
    run(0, [10000, 10100, 9900, 10050, 1000]);
    const order = b.order('AAPL', 1);
    assert.deepEqual(
      b.processBar(barAt(session(1), 3, { [w.msft.sid]: [100, 100, 100, 100, 10] })),
      [],
    );
    assert.equal(order.status, 'open');
    assert.equal(run(2, [10100, 10100, 10100, 10100, 10])[0].price, 10100);
  });
});

describe('Blotter: limit orders', () => {
  it('fills a buy limit at the open when the bar gaps below the limit', () => {
    const { b, run } = setup();
    b.order('AAPL', 5, { style: limitOrder('100.00') });
    const [fill] = run(0, [9500, 9700, 9400, 9600, 1000]);
    assert.equal(fill.price, 9500);
    assert.equal(fill.maker, false);
  });

  it('fills a buy limit at the limit when the bar trades down through it (maker)', () => {
    const { b, run } = setup();
    b.order('AAPL', 5, { style: limitOrder(100) });
    const [fill] = run(0, [10200, 10300, 9900, 10100, 1000]);
    assert.equal(fill.price, 10000);
    assert.equal(fill.maker, true);
  });

  it('leaves a buy limit open when the bar stays above it', () => {
    const { b, run } = setup();
    const order = b.order('AAPL', 5, { style: limitOrder(100) });
    assert.deepEqual(run(0, [10200, 10300, 10100, 10100, 1000]), []);
    assert.equal(order.status, 'open');
  });

  it('fills a sell limit at a gap-up open, else at the limit', () => {
    const { b, run } = setup();
    b.order('AAPL', 10);
    run(0, [10000, 10000, 10000, 10000, 1000]);
    b.order('AAPL', -5, { style: limitOrder('105') });
    assert.equal(run(1, [10600, 10700, 10500, 10600, 1000])[0].price, 10600);
    b.order('AAPL', -5, { style: limitOrder('105') });
    assert.equal(run(2, [10300, 10600, 10200, 10400, 1000])[0].price, 10500);
  });

  it('rounds an off-tick buy limit down and a sell limit up', () => {
    const { b } = setup();
    assert.equal(b.order('AAPL', 1, { style: limitOrder('100.129') }).limitPrice, 10012);
    assert.equal(b.order('AAPL', -1, { style: limitOrder('100.121') }).limitPrice, 10013);
  });
});

describe('Blotter: stop orders', () => {
  it('triggers a buy stop inside the bar at the stop price, or at a gap-up open', () => {
    const { b, run } = setup();
    b.order('AAPL', 1, { style: stopOrder(105) });
    assert.equal(run(0, [10300, 10600, 10200, 10500, 1000])[0].price, 10500);
    b.order('AAPL', 1, { style: stopOrder(105) });
    assert.equal(run(1, [10700, 10800, 10650, 10700, 1000])[0].price, 10700);
    const idle = b.order('AAPL', 1, { style: stopOrder(110) });
    assert.deepEqual(run(2, [10700, 10800, 10650, 10700, 1000]), []);
    assert.equal(idle.status, 'open');
  });

  it('triggers a sell stop at the stop price, or at a gap-down open', () => {
    const { b, run } = setup();
    b.order('AAPL', 2);
    run(0, [10000, 10000, 10000, 10000, 1000]);
    b.order('AAPL', -1, { style: stopOrder(95) });
    assert.equal(run(1, [9700, 9800, 9400, 9600, 1000])[0].price, 9500);
    b.order('AAPL', -1, { style: stopOrder(95) });
    assert.equal(run(2, [9300, 9400, 9200, 9300, 1000])[0].price, 9300);
  });

  it('fills a stop-limit at the trigger when within the limit, else rests as a limit', () => {
    const { b, run } = setup();
    const first = b.order('AAPL', 1, { style: stopLimitOrder(105, 106) });
    assert.equal(run(0, [10300, 10800, 10200, 10700, 1000])[0].price, 10500);
    assert.equal(first.status, 'filled');
    // Gap over the limit: triggered at the open 107, no fill; next bar it is a limit at 106.
    const second = b.order('AAPL', 1, { style: stopLimitOrder(105, 106) });
    assert.deepEqual(run(1, [10700, 10900, 10650, 10800, 1000]), []);
    assert.equal(second.status, 'open');
    const [fill] = run(2, [10700, 10750, 10550, 10600, 1000]);
    assert.equal(fill.price, 10600);
    assert.equal(fill.maker, true);
  });
});

describe('Blotter: trailing stops', () => {
  it('trails a sell stop 5.00 below the highest price since placement', () => {
    const { b, run } = setup();
    b.order('AAPL', 1);
    run(0, [10000, 10000, 10000, 10000, 1000]);
    const order = b.order('AAPL', -1, { style: trailingStopAmountOrder('5') });
    // Level 95.00 from the last close 100.00; bar reaches 110 without touching 95.
    assert.deepEqual(run(1, [10100, 11000, 10000, 10900, 1000]), []);
    assert.equal(order.stopPrice, 9500);
    // Level now 105.00; the bar falls through it.
    const [fill] = run(2, [10800, 10850, 10400, 10450, 1000]);
    assert.equal(order.stopPrice, 10500);
    assert.equal(fill.price, 10500);
  });

  it('trails a buy stop 10% above the lowest price since placement', () => {
    const { b, run } = setup();
    run(0, [10000, 10000, 10000, 10000, 1000]);
    const order = b.order('AAPL', 1, { style: trailingStopPercentOrder(10) });
    assert.deepEqual(run(1, [9800, 9900, 9000, 9100, 1000]), []);
    assert.equal(order.stopPrice, 11000);
    // Lowest 90.00 → level 99.00; the bar opens above it: fills at the open.
    const [fill] = run(2, [9950, 10000, 9900, 9950, 1000]);
    assert.equal(order.stopPrice, 9900);
    assert.equal(fill.price, 9950);
  });
});

describe('Blotter: OCO, bracket, time in force, cancel', () => {
  it('cancels the other order of an OCO pair when one fills', () => {
    const { b, run } = setup();
    b.order('AAPL', 10);
    run(0, [10000, 10000, 10000, 10000, 1000]);
    const [takeProfit, stopLoss] = b.orderOco(
      { asset: 'AAPL', amount: -10, options: { style: limitOrder(110) } },
      { asset: 'AAPL', amount: -10, options: { style: stopOrder(90) } },
    );
    const fills = run(1, [10500, 11100, 10400, 11000, 1000]);
    assert.equal(fills.length, 1);
    assert.equal(fills[0].price, 11000);
    assert.equal(takeProfit.status, 'filled');
    assert.equal(stopLoss.status, 'cancelled');
    assert.match(stopLoss.reason, /one-cancels-other/);
  });

  it('places bracket legs on the entry fill, live from the next bar', () => {
    const { b, run, sid } = setup();
    const entry = b.orderBracket('AAPL', 10, { takeProfit: 110, stopLoss: 95 });
    // The entry fills at 100; this bar also reaches 111, but the legs are not live yet.
    assert.equal(run(0, [10000, 11100, 9900, 10500, 1000]).length, 1);
    const legs = b.blotter.allOrders().filter((o) => o.parentId === entry.id);
    assert.equal(legs.length, 2);
    assert.deepEqual(
      legs.map((o) => [o.type, o.quantity]),
      [
        ['limit', -10],
        ['stop', -10],
      ],
    );
    const fills = run(1, [10600, 11200, 10500, 11000, 1000]);
    assert.equal(fills.length, 1);
    assert.equal(fills[0].price, 11000);
    assert.equal(legs[1].status, 'cancelled');
    assert.equal(b.ledger.quantity[sid], 0);
    assert.equal(b.ledger.realized, 10 * 1000);
  });

  it('refuses a bracket whose take-profit is not beyond its stop-loss', () => {
    const { b } = setup();
    assert.throws(
      () => b.orderBracket('AAPL', 10, { takeProfit: 90, stopLoss: 95 }),
      /take-profit/,
    );
  });

  it('expires a DAY order at the end of its first live session; GTC stays', () => {
    const { b, run } = setup();
    run(0, [10000, 10000, 10000, 10000, 1000]);
    const day = b.order('AAPL', 1, { style: limitOrder(90), timeInForce: 'day' });
    const gtc = b.order('AAPL', 1, { style: limitOrder(90) });
    // Placed after the session's last bar: survives this session's end.
    b.endSession();
    assert.equal(day.status, 'open');
    run(1, [10000, 10000, 10000, 10000, 1000]);
    assert.equal(b.endSession().expiredOrders, 1);
    assert.equal(day.status, 'cancelled');
    assert.match(day.reason, /DAY order expired/);
    assert.equal(gtc.status, 'open');
  });

  it('cancels an open order so that it never fills', () => {
    const { b, run } = setup();
    const order = b.order('AAPL', 1);
    assert.equal(b.cancel(order), true);
    assert.equal(b.cancel(order), false);
    assert.deepEqual(run(0, [10000, 10000, 10000, 10000, 1000]), []);
    assert.equal(order.status, 'cancelled');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barAt, broker, day, session, world } from './world.js';

describe('SimulatedAccount value and target orders (hand-computed)', () => {
  function started() {
    const w = world();
    const b = broker(w, { startingCash: '10000' });
    b.processBar(
      barAt(session(0), 3, {
        0: [3300, 3300, 3300, 3300, 1000],
        1: [25000, 25000, 25000, 25000, 1000],
      }),
    );
    return { w, b };
  }

  it('orderValue buys whole shares worth at most the value at the last price', () => {
    const { b } = started();
    // 1000.00 / 33.00 = 30.30 → 30 shares (toward zero).
    assert.equal(b.orderValue('AAPL', 1000)?.quantity, 30);
    assert.equal(b.orderValue('AAPL', '-1000.00')?.quantity, -30);
    assert.equal(b.orderValue('AAPL', 10), undefined);
  });

  it('orderPercent takes a fraction of net liquidation value', () => {
    const { b } = started();
    // 10% of 10000.00 = 1000.00 → 30 shares at 33.00.
    assert.equal(b.orderPercent('AAPL', 0.1)?.quantity, 30);
  });

  it('sizes each percent order by its own fraction when fractions repeat and change', () => {
    const { b } = started();
    // 10% → 30, 20% → 60, 10% again → 30, "0.1" as text → 30, then a bad fraction is still refused.
    assert.deepEqual(
      [0.1, 0.2, 0.1, '0.1', 0.1].map((f) => b.orderPercent('AAPL', f)?.quantity),
      [30, 60, 30, 30, 30],
    );
    assert.throws(() => b.orderPercent('AAPL', Number.NaN), { code: 'ERR_ORDER' });
  });

  it('takes a computed fraction such as 0.9 / 30 (0.030000000000000002 as a double) as 0.03', () => {
    const { b } = started();
    // 3% of 10000.00 = 300.00 → 9 shares at 33.00.
    assert.equal(b.orderPercent('AAPL', 0.9 / 30)?.quantity, 9);
  });

  it('orderTarget, orderTargetValue and orderTargetPercent count holdings and open orders', () => {
    const { b } = started();
    b.order('AAPL', 10);
    b.processBar(barAt(session(1), 3, { 0: [3300, 3300, 3300, 3300, 1000] }));
    assert.equal(b.orderTarget('AAPL', 25)?.quantity, 15);
    // Open order of 15 counted: target 25 needs nothing more.
    assert.equal(b.orderTarget('AAPL', 25), undefined);
    assert.equal(b.orderTarget('AAPL', 0)?.quantity, -25);
    // Held 10, open 15 - 25 = -10 → 0; target 2000.00 at 250.00 = 8 MSFT.
    assert.equal(b.orderTargetValue('MSFT', 2000)?.quantity, 8);
    // NAV 10000.00: 50% = 5000.00 → 20 MSFT, 8 already ordered.
    assert.equal(b.orderTargetPercent('MSFT', '0.5')?.quantity, 12);
  });
});

describe('SimulatedAccount corporate actions and sessions', () => {
  it('accrues a dividend on the ex-date and pays it on the pay date', () => {
    const w = world();
    const b = broker(w, { startingCash: '1000' });
    b.order('AAPL', 8);
    b.processBar(barAt(session(0), 3, { 0: [1000, 1000, 1000, 1000, 100] }));
    b.endSession();
    b.declareDividend({ asset: w.aapl, exDate: session(1), payDate: session(3), amount: '0.0625' });
    b.startSession(session(1));
    // 8 × 0.0625 = 0.50 accrued, not yet cash.
    assert.equal(b.ledger.dividendsReceivable, 50);
    assert.equal(b.ledger.cash, 1000_00 - 80_00);
    b.startSession(session(3));
    assert.equal(b.ledger.cash, 1000_00 - 80_00 + 50);
    assert.equal(b.ledger.dividends, 50);
  });

  it('applies a split to the position and to open orders', () => {
    const w = world();
    const b = broker(w, { startingCash: '1000' });
    b.order('AAPL', 5);
    b.processBar(barAt(session(0), 3, { 0: [3000, 3000, 3000, 3000, 100] }));
    const open = b.order('AAPL', -4, { style: { type: 'limit', limitPrice: '40.00' } });
    b.declareSplit({ asset: w.aapl, date: session(1), numerator: 2, denominator: 1 });
    b.startSession(session(1));
    assert.equal(b.ledger.quantity[0], 10);
    assert.equal(b.ledger.lastPrice[0], 1500);
    assert.equal(open.quantity, -8);
    assert.equal(open.limitPrice, 2000);
  });

  it('closes a position at the last price on its auto-close date and cancels its orders', () => {
    const w = world();
    const asset = w.assets.add({
      assetClass: 'equity',
      symbol: 'GONE',
      exchange: 'X',
      quoteCurrency: 'USD',
      startDate: '2021-01-01',
      endDate: '2021-01-05',
    });
    const b = broker(w, { startingCash: '1000' });
    b.order(asset, 10);
    b.processBar(barAt(session(0), 4, { [asset.sid]: [1000, 1000, 1000, 1000, 100] }));
    b.endSession();
    b.processBar(barAt(session(1), 4, { [asset.sid]: [1100, 1200, 1100, 1200, 100] }));
    const pending = b.order(asset, -1, { style: { type: 'limit', limitPrice: 50 } });
    b.endSession();
    assert.equal(b.ledger.quantity[asset.sid], 0);
    assert.equal(b.ledger.realized, 10 * 200);
    assert.equal(b.ledger.cash, 1000_00 + 2000);
    assert.equal(pending.status, 'cancelled');
    assert.match(pending.reason, /stopped trading/);
  });

  it('reports per-session P&L', () => {
    const w = world();
    const b = broker(w, { startingCash: '1000' });
    b.order('AAPL', 10);
    b.processBar(barAt(day('2021-01-04'), 3, { 0: [1000, 1000, 1000, 1000, 100] }));
    assert.equal(b.endSession().pnl, 0);
    b.processBar(barAt(day('2021-01-05'), 3, { 0: [1000, 1100, 1000, 1050, 100] }));
    const record = b.endSession();
    assert.equal(record.pnl, 500);
    assert.equal(record.netLiquidation, 1000_00 + 500);
  });
});

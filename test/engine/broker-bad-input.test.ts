import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssetFinder } from '../../src/assets/index.js';
import { SimulatedAccount } from '../../src/engine/simulated-account.js';
import { limitOrder, stopOrder, trailingStopPercentOrder } from '../../src/engine/orders/index.js';
import { ConfigError, DataError, OrderError } from '../../src/errors/index.js';
import { decimalConfig } from '../../src/numeric/index.js';
import { barAt, broker, session, world } from './world.js';

describe('SimulatedAccount bad input: typed errors, ledger untouched', () => {
  it('refuses NaN, infinite, zero and non-numeric quantities with an OrderError', () => {
    const w = world();
    const b = broker(w);
    for (const amount of [Number.NaN, Infinity, -Infinity, 0, '0', 'ten', '']) {
      assert.throws(() => b.order('AAPL', amount), OrderError, String(amount));
    }
    assert.equal(b.blotter.allOrders().length, 0);
    assert.equal(b.ledger.cash, 100000_00);
  });

  it('refuses NaN, infinite, zero and negative prices', () => {
    const w = world();
    const b = broker(w);
    for (const price of [Number.NaN, Infinity, 0, -5, '-1', 'abc']) {
      assert.throws(
        () => b.order('AAPL', 1, { style: limitOrder(price) }),
        OrderError,
        String(price),
      );
      assert.throws(
        () => b.order('AAPL', 1, { style: stopOrder(price) }),
        OrderError,
        String(price),
      );
    }
    assert.throws(() => b.order('AAPL', 1, { style: trailingStopPercentOrder(150) }), OrderError);
    assert.equal(b.blotter.allOrders().length, 0);
  });

  it('refuses unknown assets and assets quoted in another currency', () => {
    const w = world();
    const b = broker(w);
    assert.throws(() => b.order('TSLA', 1), /Unknown asset "TSLA"/);
    assert.throws(() => b.order(w.btc, 1), /quoted in USDT/);
    const other = new AssetFinder().add({
      assetClass: 'equity',
      symbol: 'AAPL',
      exchange: 'X',
      quoteCurrency: 'USD',
      startDate: '2020-01-01',
      endDate: '2030-01-01',
    });
    assert.throws(() => b.order({ ...other, sid: 99 }, 1), OrderError);
  });

  it('rounds an off-lot quantity toward zero, or rejects it under offLotQuantity: reject', () => {
    const w = world({ assetClasses: { crypto: { price: 2, quantity: 8 } } });
    const b = new SimulatedAccount({ assets: w.assets, startingCash: '100000', currency: 'USDT' });
    assert.equal(b.order('BTC/USDT', '0.00015').quantity, 10000);
    assert.equal(b.order('BTC/USDT', -0.00019).quantity, -10000);
    assert.throws(() => b.order('BTC/USDT', '0.00009'), /less than one lot/);
    const strict = world({ offLotQuantity: 'reject' });
    const s = new SimulatedAccount({
      assets: strict.assets,
      startingCash: '100000',
      currency: 'USDT',
    });
    assert.throws(() => s.order('BTC/USDT', '0.00015'), /not a multiple of the lot size 0.0001/);
    assert.equal(s.order('BTC/USDT', '0.0002').quantity, 20000);
    assert.throws(() => broker(world({ offLotQuantity: 'reject' })).order('AAPL', 1.5), OrderError);
  });

  it('rejects orders for assets not yet trading or delisted, with a reason', () => {
    const assets = new AssetFinder(
      decimalConfig({ assetClasses: { equity: { price: 2, quantity: 0 } } }),
    );
    const ipo = assets.add({
      assetClass: 'equity',
      symbol: 'IPO',
      exchange: 'X',
      quoteCurrency: 'USD',
      startDate: '2021-01-06',
      endDate: '2021-01-07',
    });
    const b = new SimulatedAccount({ assets, startingCash: '1000', currency: 'USD' });
    b.startSession(session(0));
    const early = b.order(ipo, 1);
    assert.equal(early.status, 'rejected');
    assert.match(early.reason, /has not started trading on 2021-01-04/);
    b.startSession(session(5));
    const late = b.order(ipo, 1);
    assert.equal(late.status, 'rejected');
    assert.match(late.reason, /has stopped trading/);
    b.processBar(barAt(session(6), 1, { 0: [100, 100, 100, 100, 10] }));
    assert.equal(early.filled, 0);
    assert.equal(b.ledger.quantity[0], 0);
  });

  it('refuses a malformed bar with a DataError before booking anything', () => {
    const w = world();
    const b = broker(w);
    b.order('AAPL', 1);
    const bad = [
      [10000, 10100, 10200, 10000, 100], // low above open
      [10000, 9000, 9000, 9000, 100], // high below open
      [10000.5, 10100, 9900, 10000, 100], // not integer units
      [10000, Infinity, 9900, 10000, 100],
      [10000, 10100, 9900, 10000, -1], // negative volume
      [-100, 10100, -200, 10000, 100], // negative prices
    ] as const;
    for (const ohlcv of bad) {
      assert.throws(() => b.processBar(barAt(session(0), 3, { 0: [...ohlcv] })), DataError);
    }
    assert.equal(b.blotter.allOrders()[0].status, 'open');
    assert.equal(b.ledger.cash, 100000_00);
    assert.equal(b.ledger.quantity[0], 0);
  });

  it('refuses an unknown fill reference and numeric mode', () => {
    const w = world();
    assert.throws(() => broker(w, { fillReference: 'vwap' as 'open' }), ConfigError);
    assert.throws(() => broker(w, { numericMode: 'double' as 'float' }), ConfigError);
  });

  it('needs a price before a value-based order', () => {
    const w = world();
    assert.throws(() => broker(w).orderValue('AAPL', 1000), /No price for AAPL yet/);
  });
});

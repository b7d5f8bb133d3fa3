import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { OrderError } from '../../../src/errors/index.js';
import {
  checkOrder,
  marketRules,
  roundAmount,
  roundPrice,
} from '../../../src/live/exchange/market-rules.js';
import { exact, toText } from '../../../src/numeric/exact-decimal.js';

/** BTC/USDT as ccxt parses Binance's exchangeInfo (tick-size precision mode). */
const BINANCE = marketRules(
  {
    symbol: 'BTC/USDT',
    base: 'BTC',
    quote: 'USDT',
    precision: { amount: 0.00001, price: 0.01 },
    limits: { amount: { min: 0.00001, max: 9000 }, cost: { min: 5 }, price: { min: 0.01 } },
  },
  'tickSize',
);

describe('market rules: exchange precision and limits in exact decimals', () => {
  it('takes ccxt numbers exactly: a 0.00001 step is 1e-5, not the double next to it', () => {
    assert.equal(toText(BINANCE.amountStep), '0.00001');
    assert.equal(toText(roundAmount(BINANCE, exact('0.123456789'))), '0.12345');
    assert.equal(toText(roundAmount(BINANCE, exact('0.00000999'))), '0');
  });

  it('reads decimal-places precision (Kraken style: 8 means 0.00000001)', () => {
    const kraken = marketRules(
      { symbol: 'XBT/EUR', precision: { amount: 8, price: 1 } },
      'decimalPlaces',
    );
    assert.equal(toText(kraken.amountStep), '0.00000001');
    assert.equal(toText(roundPrice(kraken, exact('20123.45'))), '20123.5');
    assert.equal(kraken.base, 'XBT');
    assert.equal(kraken.quote, 'EUR');
  });

  it('rounds prices to the nearest tick, halves up, as priceToPrecision does', () => {
    assert.equal(toText(roundPrice(BINANCE, exact('21000.005'))), '21000.01');
    assert.equal(toText(roundPrice(BINANCE, exact('21000.0049'))), '21000');
  });

  it('never rounds an amount up, and lands on a whole number of steps (any step, any amount)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 14n }),
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom('0.0005', '0.001', '0.25', '1', '0.00000001', '5'),
        (units, scale, stepText) => {
          const rules = { ...BINANCE, amountStep: exact(stepText) };
          const amount = { units, scale };
          const rounded = roundAmount(rules, amount);
          const s = Math.max(scale, rounded.scale, rules.amountStep.scale);
          const at = (x: { units: bigint; scale: number }) => x.units * 10n ** BigInt(s - x.scale);
          const step = at(rules.amountStep);
          assert.ok(at(rounded) <= at(amount));
          assert.ok(at(amount) - at(rounded) < step);
          assert.equal(at(rounded) % step, 0n);
        },
      ),
    );
  });

  it('refuses an order under the minimum value, naming the symbol, the value and the limit', () => {
    assert.throws(
      () => checkOrder(BINANCE, exact('0.0002'), exact('21000.55'), 'binance'),
      (error: unknown) =>
        error instanceof OrderError &&
        error.code === 'ERR_ORDER' &&
        error.message ===
          "Order for BTC/USDT refused before sending to binance: value 4.20011 USDT (0.0002 × 21000.55) is below the exchange's minimum order value 5 USDT.",
    );
    assert.throws(
      () => checkOrder(BINANCE, exact('0'), undefined, 'binance'),
      /the amount rounds to 0 at the exchange's step 0.00001 BTC/,
    );
    assert.throws(
      () => checkOrder(BINANCE, exact('9000.5'), undefined, 'binance'),
      /amount 9000.5 BTC is above the maximum amount 9000/,
    );
    checkOrder(BINANCE, exact('0.0003'), exact('21000.55'), 'binance');
  });
});

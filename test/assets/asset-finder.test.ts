import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssetFinder, isTrading, sessionFromDate } from '../../src/assets/index.js';
import { ConfigError } from '../../src/errors/index.js';
import { decimalConfig } from '../../src/numeric/index.js';

const base = {
  exchange: 'NYSE',
  quoteCurrency: 'USD',
  startDate: '2020-01-02',
  endDate: '2020-12-31',
};

describe('AssetFinder', () => {
  it('assigns dense sids and resolves scales from the asset class and currency', () => {
    const finder = new AssetFinder();
    const ibm = finder.add({ ...base, assetClass: 'equity', symbol: 'IBM' });
    const eth = finder.add({
      ...base,
      assetClass: 'crypto',
      symbol: 'ETH/USDT',
      quoteCurrency: 'USDT',
      lotSize: '0.001',
    });
    const eur = finder.add({
      ...base,
      assetClass: 'forex',
      symbol: 'EUR/USD',
      lotSize: 1000,
      tickSize: '0.00001',
    });
    assert.deepEqual([ibm.sid, eth.sid, eur.sid], [0, 1, 2]);
    assert.deepEqual([ibm.priceScale, ibm.quantityScale, ibm.moneyScale], [4, 0, 2]);
    assert.equal(ibm.tickSize, '0.0001');
    assert.equal(ibm.lotUnits, 1);
    assert.deepEqual(
      [eth.priceScale, eth.quantityScale, eth.moneyScale, eth.lotUnits],
      [8, 8, 8, 100000],
    );
    assert.equal(eur.lotUnits, 1000);
    assert.equal(eur.tickUnits, 1);
    assert.equal(finder.lookup('ETH/USDT'), eth);
    assert.equal(finder.retrieve(2), eur);
    assert.equal(finder.count, 3);
  });

  it('defaults the auto-close date to the end date and knows when an asset trades', () => {
    const finder = new AssetFinder();
    const ibm = finder.add({ ...base, assetClass: 'equity', symbol: 'IBM' });
    assert.equal(ibm.autoCloseDate, sessionFromDate('2020-12-31'));
    assert.equal(isTrading(ibm, sessionFromDate('2020-01-01')), false);
    assert.equal(isTrading(ibm, sessionFromDate('2020-01-02')), true);
    assert.equal(isTrading(ibm, sessionFromDate('2021-01-04')), false);
  });

  it('rejects bad specs with a ConfigError saying what to fix', () => {
    const finder = new AssetFinder(decimalConfig());
    finder.add({ ...base, assetClass: 'equity', symbol: 'IBM' });
    assert.throws(
      () => finder.add({ ...base, assetClass: 'equity', symbol: 'IBM' }),
      /already registered/,
    );
    assert.throws(
      () => finder.add({ ...base, assetClass: 'bond' as 'equity', symbol: 'T' }),
      ConfigError,
    );
    assert.throws(
      () => finder.add({ ...base, assetClass: 'equity', symbol: 'X', lotSize: '0.5' }),
      /more decimal places/,
    );
    assert.throws(
      () => finder.add({ ...base, assetClass: 'equity', symbol: 'Y', lotSize: '0' }),
      /positive/,
    );
    assert.throws(
      () => finder.add({ ...base, assetClass: 'equity', symbol: 'Z', startDate: '2020-13-45x' }),
      ConfigError,
    );
    assert.throws(
      () => finder.add({ ...base, assetClass: 'equity', symbol: 'W', endDate: '2019-01-01' }),
      /before startDate/,
    );
    assert.throws(() => finder.add({ ...base, assetClass: 'equity', symbol: '' }), ConfigError);
  });
});

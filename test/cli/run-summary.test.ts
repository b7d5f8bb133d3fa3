import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moneyText } from '../../src/cli/commands/run-summary.js';

describe('money in the run summary', () => {
  it("is shown at the currency's money scale, rounded half-even", () => {
    assert.equal(moneyText('126983.550000', 'USD'), '126983.55');
    assert.equal(moneyText('100000.000000', 'USD'), '100000.00');
    assert.equal(moneyText('10.125', 'USD'), '10.12');
    assert.equal(moneyText('10.135', 'USD'), '10.14');
    assert.equal(moneyText('-3.999', 'EUR'), '-4.00');
    assert.equal(moneyText('1234.5', 'JPY'), '1234');
    assert.equal(moneyText('1.123456789', 'USDT'), '1.12345679');
    assert.equal(moneyText('99.5', 'XYZ'), '99.50');
    assert.equal(moneyText('NaN', 'USD'), 'NaN');
  });
});

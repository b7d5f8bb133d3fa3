import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  ControlViolation,
  TradingControlsOptions,
} from '../../../src/engine/controls/index.js';
import { ConfigError, TradingControlError } from '../../../src/errors/index.js';
import { barAt, broker, session, world } from '../world.js';

function priced(controls: TradingControlsOptions) {
  const w = world();
  const b = broker(w, { startingCash: '10000', controls });
  b.processBar(barAt(session(0), 3, { 0: [10000, 10000, 10000, 10000, 1000] }));
  return b;
}

function violation(control: string) {
  return (error: unknown) => error instanceof TradingControlError && error.control === control;
}

describe('trading controls', () => {
  it('max order size in quantity and value', () => {
    const b = priced({ maxOrderSize: { quantity: 50, value: 4000 } });
    assert.throws(() => b.order('AAPL', 51), violation('maxOrderSize'));
    assert.throws(() => b.order('AAPL', 41), violation('maxOrderSize'));
    assert.equal(b.order('AAPL', 40).status, 'open');
  });

  it('max position size counts holdings and open orders', () => {
    const b = priced({ maxPositionSize: { quantity: 30 } });
    b.order('AAPL', 20);
    assert.throws(() => b.order('AAPL', 11), violation('maxPositionSize'));
    assert.equal(b.order('AAPL', -5).status, 'open');
  });

  it('long only refuses an order that would leave a short', () => {
    const b = priced({ longOnly: true });
    assert.throws(() => b.order('AAPL', -1), violation('longOnly'));
  });

  it('max orders per day resets each session', () => {
    const b = priced({ maxOrdersPerDay: 2 });
    b.order('AAPL', 1);
    b.order('AAPL', 1);
    assert.throws(() => b.order('AAPL', 1), violation('maxOrdersPerDay'));
    b.startSession(session(1));
    assert.equal(b.order('AAPL', 1).status, 'open');
  });

  it('do-not-order list', () => {
    const b = priced({ doNotOrder: ['AAPL'] });
    assert.throws(() => b.order('AAPL', 1), violation('doNotOrder'));
    assert.equal(b.order('MSFT', 1).status, 'open');
  });

  it('max leverage refuses an order that would lever the account beyond the limit', () => {
    const b = priced({ maxLeverage: 1.5 });
    // NAV 10000.00; 150 × 100.00 = 15000.00 is leverage 1.5: allowed; 151 is not.
    assert.throws(() => b.order('AAPL', 151), violation('maxLeverage'));
    assert.equal(b.order('AAPL', 150).status, 'open');
  });

  it('logs instead of raising when configured, and places the order', () => {
    const seen: ControlViolation[] = [];
    const b = priced({ onViolation: 'log', longOnly: true, logger: (v) => seen.push(v) });
    const order = b.order('AAPL', -1);
    assert.equal(order.status, 'open');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].control, 'longOnly');
    assert.deepEqual(b.controls.violations, seen);
  });

  it('rejects malformed control settings', () => {
    const w = world();
    assert.throws(() => broker(w, { controls: { maxLeverage: -1 } }), ConfigError);
    assert.throws(() => broker(w, { controls: { onViolation: 'ignore' as 'log' } }), ConfigError);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { limitOrder } from '../../../src/engine/orders/index.js';
import {
  FixedBasisPointsSlippage,
  FixedSpreadSlippage,
  NoSlippage,
  VolumeShareSlippage,
  type SlippageModel,
} from '../../../src/engine/slippage/index.js';
import { ConfigError } from '../../../src/errors/index.js';
import { barAt, broker, session, world, type Ohlcv } from '../world.js';

function fillPrices(
  model: SlippageModel,
  amount: number,
  ohlcv: Ohlcv,
  mode: 'decimal' | 'float' = 'decimal',
) {
  const w = world();
  const b = broker(w, { slippage: model, numericMode: mode });
  b.order('AAPL', amount);
  return b.processBar(barAt(session(0), 3, { 0: ohlcv })).map((f) => [f.quantity, f.price]);
}

describe('FixedBasisPointsSlippage (hand-computed)', () => {
  it('moves a buy up and a sell down by 5 bps, rounded half-even to the cent', () => {
    const model = new FixedBasisPointsSlippage();
    // 123.45 × 1.0005 = 123.511725 → 123.51; 123.45 × 0.9995 = 123.388275 → 123.39.
    assert.deepEqual(fillPrices(model, 10, [12345, 12400, 12300, 12350, 1000]), [[10, 12351]]);
    assert.deepEqual(fillPrices(model, -10, [12345, 12400, 12300, 12350, 1000]), [[-10, 12339]]);
    assert.equal(model.basisPoints, '5');
    assert.equal(model.volumeLimit, '0.1');
  });

  it('never fills outside the bar: a buy at a high open is clamped to the high', () => {
    assert.deepEqual(
      fillPrices(new FixedBasisPointsSlippage(), 1, [12345, 12345, 12300, 12300, 1000]),
      [[1, 12345]],
    );
  });

  it('caps each bar at 10% of its volume: 10 ordered, volume 52 → fills of 5 then 3', () => {
    const w = world();
    const b = broker(w, { slippage: new FixedBasisPointsSlippage({ basisPoints: 0 }) });
    const order = b.order('AAPL', 10);
    assert.equal(
      b.processBar(barAt(session(0), 3, { 0: [10000, 10000, 10000, 10000, 52] }))[0].quantity,
      5,
    );
    assert.equal(order.status, 'partiallyFilled');
    assert.equal(
      b.processBar(barAt(session(1), 3, { 0: [10000, 10000, 10000, 10000, 39] }))[0].quantity,
      3,
    );
    assert.equal(
      b.processBar(barAt(session(2), 3, { 0: [10000, 10000, 10000, 10000, 1000] }))[0].quantity,
      2,
    );
    assert.equal(order.status, 'filled');
    assert.equal(order.filled, 10);
    assert.equal(b.ledger.quantity[0], 10);
  });

  it('shares one bar volume between the orders of an asset', () => {
    const w = world();
    const b = broker(w, { slippage: new FixedBasisPointsSlippage({ basisPoints: 0 }) });
    b.order('AAPL', 4);
    b.order('AAPL', 4);
    const fills = b.processBar(barAt(session(0), 3, { 0: [10000, 10000, 10000, 10000, 60] }));
    assert.deepEqual(
      fills.map((f) => f.quantity),
      [4, 2],
    );
  });

  it('does not fill on a zero-volume bar; the order stays open', () => {
    const w = world();
    const b = broker(w, { slippage: new FixedBasisPointsSlippage() });
    const order = b.order('AAPL', 1);
    assert.deepEqual(
      b.processBar(barAt(session(0), 3, { 0: [10000, 10000, 10000, 10000, 0] })),
      [],
    );
    assert.equal(order.status, 'open');
  });

  it('rejects a negative basis-point count', () => {
    assert.throws(() => new FixedBasisPointsSlippage({ basisPoints: -1 }), ConfigError);
  });
});

describe('VolumeShareSlippage (hand-computed)', () => {
  it('moves the price by 0.1 × (share of volume)² × price', () => {
    // 25 of 1000 = 2.5%: 100.00 × 0.1 × 0.025² = 0.00625 → 100.00625 → 100.01.
    assert.deepEqual(fillPrices(new VolumeShareSlippage(), 25, [10000, 10100, 9900, 10000, 1000]), [
      [25, 10001],
    ]);
    // Capped at 2.5%: 100 ordered, 25 filled.
    assert.deepEqual(
      fillPrices(new VolumeShareSlippage(), 100, [10000, 10100, 9900, 10000, 1000]),
      [[25, 10001]],
    );
    // Sell 20 of 1000: 100.00 × 0.1 × 0.0004 = 0.004 → 99.996 → 100.00.
    assert.deepEqual(
      fillPrices(new VolumeShareSlippage(), -20, [10000, 10100, 9900, 10000, 1000]),
      [[-20, 10000]],
    );
  });

  it('agrees with float mode within float tolerance', () => {
    const [[, price]] = fillPrices(
      new VolumeShareSlippage(),
      25,
      [10000, 10100, 9900, 10000, 1000],
      'float',
    );
    assert.ok(Math.abs(price - 100.00625) < 1e-9);
  });
});

describe('FixedSpreadSlippage and NoSlippage (hand-computed)', () => {
  it('charges half the spread: 0.03 → buy 100.015 → 100.02, sell 99.985 → 99.98 (half-even)', () => {
    const model = new FixedSpreadSlippage('0.03');
    assert.deepEqual(fillPrices(model, 1, [10000, 10100, 9900, 10000, 0]), [[1, 10002]]);
    assert.deepEqual(fillPrices(model, -1, [10000, 10100, 9900, 10000, 0]), [[-1, 9998]]);
    assert.equal(model.volumeLimit, undefined);
  });

  it('fills at the execution price itself with NoSlippage, on any volume', () => {
    assert.deepEqual(fillPrices(new NoSlippage(), 1000, [10000, 10100, 9900, 10000, 1]), [
      [1000, 10000],
    ]);
  });

  it('never lets slippage push a limit fill beyond its limit', () => {
    const w = world();
    const b = broker(w, { slippage: new FixedSpreadSlippage('1.00') });
    b.order('AAPL', 1, { style: limitOrder('100.00') });
    assert.equal(
      b.processBar(barAt(session(0), 3, { 0: [9990, 10100, 9900, 10000, 1000] }))[0].price,
      10000,
    );
  });
});

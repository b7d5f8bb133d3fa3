import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Fill, OrderStyleInput } from '../../src/engine/orders/index.js';
import type { NumericMode } from '../../src/numeric/index.js';
import { barAt, broker, session, world, type Ohlcv } from './world.js';

interface Step {
  moves: [number, number, number, number, number][]; // per asset: close move, wick up, wick down, volume, open gap
  orders: { sid: number; amount: number; kind: number; offset: number }[];
  cancel: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  moves: fc.tuple(
    fc.tuple(
      fc.integer({ min: -300, max: 300 }),
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: -150, max: 150 }),
    ),
    fc.tuple(
      fc.integer({ min: -300, max: 300 }),
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: 0, max: 200 }),
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: -150, max: 150 }),
    ),
  ),
  orders: fc.array(
    fc.record({
      sid: fc.integer({ min: 0, max: 1 }),
      amount: fc.integer({ min: -60, max: 60 }).filter((a) => a !== 0),
      kind: fc.integer({ min: 0, max: 5 }),
      offset: fc.integer({ min: -400, max: 400 }),
    }),
    { maxLength: 3 },
  ),
  cancel: fc.integer({ min: 0, max: 12 }),
});

function style(kind: number, cents: number): OrderStyleInput {
  const price = (Math.max(cents, 1) / 100).toFixed(2);
  const other = (Math.max(cents + 50, 1) / 100).toFixed(2);
  switch (kind) {
    case 1:
      return { type: 'limit', limitPrice: price };
    case 2:
      return { type: 'stop', stopPrice: price };
    case 3:
      return { type: 'stopLimit', stopPrice: price, limitPrice: other };
    case 4:
      return { type: 'trailingStop', trailAmount: '1.50' };
    default:
      return { type: 'market' };
  }
}

function simulate(mode: NumericMode, steps: Step[]) {
  const w = world();
  // Default models: FixedBasisPoints 5 bps / 10% volume, PerShare 0.001.
  const b = broker(w, {
    numericMode: mode,
    startingCash: '50000',
    slippage: undefined,
    commission: undefined,
  });
  const closes = [10000, 5000];
  const fills: Fill[] = [];
  const ranges: [number, number][] = [];
  const identities: [number, number][] = [];
  steps.forEach((step, i) => {
    const rows: Record<number, Ohlcv> = {};
    step.moves.forEach(([move, up, down, volume, gap], sid) => {
      const open = Math.max(closes[sid] + gap, 100);
      const close = Math.max(open + move, 100);
      const high = Math.max(open, close) + up;
      const low = Math.max(Math.min(open, close) - down, 50);
      rows[sid] = [open, high, low, close, volume];
      closes[sid] = close;
    });
    const bar = barAt(session(i), 3, rows);
    for (const fill of b.processBar(bar)) {
      fills.push(fill);
      const sid = fill.asset.sid;
      ranges.push([b.numeric.fromUnits(bar.low[sid], 2), b.numeric.fromUnits(bar.high[sid], 2)]);
    }
    for (const o of step.orders) {
      b.order(o.sid === 0 ? 'AAPL' : 'MSFT', o.amount, {
        style: style(o.kind, closes[o.sid] + o.offset),
        timeInForce: o.kind === 5 ? 'day' : 'gtc',
      });
    }
    const live = b.blotter.openOrders();
    if (step.cancel < live.length) b.cancel(live[step.cancel]);
    b.endSession();
    for (const sid of [0, 1]) {
      const open = b.blotter
        .openOrders()
        .filter((o) => o.asset.sid === sid)
        .reduce((sum, o) => sum + (o.quantity - o.filled), 0);
      assert.ok(Math.abs(b.blotter.openQuantity(sid) - open) < 1e-9);
    }
    const { assets, sources } = b.ledger.identity();
    identities.push([assets, sources]);
  });
  return { b, fills, ranges, identities };
}

const scenarios = fc.array(stepArb, { minLength: 5, maxLength: 40 });

describe('SimulatedAccount invariants over random orders and prices (property tests)', () => {
  it('keeps the accounting identity exact after every session in decimal mode', () => {
    let fills = 0;
    let orderTypes = new Set<string>();
    fc.assert(
      fc.property(scenarios, (steps) => {
        const { identities, b } = simulate('decimal', steps);
        fills += b.blotter.allOrders().filter((o) => o.filled !== 0).length;
        orderTypes = new Set([
          ...orderTypes,
          ...b.blotter
            .allOrders()
            .filter((o) => o.filled !== 0)
            .map((o) => o.type),
        ]);
        for (const [assets, sources] of identities) assert.equal(assets, sources);
        assert.ok(Number.isSafeInteger(b.ledger.cash));
      }),
      { numRuns: 1000 },
    );
    // The scenarios do trade: thousands of filled orders of every type.
    assert.ok(fills > 2000, `only ${fills} filled orders`);
    assert.deepEqual([...orderTypes].sort(), [
      'limit',
      'market',
      'stop',
      'stopLimit',
      'trailingStop',
    ]);
  });

  it('fills inside the bar low..high after slippage, and each position is the sum of its fills, in both modes', () => {
    for (const mode of ['decimal', 'float'] as const) {
      fc.assert(
        fc.property(scenarios, (steps) => {
          const { fills, ranges, b } = simulate(mode, steps);
          const sums = [0, 0];
          fills.forEach((fill, i) => {
            const [low, high] = ranges[i];
            assert.ok(
              fill.price >= low && fill.price <= high,
              `${fill.price} outside ${low}..${high}`,
            );
            sums[fill.asset.sid] += fill.quantity;
          });
          assert.equal(b.ledger.quantity[0], sums[0]);
          assert.equal(b.ledger.quantity[1], sums[1]);
        }),
        { numRuns: 500 },
      );
    }
  });

  it('agrees between decimal and float within float tolerance', () => {
    fc.assert(
      fc.property(scenarios, (steps) => {
        const exact = simulate('decimal', steps);
        const approx = simulate('float', steps);
        assert.equal(exact.fills.length, approx.fills.length);
        let tolerance = 1e-6;
        exact.fills.forEach((fill, i) => {
          const other = approx.fills[i];
          assert.equal(fill.quantity, other.quantity);
          // Decimal rounds the slipped price and the commission to the cent: half a cent each.
          assert.ok(Math.abs(fill.price / 100 - other.price) <= 0.005 + 1e-9);
          tolerance += 0.005 * Math.abs(fill.quantity) + 0.005;
        });
        const num = exact.b.numeric;
        const cash = num.toNumber(exact.b.ledger.cash, 2);
        assert.ok(
          Math.abs(cash - approx.b.ledger.cash) <= tolerance,
          `${cash} vs ${approx.b.ledger.cash}`,
        );
        const nav = num.toNumber(exact.b.ledger.netLiquidation(), 2);
        assert.ok(Math.abs(nav - approx.b.ledger.netLiquidation()) <= tolerance);
      }),
      { numRuns: 500 },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SimulatedAccount } from '../../../src/engine/simulated-account.js';
import { RustAccount, type BarMajorBars } from '../../../src/engine/core/rust-account.js';
import type { OrderStyleInput, TimeInForce } from '../../../src/engine/orders/index.js';
import { ROUNDING_MODES, type NumericMode, type RoundingMode } from '../../../src/numeric/index.js';
import {
  assertSameAfterFill,
  assertSameFills,
  assertSameState,
  attempt,
  barView,
  bothOrder,
  brokerOptions,
  DAY,
  engineCoreOrSkip,
  FIRST_SESSION,
  market,
  type AccountSetup,
  type Market,
} from './parity-harness.js';

const { EngineCore, skip } = engineCoreOrSkip();

interface Action {
  kind: number;
  asset: number;
  amount: number;
  offset: number;
  other: number;
  day: boolean;
}

/** Per asset: close move, wick up, wick down, volume, open gap, missing, impossible (high below open). */
type Move = [number, number, number, number, number, boolean, boolean];

interface Scenario {
  setup: AccountSetup;
  crypto: boolean;
  rounding: RoundingMode;
  sessions: { bars: { moves: Move[]; actions: Action[] }[] }[];
  splits: { asset: number; session: number; ratio: [number, number] }[];
  dividends: { asset: number; session: number; pay: number; amount: string }[];
  explicitStarts: boolean;
  /** Hand the Rust core each bar per step (views) instead of all bars once. */
  perStep: boolean;
  /** Compare the state right after the orders too (this hands the queued orders over early). */
  checkBetween: boolean;
}

const move: fc.Arbitrary<Move> = fc.tuple(
  fc.integer({ min: -300, max: 300 }),
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 200 }),
  fc.integer({ min: 0, max: 400 }),
  fc.integer({ min: -150, max: 150 }),
  fc.integer({ min: 0, max: 9 }).map((k) => k < 2),
  fc.integer({ min: 0, max: 299 }).map((k) => k === 0),
);

const action: fc.Arbitrary<Action> = fc.record({
  kind: fc.integer({ min: 0, max: 15 }),
  asset: fc.integer({ min: 0, max: 2 }),
  amount: fc.integer({ min: -60, max: 60 }).filter((a) => a !== 0),
  offset: fc.integer({ min: -400, max: 400 }),
  other: fc.integer({ min: 0, max: 30 }),
  day: fc.boolean(),
});

const scenario: fc.Arbitrary<Scenario> = fc.record({
  setup: fc.record({
    mode: fc.constantFrom<NumericMode>('decimal', 'float'),
    slippage: fc.integer({ min: 0, max: 4 }),
    commission: fc.integer({ min: 0, max: 6 }),
    fillReference: fc.constantFrom<'open' | 'close'>('open', 'close'),
    cash: fc.constantFrom('100000', '2500.5'),
    controls: fc.integer({ min: -6, max: 5 }),
  }),
  crypto: fc.boolean(),
  rounding: fc.constantFrom(...ROUNDING_MODES),
  sessions: fc.array(
    fc.record({
      bars: fc.array(
        fc.record({
          moves: fc.tuple(move, move, move),
          actions: fc.array(action, { maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  splits: fc.array(
    fc.record({
      asset: fc.integer({ min: 0, max: 2 }),
      session: fc.integer({ min: 1, max: 3 }),
      ratio: fc.constantFrom<[number, number]>([2, 1], [1, 2], [3, 2], [1, 3]),
    }),
    { maxLength: 2 },
  ),
  dividends: fc.array(
    fc.record({
      asset: fc.integer({ min: 0, max: 2 }),
      session: fc.integer({ min: 0, max: 3 }),
      pay: fc.integer({ min: 0, max: 2 }),
      amount: fc.constantFrom('0.25', '0.1', '1.125', '0.00000003'),
    }),
    { maxLength: 2 },
  ),
  explicitStarts: fc.boolean(),
  perStep: fc.boolean(),
  checkBetween: fc.boolean(),
});

/** Builds the bar-major columns of a scenario (units) and each bar's timestamp. */
function buildBars(m: Market, s: Scenario): { bars: BarMajorBars; stamps: number[][] } {
  const n = 3;
  const unit = m.crypto ? 1_000_003 : 1;
  const closes = m.crypto
    ? [3_000_000_000_000, 150_000_000_000, 5_000_000_000]
    : [10000, 5000, 2500];
  const rows: number[][] = [];
  const stamps: number[][] = [];
  s.sessions.forEach((session, si) => {
    const day = FIRST_SESSION + si * DAY;
    stamps.push(session.bars.map((_, b) => day + 14.5 * 3_600_000 + b * 60_000));
    for (const bar of session.bars) {
      const row: number[] = [];
      bar.moves.forEach(([mv, up, down, volume, gap, missing, impossible], sid) => {
        if (missing) {
          row.push(Number.NaN, Number.NaN, Number.NaN, Number.NaN, 0);
          return;
        }
        const floor = 100 * unit;
        const open = Math.max(closes[sid] + gap * unit, floor);
        const close = Math.max(open + mv * unit, floor);
        const high = impossible ? open - 1 : Math.max(open, close) + up * unit;
        const low = Math.max(Math.min(open, close) - down * unit, 50 * unit);
        closes[sid] = close;
        row.push(open, high, low, close, m.crypto ? volume * 10_000_000 : volume);
      });
      rows.push(row);
    }
  });
  const total = rows.length * n;
  const col = (k: number) => {
    const out = new Float64Array(total);
    rows.forEach((row, t) => {
      for (let sid = 0; sid < n; sid++) out[t * n + sid] = row[sid * 5 + k];
    });
    return out;
  };
  return {
    bars: { open: col(0), high: col(1), low: col(2), close: col(3), volume: col(4), assetCount: n },
    stamps,
  };
}

function price(m: Market, units: number): string {
  const scale = m.crypto ? 8 : 2;
  return (Math.max(units, 1) / 10 ** scale).toFixed(scale);
}

function amountOf(m: Market, a: number): number | string {
  return m.crypto ? (a / 1000).toFixed(4) : a;
}

function styleOf(m: Market, a: Action, ref: number): OrderStyleInput {
  const unit = m.crypto ? 1_000_003 : 1;
  const p = price(m, ref + a.offset * unit);
  const q = price(m, ref + (a.offset + 50) * unit);
  switch (a.kind) {
    case 1:
      return { type: 'limit', limitPrice: p };
    case 2:
      return { type: 'stop', stopPrice: p };
    case 3:
      return { type: 'stopLimit', stopPrice: p, limitPrice: q };
    case 4:
      return { type: 'trailingStop', trailAmount: price(m, (Math.abs(a.offset) + 20) * unit) };
    case 5:
      return { type: 'trailingStop', trailPercent: (1 + (a.other % 9) / 4).toString() };
    default:
      return { type: 'market' };
  }
}

/** What the generated runs exercised, so a vacuous pass cannot hide. */
const seen = new Map<string, number>();
function tally(what: string): void {
  seen.set(what, (seen.get(what) ?? 0) + 1);
}

function run(s: Scenario, EngineCoreClass: NonNullable<typeof EngineCore>): void {
  const m = market(s.crypto, s.rounding);
  const ts = new SimulatedAccount(brokerOptions(m, s.setup));
  const rust = new RustAccount(brokerOptions(m, s.setup), EngineCoreClass);
  const { bars, stamps } = buildBars(m, s);
  if (!s.perStep) rust.setBars(bars);
  for (const split of s.splits) {
    const event = {
      asset: m.list[split.asset],
      date: FIRST_SESSION + split.session * DAY,
      numerator: split.ratio[0],
      denominator: split.ratio[1],
    };
    ts.declareSplit(event);
    rust.declareSplit(event);
  }
  for (const d of s.dividends) {
    const event = {
      asset: m.list[d.asset],
      exDate: FIRST_SESSION + d.session * DAY,
      payDate: FIRST_SESSION + (d.session + d.pay) * DAY,
      amount: d.amount,
    };
    ts.declareDividend(event);
    rust.declareDividend(event);
  }
  let t = 0;
  for (let si = 0; si < s.sessions.length; si++) {
    const sessionDay = FIRST_SESSION + si * DAY;
    if (s.explicitStarts) {
      const a = attempt(() => ts.startSession(sessionDay));
      const b = attempt(() => rust.startSession(sessionDay));
      assert.deepStrictEqual(b, a, `startSession ${si}`);
      if ('error' in a) return;
    }
    const session = s.sessions[si];
    for (let b = 0; b < session.bars.length; b++, t++) {
      const where = `at bar ${t}`;
      const stamp = stamps[si][b];
      const tsFills = attempt(() => ts.processBar(barView(bars, t, stamp)));
      const rustFills = attempt(() =>
        s.perStep ? rust.stepBar(t, barView(bars, t, stamp)) : rust.step(t, stamp),
      );
      if ('error' in tsFills || 'error' in rustFills) {
        tally('bar refused');
        assert.deepStrictEqual(rustFills, tsFills, `step ${where}`);
        return;
      }
      assertSameFills(tsFills.value, rustFills.value, where);
      assertSameAfterFill(ts, rust, where);
      assertSameState(ts, rust, where);
      for (const f of tsFills.value) {
        const o = ts.blotter.get(f.orderId);
        tally(
          `fill ${o?.type}${o?.parentId === undefined ? '' : ' leg'}${f.maker ? ' maker' : ''}`,
        );
        if (o?.status === 'partiallyFilled') tally('partial fill');
      }
      for (const a of session.bars[b].actions) {
        const asset = m.list[a.asset];
        const ref = ts.ledger.lastPrice[asset.sid];
        const refUnits =
          ref === ref
            ? s.setup.mode === 'float'
              ? Math.round(ref * 10 ** asset.priceScale)
              : ref
            : 10000;
        const tif: TimeInForce = a.day ? 'day' : 'gtc';
        const amount = amountOf(m, a.amount);
        if (a.kind <= 5) {
          const outcome = bothOrder(
            ts,
            rust,
            asset,
            amount,
            { style: styleOf(m, a, refUnits), timeInForce: tif },
            where,
          );
          if ('error' in outcome && outcome.error.startsWith('TradingControlError'))
            tally('control refused');
        } else if (a.kind === 6) {
          const other = m.list[(a.asset + 1) % 3];
          const first = {
            asset,
            amount,
            options: { style: styleOf(m, { ...a, kind: 1 }, refUnits) },
          };
          const second = {
            asset: other,
            amount: amountOf(m, -a.amount),
            options: { style: styleOf(m, { ...a, kind: 2 }, refUnits) },
          };
          const x = attempt(() => ts.orderOco(first, second).map((o) => o.id));
          const y = attempt(() => rust.orderOco(first, second));
          assert.deepStrictEqual(y, x, `oco ${where}`);
        } else if (a.kind === 7 || a.kind === 8) {
          const up = (a.amount > 0 ? 1 : -1) * (a.other * 10 + 20);
          const unit = m.crypto ? 1_000_003 : 1;
          const exits = {
            takeProfit: price(m, refUnits + up * unit),
            stopLoss: price(m, refUnits - up * unit),
          };
          const options = a.kind === 8 ? { style: styleOf(m, { ...a, kind: 1 }, refUnits) } : {};
          const x = attempt(() => ts.orderBracket(asset, amount, exits, options).id);
          const y = attempt(() => rust.orderBracket(asset, amount, exits, options));
          assert.deepStrictEqual(y, x, `bracket ${where}`);
        } else if (a.kind >= 11) {
          const value = m.crypto ? a.amount * 10 : a.amount * 100;
          const fraction = (a.amount / 1000).toString();
          const calls: [() => unknown, () => unknown][] = [
            [() => ts.orderValue(asset, value)?.id, () => rust.orderValue(asset, value)],
            [() => ts.orderPercent(asset, fraction)?.id, () => rust.orderPercent(asset, fraction)],
            [() => ts.orderTarget(asset, amount)?.id, () => rust.orderTarget(asset, amount)],
            [
              () => ts.orderTargetValue(asset, Math.abs(value))?.id,
              () => rust.orderTargetValue(asset, Math.abs(value)),
            ],
            [
              () => ts.orderTargetPercent(asset, fraction)?.id,
              () => rust.orderTargetPercent(asset, fraction),
            ],
          ];
          const [tsCall, rustCall] = calls[a.kind - 11];
          const x = attempt(tsCall);
          const y = attempt(rustCall);
          assert.deepStrictEqual(y, x, `value/target order ${a.kind} ${where}`);
          if ('value' in x && x.value !== undefined) tally(`placed by ${a.kind}`);
        } else {
          const id = a.other;
          assert.equal(rust.cancel(id), ts.cancel(id), `cancel ${id} ${where}`);
        }
      }
      if (ts.controls.violations.length > 0) tally('control logged');
      if (s.checkBetween) assertSameState(ts, rust, `after the orders ${where}`);
    }
    const a = attempt(() => ts.endSession());
    const b = attempt(() => rust.endSession());
    assert.deepStrictEqual(b, a, `endSession ${si}`);
    if ('error' in a) return;
    if (a.value.expiredOrders > 0) tally('DAY expiry');
    if (ts.ledger.dividends !== 0) tally('dividend paid');
    assertSameState(ts, rust, `after session ${si}`);
  }
}

describe(
  'RustAccount: the Rust engine core against the TypeScript SimulatedAccount',
  { skip },
  () => {
    it('fills, orders, ledger and session records agree exactly on random markets and order streams', () => {
      fc.assert(
        fc.property(scenario, (s) => run(s, EngineCore as NonNullable<typeof EngineCore>)),
        { numRuns: Number(process.env.RUSTYBT_PARITY_RUNS ?? 300) },
      );
    });

    it('exercised every order type, partial fills, OCO, brackets, expiry, splits and dividends', () => {
      for (const what of [
        'fill market',
        'fill limit',
        'fill limit maker',
        'fill stop',
        'fill stopLimit',
        'fill trailingStop',
        'fill limit leg',
        'fill stop leg',
        'partial fill',
        'DAY expiry',
        'dividend paid',
        'bar refused',
        'placed by 11',
        'placed by 12',
        'placed by 13',
        'placed by 14',
        'placed by 15',
      ]) {
        assert.ok(
          (seen.get(what) ?? 0) > 0,
          `no run exercised ${what}: ${JSON.stringify([...seen])}`,
        );
      }
    });

    for (const mode of ['decimal', 'float'] as const) {
      for (const crypto of [false, true]) {
        it(`agrees with every slippage and commission model (${mode}, ${crypto ? 'crypto 8+8' : 'equity 2+0'})`, () => {
          fc.assert(
            fc.property(
              scenario,
              fc.integer({ min: 0, max: 4 }),
              fc.integer({ min: 0, max: 6 }),
              (s, slip, com) =>
                run(
                  { ...s, crypto, setup: { ...s.setup, mode, slippage: slip, commission: com } },
                  EngineCore as NonNullable<typeof EngineCore>,
                ),
            ),
            { numRuns: Number(process.env.RUSTYBT_PARITY_RUNS ?? 60) },
          );
        });
      }
    }
  },
);

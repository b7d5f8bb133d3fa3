import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SimulatedAccount } from '../../../src/engine/simulated-account.js';
import { RustAccount } from '../../../src/engine/core/rust-account.js';
import type { TimeInForce } from '../../../src/engine/orders/index.js';
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
} from './parity-harness.js';
import {
  amountOf,
  buildBars,
  checkedAtLoad,
  price,
  scenario,
  styleOf,
  type Scenario,
} from './scenario.js';

const { EngineCore, skip } = engineCoreOrSkip();

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
  const checked = checkedAtLoad(s);
  tally(checked ? 'bars checked at load' : 'bars checked per step');
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
      const tsFills = attempt(() => ts.processBar(barView(bars, t, stamp), checked));
      const rustFills = attempt(() => rust.stepBar(t, barView(bars, t, stamp), checked));
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

    it('exercised every order type, partial fills, OCO, brackets, expiry, splits, dividends and both bar checks', () => {
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
        'bars checked at load',
        'bars checked per step',
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

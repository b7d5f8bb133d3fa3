import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Broker } from '../../../src/engine/broker/broker.js';
import { SimulatedBroker } from '../../../src/engine/broker/simulated-broker.js';
import { RustAccountCore } from '../../../src/engine/core/rust-account-core.js';
import type { Order, TimeInForce } from '../../../src/engine/orders/index.js';
import { SimulatedAccount } from '../../../src/engine/simulated-account.js';
import {
  attempt,
  barView,
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

/** An order as a strategy reads it, every field (the views read the core lazily). */
function plainOrder(o: Order) {
  return {
    id: o.id,
    sid: o.asset.sid,
    quantity: o.quantity,
    filled: o.filled,
    status: o.status,
    type: o.type,
    limitPrice: o.limitPrice,
    stopPrice: o.stopPrice,
    timeInForce: o.timeInForce,
    placedAt: o.placedAt,
    commission: o.commission,
    reason: o.reason,
    ocoWith: [...o.ocoWith],
    parentId: o.parentId,
    exact: { ...o.exact },
  };
}

/** What a strategy and the results recorder can read of a broker. */
function readable(b: Broker) {
  const p = b.portfolio();
  return {
    orders: b.allOrders().map(plainOrder),
    open: b.openOrders().map((o) => o.id),
    snapshot: b.snapshot(),
    portfolio: {
      cash: p.cash,
      positionsValue: p.positionsValue,
      portfolioValue: p.portfolioValue,
      pnl: p.pnl,
      returns: p.returns,
      exact: p.exact,
    },
    account: b.account(),
    positions: b.positions().map((x) => ({
      sid: x.asset.sid,
      amount: x.amount,
      costBasis: x.costBasis,
      lastSalePrice: x.lastSalePrice,
      marketValue: x.marketValue,
      exact: x.exact,
    })),
  };
}

/** Fills and orders the runs went through, so a vacuous pass cannot hide. */
const seen = { fills: 0, orders: 0, positions: 0 };

function run(s: Scenario): void {
  const m = market(s.crypto, s.rounding);
  const tsCore = new SimulatedAccount(brokerOptions(m, s.setup));
  const rustCore = new RustAccountCore(brokerOptions(m, s.setup), EngineCore);
  const ts = new SimulatedBroker(tsCore);
  const rust = new SimulatedBroker(rustCore);
  const { bars, stamps } = buildBars(m, s);
  const checked = checkedAtLoad(s);
  for (const split of s.splits) {
    const event = {
      asset: m.list[split.asset],
      date: FIRST_SESSION + split.session * DAY,
      numerator: split.ratio[0],
      denominator: split.ratio[1],
    };
    tsCore.declareSplit(event);
    rustCore.declareSplit(event);
  }
  for (const d of s.dividends) {
    const event = {
      asset: m.list[d.asset],
      exDate: FIRST_SESSION + d.session * DAY,
      payDate: FIRST_SESSION + (d.session + d.pay) * DAY,
      amount: d.amount,
    };
    tsCore.declareDividend(event);
    rustCore.declareDividend(event);
  }
  let t = 0;
  for (let si = 0; si < s.sessions.length; si++) {
    const same = (a: unknown, b: unknown, what: string) => assert.deepStrictEqual(b, a, what);
    const sa = attempt(() => ts.startSession(FIRST_SESSION + si * DAY));
    same(
      sa,
      attempt(() => rust.startSession(FIRST_SESSION + si * DAY)),
      `startSession ${si}`,
    );
    if ('error' in sa) return;
    const session = s.sessions[si];
    for (let b = 0; b < session.bars.length; b++, t++) {
      const where = `at bar ${t}`;
      const bar = barView(bars, t, stamps[si][b]);
      const x = attempt(() =>
        ts.processBar(bar, checked).map((f) => ({ ...f, asset: f.asset.sid })),
      );
      const y = attempt(() =>
        rust.processBar(bar, checked).map((f) => ({ ...f, asset: f.asset.sid })),
      );
      same(x, y, `fill events ${where}`);
      if ('error' in x) return;
      seen.fills += x.value.length;
      if (s.checkBetween || b === session.bars.length - 1)
        same(readable(ts), readable(rust), where);
      for (const a of session.bars[b].actions) {
        const asset = m.list[a.asset];
        const last = tsCore.ledger.lastPrice[asset.sid];
        const ref =
          last === last
            ? s.setup.mode === 'float'
              ? Math.round(last * 10 ** asset.priceScale)
              : last
            : 10000;
        const tif: TimeInForce = a.day ? 'day' : 'gtc';
        const amount = amountOf(m, a.amount);
        const unit = m.crypto ? 1_000_003 : 1;
        const calls: ((k: Broker) => unknown)[] = [
          (k) => k.order(asset, amount, { style: styleOf(m, a, ref), timeInForce: tif }).id,
          (k) =>
            k
              .orderOco(
                { asset, amount, options: { style: styleOf(m, { ...a, kind: 1 }, ref) } },
                {
                  asset: m.list[(a.asset + 1) % 3],
                  amount: amountOf(m, -a.amount),
                  options: { style: styleOf(m, { ...a, kind: 2 }, ref) },
                },
              )
              .map((o) => o.id),
          (k) => {
            const up = (a.amount > 0 ? 1 : -1) * (a.other * 10 + 20) * unit;
            return k.orderBracket(asset, amount, {
              takeProfit: price(m, ref + up),
              stopLoss: price(m, ref - up),
            }).id;
          },
          (k) => k.orderTargetPercent(asset, (a.amount / 1000).toString())?.id,
          (k) => k.orderValue(asset, m.crypto ? a.amount * 10 : a.amount * 100)?.id,
          (k) => k.cancel(a.other),
          (k) => k.getOrder(a.other) && plainOrder(k.getOrder(a.other) as Order),
        ];
        const call = calls[a.kind % calls.length];
        same(
          attempt(() => call(ts)),
          attempt(() => call(rust)),
          `action ${a.kind} ${where}`,
        );
      }
    }
    const ea = attempt(() => ts.endSession());
    same(
      ea,
      attempt(() => rust.endSession()),
      `endSession ${si}`,
    );
    if ('error' in ea) return;
    const state = readable(ts);
    same(state, readable(rust), `after session ${si}`);
    seen.orders += state.orders.length;
    seen.positions += state.positions.length;
  }
}

describe(
  'SimulatedBroker over the Rust core (RustAccountCore) and over SimulatedAccount',
  { skip },
  () => {
    it('strategies and results read the same orders, fills, portfolio and positions', () => {
      fc.assert(
        fc.property(scenario, (s) => run(s)),
        { numRuns: Number(process.env.RUSTYBT_PARITY_RUNS ?? 200) },
      );
    });

    it('went through fills, orders and positions', () => {
      assert.ok(seen.fills > 100 && seen.orders > 100 && seen.positions > 50, JSON.stringify(seen));
    });

    it('is an AccountCore whose backend is rust', () => {
      const m = market(false);
      const core = new RustAccountCore(
        brokerOptions(m, {
          mode: 'decimal',
          slippage: 0,
          commission: 1,
          fillReference: 'open',
          cash: '1000',
        }),
        EngineCore,
      );
      assert.equal(core.backend, 'rust');
      assert.equal(new SimulatedBroker(core).snapshot().exact.cash, '1000.00');
    });
  },
);

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssetFinder } from '../../../src/assets/index.js';
import type { OrderOptions } from '../../../src/engine/broker/broker.js';
import {
  SimulatedAccount,
  type SimulatedAccountOptions,
} from '../../../src/engine/simulated-account.js';
import { PerTradeCommission } from '../../../src/engine/commission/index.js';
import { RustAccount } from '../../../src/engine/core/rust-account.js';
import { NoSlippage } from '../../../src/engine/slippage/index.js';
import { NativeBackendError } from '../../../src/errors/index.js';
import { decimalConfig, type NumericMode } from '../../../src/numeric/index.js';
import {
  attempt,
  barView,
  type BarMajorBars,
  DAY,
  engineCoreOrSkip,
  FIRST_SESSION,
  market,
  type Market,
  type Outcome,
} from './parity-harness.js';

const { EngineCore, skip } = engineCoreOrSkip();

/** The calls a refusal case makes, implemented by both accounts. */
interface Side {
  order(asset: string, amount: number | string, options?: OrderOptions): number;
  oco(a: string, b: string): number[];
  bracket(asset: string, amount: number, takeProfit: string, stopLoss: string): number;
  step(t: number): void;
  start(day: number): void;
  dividend(asset: string, amount: string | number, day: number): void;
  split(asset: string, numerator: number, denominator: number, day: number): void;
}

const STAMP = (t: number) => FIRST_SESSION + 14.5 * 3_600_000 + t * 60_000;

/** Two bars of three assets; `bad` makes asset B's second bar impossible (high below open). */
function bars(m: Market, bad = false): BarMajorBars {
  const p = m.crypto ? 1_000_000 : 1;
  const row = [10000, 5000, 2500].map((x) => x * p);
  const open = new Float64Array([...row, ...row]);
  const high = open.map((x) => x + 50 * p);
  if (bad) high[4] = open[4] - 1;
  const low = open.map((x) => x - 50 * p);
  const volume = new Float64Array(6).fill(m.crypto ? 1e12 : 1e6);
  return { open, high, low, close: open.slice(), volume, assetCount: 3 };
}

function options(m: Market, mode: NumericMode): SimulatedAccountOptions {
  return {
    assets: m.assets,
    numericMode: mode,
    startingCash: '100000',
    currency: m.currency,
    slippage: new NoSlippage(),
    commission: new PerTradeCommission('1'),
  };
}

function tsSide(b: SimulatedAccount, data: BarMajorBars): Side {
  return {
    order: (asset, amount, o) => b.order(asset, amount, o).id,
    oco: (x, y) => b.orderOco({ asset: x, amount: 1 }, { asset: y, amount: -1 }).map((o) => o.id),
    bracket: (asset, amount, takeProfit, stopLoss) =>
      b.orderBracket(asset, amount, { takeProfit, stopLoss }).id,
    step: (t) => void b.processBar(barView(data, t, STAMP(t))),
    start: (day) => b.startSession(day),
    dividend: (asset, amount, day) =>
      b.declareDividend({ asset: b.asset(asset), amount, exDate: day, payDate: day }),
    split: (asset, numerator, denominator, date) =>
      b.declareSplit({ asset: b.asset(asset), numerator, denominator, date }),
  };
}

function rustSide(r: RustAccount, data: BarMajorBars): Side {
  return {
    order: (asset, amount, o) => r.order(asset, amount, o),
    oco: (x, y) => r.orderOco({ asset: x, amount: 1 }, { asset: y, amount: -1 }),
    bracket: (asset, amount, takeProfit, stopLoss) =>
      r.orderBracket(asset, amount, { takeProfit, stopLoss }),
    step: (t) => void r.stepBar(t, barView(data, t, STAMP(t))),
    start: (day) => r.startSession(day),
    dividend: (asset, amount, day) =>
      r.declareDividend({ asset: r.asset(asset), amount, exDate: day, payDate: day }),
    split: (asset, numerator, denominator, date) =>
      r.declareSplit({ asset: r.asset(asset), numerator, denominator, date }),
  };
}

interface Case {
  name: string;
  /** The error class expected on both sides. */
  error: string;
  crypto?: boolean;
  badBar?: boolean;
  modes?: NumericMode[];
  act: (side: Side, m: Market) => unknown;
}

const S = (m: Market, name: string) => (m.crypto ? `${name}/USDT` : `${name}QQ`);

const CASES: Case[] = [
  {
    name: 'a limit price that is not a number',
    error: 'OrderError',
    act: (s, m) => s.order(S(m, 'A'), 1, { style: { type: 'limit', limitPrice: 'abc' } }),
  },
  {
    name: 'a negative limit price',
    error: 'OrderError',
    act: (s, m) => s.order(S(m, 'A'), 1, { style: { type: 'limit', limitPrice: '-1' } }),
  },
  {
    name: 'an infinite stop price',
    error: 'OrderError',
    act: (s, m) => s.order(S(m, 'A'), 1, { style: { type: 'stop', stopPrice: Infinity } }),
  },
  {
    name: 'a limit price below one tick',
    error: 'OrderError',
    act: (s, m) =>
      s.order(S(m, 'A'), 1, {
        style: { type: 'limit', limitPrice: m.crypto ? '0.000000001' : '0.001' },
      }),
  },
  {
    name: 'a trailing percent of 150',
    error: 'OrderError',
    act: (s, m) => s.order(S(m, 'A'), -1, { style: { type: 'trailingStop', trailPercent: 150 } }),
  },
  {
    name: 'a trailing percent that is not a number',
    error: 'OrderError',
    act: (s, m) => s.order(S(m, 'A'), -1, { style: { type: 'trailingStop', trailPercent: 'x' } }),
  },
  {
    name: 'an unknown time in force',
    error: 'OrderError',
    act: (s, m) => s.order(S(m, 'A'), 1, { timeInForce: 'ioc' as never }),
  },
  {
    name: 'an unknown order type',
    error: 'OrderError',
    act: (s, m) => s.order(S(m, 'A'), 1, { style: { type: 'iceberg' } as never }),
  },
  { name: 'a zero amount', error: 'OrderError', act: (s, m) => s.order(S(m, 'A'), 0) },
  { name: 'a NaN amount', error: 'OrderError', act: (s, m) => s.order(S(m, 'A'), Number.NaN) },
  { name: 'an unknown symbol', error: 'OrderError', act: (s) => s.order('NOPE', 1) },
  {
    name: 'a bracket whose take-profit is below its stop-loss',
    error: 'OrderError',
    act: (s, m) => s.bracket(S(m, 'A'), 1, '90', '110'),
  },
  {
    name: 'an OCO leg on an asset that stopped trading',
    error: 'OrderError',
    act: (s, m) => {
      s.start(FIRST_SESSION + 3 * DAY);
      return s.oco(S(m, 'A'), S(m, 'C'));
    },
  },
  {
    name: 'a bar whose high is below its open',
    error: 'DataError',
    badBar: true,
    act: (s) => {
      s.step(0);
      s.step(1);
    },
  },
  {
    name: 'a split ratio that is not two integers',
    error: 'DataError',
    act: (s, m) => {
      s.split(S(m, 'A'), 1.5, 1, FIRST_SESSION + DAY);
      s.start(FIRST_SESSION + DAY);
    },
  },
  {
    name: 'a negative dividend',
    error: 'ConfigError',
    act: (s, m) => s.dividend(S(m, 'A'), '-1', FIRST_SESSION),
  },
  {
    name: 'a dividend with more than 15 decimals (refused on its ex-date)',
    error: 'ConfigError',
    modes: ['decimal'],
    act: (s, m) => {
      s.order(S(m, 'A'), 1);
      s.step(0);
      s.dividend(S(m, 'A'), '0.1234567890123456', FIRST_SESSION + DAY);
      s.start(FIRST_SESSION + DAY);
    },
  },
  {
    name: 'a fill whose notional passes 2^53 units',
    error: 'NumericOverflowError',
    modes: ['decimal'],
    act: (s, m) => {
      s.step(0);
      s.order(S(m, 'A'), 9e15);
      s.step(1);
    },
  },
];

/** A finder with a USD equity and a USDT crypto pair, for the currency refusal. */
function mixed(): Market {
  const assets = new AssetFinder(
    decimalConfig({ assetClasses: { equity: { price: 2, quantity: 0 } } }),
  );
  const common = { startDate: '2023-01-02', endDate: '2030-12-31' };
  const list = [
    assets.add({
      assetClass: 'equity',
      symbol: 'AQQ',
      exchange: 'NYSE',
      quoteCurrency: 'USD',
      ...common,
    }),
    assets.add({
      assetClass: 'crypto',
      symbol: 'B/USDT',
      exchange: 'binance',
      quoteCurrency: 'USDT',
      ...common,
    }),
    assets.add({
      assetClass: 'equity',
      symbol: 'CQQ',
      exchange: 'NYSE',
      quoteCurrency: 'USD',
      ...common,
    }),
  ];
  return { assets, list, currency: 'USD', crypto: false };
}

function both(m: Market, mode: NumericMode, c: Case): [Outcome<unknown>, Outcome<unknown>] {
  const data = bars(m, c.badBar);
  const ts = tsSide(new SimulatedAccount(options(m, mode)), data);
  const rust = rustSide(new RustAccount(options(m, mode), EngineCore), data);
  return [attempt(() => c.act(ts, m)), attempt(() => c.act(rust, m))];
}

describe(
  'RustAccount refuses what SimulatedAccount refuses, with the same typed error and message',
  { skip },
  () => {
    for (const c of CASES) {
      for (const crypto of [false, true]) {
        for (const mode of c.modes ?? (['decimal', 'float'] as const)) {
          it(`${c.name} (${mode}, ${crypto ? 'crypto' : 'equity'})`, () => {
            const [ts, rust] = both(market(crypto), mode, c);
            assert.ok(
              'error' in ts,
              `the TypeScript SimulatedAccount accepted it: ${JSON.stringify(ts)}`,
            );
            assert.match(ts.error, new RegExp(`^${c.error} `));
            assert.deepStrictEqual(rust, ts);
          });
        }
      }
    }

    it('an asset quoted in another currency than the account', () => {
      const c: Case = { name: 'currency', error: 'OrderError', act: (s) => s.order('B/USDT', 1) };
      const [ts, rust] = both(mixed(), 'decimal', c);
      assert.ok('error' in ts && ts.error.includes('quoted in USDT but the account is in USD'));
      assert.deepStrictEqual(rust, ts);
    });

    it('an order after the asset stopped trading is recorded as rejected on both', () => {
      const m = market(false);
      const broker = new SimulatedAccount(options(m, 'decimal'));
      const account = new RustAccount(options(m, 'decimal'), EngineCore);
      broker.startSession(FIRST_SESSION + 2 * DAY);
      account.startSession(FIRST_SESSION + 2 * DAY);
      const order = broker.order('CQQ', 5);
      assert.equal(account.order('CQQ', 5), order.id);
      const [state] = account.orders();
      assert.equal(state.status, 'rejected');
      assert.equal(state.reason, order.reason);
      assert.match(state.reason, /CQQ has stopped trading on 2024-01-04/);
    });

    it('refuses a custom slippage model with a ConfigError that names the TypeScript core', () => {
      const m = market(false);
      const custom = {
        name: 'Mine',
        volumeLimit: undefined,
        price: (i: { price: number }) => i.price,
      };
      assert.throws(
        () => new RustAccount({ ...options(m, 'decimal'), slippage: custom }, EngineCore),
        (e: Error & { code?: string }) =>
          e.code === 'ERR_CONFIG' &&
          /"Mine" is not one of the built-in models.*RUSTYBT_BACKEND=ts/.test(e.message),
      );
    });

    it('a panic inside the core surfaces as a NativeBackendError naming the bar and asset, and the process goes on', () => {
      const m = market(false);
      const account = new RustAccount(options(m, 'decimal'), EngineCore);
      const data = bars(m);
      account.injectPanicAtBar(1);
      account.stepBar(0, barView(data, 0, STAMP(0)));
      assert.throws(
        () => account.stepBar(1, barView(data, 1, STAMP(1))),
        (e: Error) =>
          e instanceof NativeBackendError &&
          /in stepBar at bar 1, asset AQQ \(sid 0\): injected fault/.test(e.message),
      );
      assert.throws(
        () => account.stepBar(1, barView(data, 1, STAMP(1))),
        (e: Error) =>
          e instanceof NativeBackendError && /stopped after an internal error/.test(e.message),
      );
    });
  },
);

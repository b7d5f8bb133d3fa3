// Runs the same market and order stream through the TypeScript SimulatedAccount and the
// Rust engine core (RustAccount) and reports every observable difference.
import assert from 'node:assert/strict';
import { AssetFinder, type Asset } from '../../../src/assets/index.js';
import type { OrderOptions } from '../../../src/engine/broker/broker.js';
import type {
  SimulatedAccount,
  SimulatedAccountOptions,
} from '../../../src/engine/simulated-account.js';
import type { CommissionModel } from '../../../src/engine/commission/index.js';
import type { TradingControlsOptions } from '../../../src/engine/controls/trading-controls.js';
import {
  MakerTakerCommission,
  PercentageCommission,
  PerDollarCommission,
  PerShareCommission,
  PerTradeCommission,
  TieredCommission,
} from '../../../src/engine/commission/index.js';
import type { NativeEngineCoreClass } from '../../../src/engine/core/native-core.js';
import { nativeEngineCore } from '../../../src/engine/core/native-core.js';
import type { RustAccount } from '../../../src/engine/core/rust-account.js';
import type { Fill, OrderRecord } from '../../../src/engine/orders/index.js';
import type { SlippageModel } from '../../../src/engine/slippage/index.js';
import {
  FixedBasisPointsSlippage,
  FixedSpreadSlippage,
  NoSlippage,
  VolumeShareSlippage,
} from '../../../src/engine/slippage/index.js';
import { decimalConfig, type NumericMode, type RoundingMode } from '../../../src/numeric/index.js';

/**
 * The native EngineCore class, or why it is unavailable. Under
 * `RUSTYBT_REQUIRE_NATIVE=1` (CI) a missing or stale addon fails the run.
 */
export function engineCoreOrSkip(): { EngineCore?: NativeEngineCoreClass; skip: string | false } {
  try {
    return { EngineCore: nativeEngineCore(), skip: false };
  } catch (error) {
    if (process.env.RUSTYBT_REQUIRE_NATIVE === '1') throw error;
    return {
      skip: `Rust engine core unavailable: ${(error as Error).message}`,
    };
  }
}

export const DAY = 86_400_000;
/** Session 0: 2024-01-02 (UTC 00:00). */
export const FIRST_SESSION = Date.parse('2024-01-02T00:00:00Z');

/** One market: three assets of one class, the third stops trading after session 1. */
export interface Market {
  assets: AssetFinder;
  list: Asset[];
  currency: string;
  crypto: boolean;
}

export function market(crypto: boolean, rounding: RoundingMode = 'HALF_EVEN'): Market {
  const assets = new AssetFinder(
    decimalConfig({ rounding, assetClasses: { equity: { price: 2, quantity: 0 } } }),
  );
  const start = '2023-01-02';
  const end = new Date(FIRST_SESSION + DAY).toISOString().slice(0, 10);
  const list = ['A', 'B', 'C'].map((name, i) =>
    assets.add(
      crypto
        ? {
            assetClass: 'crypto',
            symbol: `${name}/USDT`,
            exchange: 'binance',
            quoteCurrency: 'USDT',
            lotSize: '0.0001',
            startDate: start,
            endDate: i === 2 ? end : '2030-12-31',
          }
        : {
            assetClass: 'equity',
            symbol: `${name}QQ`,
            exchange: 'NYSE',
            quoteCurrency: 'USD',
            startDate: start,
            endDate: i === 2 ? end : '2030-12-31',
          },
    ),
  );
  return { assets, list, currency: crypto ? 'USDT' : 'USD', crypto };
}

/** The slippage models under test, by index (fresh instances per call). */
export function slippageModel(k: number): SlippageModel | undefined {
  switch (k) {
    case 0:
      return new NoSlippage();
    case 1:
      return undefined; // the asset class default: FixedBasisPoints 5 bps, 10% volume
    case 2:
      return new FixedBasisPointsSlippage({ basisPoints: '7.5', volumeLimit: null });
    case 3:
      return new VolumeShareSlippage({ volumeLimit: '0.25', priceImpact: '0.1' });
    default:
      return new FixedSpreadSlippage('0.03');
  }
}

/** The commission models under test, by index (fresh instances per call). */
export function commissionModel(k: number): CommissionModel | undefined {
  switch (k) {
    case 0:
      return new PerShareCommission('0.005', '1');
    case 1:
      return new PerTradeCommission('2.5');
    case 2:
      return new PerDollarCommission('0.0015');
    case 3:
      return new PercentageCommission('0.1');
    case 4:
      return new MakerTakerCommission('0.0002', '0.0007');
    case 5:
      return new TieredCommission(
        [
          { minVolume: 0, rate: '0.001' },
          { minVolume: 2000, rate: '0.0005' },
        ],
        1,
      );
    default:
      return undefined; // the asset class default
  }
}

export interface AccountSetup {
  mode: NumericMode;
  slippage: number;
  commission: number;
  fillReference: 'open' | 'close';
  cash: string;
  /** Index into CONTROLS, or -1 for none. */
  controls?: number;
}

/** Trading controls under test (both modes of violation). */
export const CONTROLS: TradingControlsOptions[] = [
  { maxOrderSize: { quantity: 30 } },
  { longOnly: true, onViolation: 'log' },
  { maxOrdersPerDay: 4 },
  { maxLeverage: 1.2 },
  { maxPositionSize: { value: 3000 }, onViolation: 'log' },
  { maxOrderSize: { value: 1500 }, doNotOrder: ['BQQ', 'B/USDT'] },
];

export function brokerOptions(m: Market, s: AccountSetup): SimulatedAccountOptions {
  return {
    controls: s.controls === undefined || s.controls < 0 ? undefined : { ...CONTROLS[s.controls] },
    assets: m.assets,
    numericMode: s.mode,
    startingCash: s.cash,
    currency: m.currency,
    fillReference: s.fillReference,
    slippage: slippageModel(s.slippage),
    commission: commissionModel(s.commission),
  };
}

/** What an attempt gave: a value, or the error's class, code and message. */
export type Outcome<T> = { value: T } | { error: string };

export function attempt<T>(f: () => T): Outcome<T> {
  try {
    return { value: f() };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { error: `${e.constructor.name} ${e.code ?? ''}: ${e.message}` };
  }
}

/** Every bar of a test market, bar-major (`t × assetCount + sid`), integer units, NaN open = no bar. */
export interface BarMajorBars {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  assetCount: number;
}

/** The bar of `t` as a BarInput: views into the bar-major columns (no copy). */
export function barView(bars: BarMajorBars, t: number, timestamp: number) {
  const n = bars.assetCount;
  const at = t * n;
  return {
    timestamp,
    open: bars.open.subarray(at, at + n),
    high: bars.high.subarray(at, at + n),
    low: bars.low.subarray(at, at + n),
    close: bars.close.subarray(at, at + n),
    volume: bars.volume.subarray(at, at + n),
  };
}

function fillRecord(f: Fill) {
  return [f.orderId, f.asset.sid, f.quantity, f.price, f.commission, f.timestamp, f.maker];
}

function orderRecord(o: OrderRecord) {
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
  };
}

/** The per-fill position and realized P&L after booking must agree too. */
export function assertSameAfterFill(ts: SimulatedAccount, rust: RustAccount, where: string): void {
  assert.deepStrictEqual(
    [rust.positionAfterFill, rust.realizedAfterFill],
    [ts.positionAfterFill, ts.realizedAfterFill],
    `position/realized after fill differ ${where}`,
  );
}

/** Both accounts' state must agree exactly (same bits, NaN equal to NaN). */
export function assertSameState(ts: SimulatedAccount, rust: RustAccount, where: string): void {
  const n = ts.assets.count;
  const l = ts.ledger;
  const r = rust.ledger();
  const tsLedger = {
    cash: l.cash,
    realized: l.realized,
    commissions: l.commissions,
    dividends: l.dividends,
    dividendsReceivable: l.dividendsReceivable,
    positionsValue: l.positionsValue(),
    netLiquidation: l.netLiquidation(),
    quantity: [...l.quantity.subarray(0, n)],
    costBasis: [...l.costBasis.subarray(0, n)],
    lastPrice: [...l.lastPrice.subarray(0, n)],
    marketValue: [...l.marketValue.subarray(0, n)],
    realizedBySid: [...l.realizedBySid.subarray(0, n)],
    openQuantity: Array.from({ length: n }, (_, sid) => ts.blotter.openQuantity(sid)),
  };
  const rustLedger = {
    cash: r.cash,
    realized: r.realized,
    commissions: r.commissions,
    dividends: r.dividends,
    dividendsReceivable: r.dividendsReceivable,
    positionsValue: r.positionsValue,
    netLiquidation: r.netLiquidation,
    quantity: [...r.quantity],
    costBasis: [...r.costBasis],
    lastPrice: [...r.lastPrice],
    marketValue: [...r.marketValue],
    realizedBySid: [...r.realizedBySid],
    openQuantity: [...r.openQuantity],
  };
  assert.deepStrictEqual(rustLedger, tsLedger, `ledger differs ${where}`);
  assert.deepStrictEqual(
    rust.controls.violations,
    ts.controls.violations,
    `control violations differ ${where}`,
  );
  const tsOrders = ts.blotter.allOrders().map(orderRecord);
  const rustOrders = rust.orders().map((o) => ({ ...o, ocoWith: [...o.ocoWith] }));
  assert.deepStrictEqual(rustOrders, tsOrders, `orders differ ${where}`);
}

export function assertSameFills(ts: Fill[], rust: Fill[], where: string): void {
  assert.deepStrictEqual(rust.map(fillRecord), ts.map(fillRecord), `fills differ ${where}`);
}

/** Places the same order on both; the ids (or refusals) must agree. */
export function bothOrder(
  ts: SimulatedAccount,
  rust: RustAccount,
  asset: Asset,
  amount: number | string,
  options: OrderOptions,
  where: string,
): Outcome<number> {
  const a = attempt(() => ts.order(asset, amount, options).id);
  const b = attempt(() => rust.order(asset, amount, options));
  assert.deepStrictEqual(b, a, `order ${JSON.stringify({ amount, options })} ${where}`);
  return a;
}

import {
  ConfigError,
  DataError,
  NativeBackendError,
  NumericOverflowError,
  OrderError,
} from '../../errors/index.js';
import { loadBackend } from '../../native/loader.js';

/** A model constant in the numeric mode's representation (see `Rate`). */
export interface RateInput {
  value: number;
  scale: number;
}

/**
 * A built-in slippage or commission model as data. `kind` and `rates`:
 * `none` []; `fixedBasisPoints` [up, down(, volumeLimit)]; `volumeShare`
 * [volumeLimit, impact]; `fixedSpread` [spread]; `perShare` [cost, minimum];
 * `perTrade` [cost]; `perDollar` / `percentage` [rate]; `makerTaker` [maker,
 * taker]; `tiered` [min0, rate0, min1, rate1, …] with `windowDays`.
 */
export interface ModelInput {
  kind: string;
  rates: RateInput[];
  windowDays?: number;
}

/** One asset of the core, by sid order (sessions as UTC 00:00 epoch ms). */
export interface AssetInput {
  symbol: string;
  priceScale: number;
  quantityScale: number;
  lotUnits: number;
  startDate: number;
  endDate: number;
  autoCloseDate: number;
}

/** Rounding mode codes (`roundingCode`) of the DecimalConfig rounding points the core uses. */
export interface RoundingInput {
  price: number;
  notional: number;
  costBasis: number;
  commission: number;
  slippagePrice: number;
  dividend: number;
  splitRemainder: number;
}

/** Everything the native core is built from, in engine representation. */
export interface EngineCoreConfig {
  numericMode: 'decimal' | 'float';
  fillReference: 'open' | 'close';
  currencyScale: number;
  moneyScale: number;
  moneyFactor: number;
  startingCash: number;
  rounding: RoundingInput;
  assets: AssetInput[];
  slippageModels: ModelInput[];
  slippageBySid: number[];
  commissionModels: ModelInput[];
  commissionBySid: number[];
}

/** What a session left behind (engine representation). */
export interface NativeSessionRecord {
  session: number;
  pnl: number;
  netLiquidation: number;
  cash: number;
  fills: number;
  expiredOrders: number;
}

/**
 * Values per fill record written by `stepBar` / `readFills`: orderId, sid,
 * quantity, price, commission, maker (0/1), the position and the asset's
 * realized P&L just after the fill was booked.
 */
export const FILL_FIELDS = 8;
/**
 * Values per order record written by `readOrders`: id, sid, quantity, filled,
 * type, limitPrice, stopPrice, tif, placedAt, parentId (NaN none), status,
 * commission, first OCO id (NaN none), barsSeen.
 */
export const ORDER_FIELDS = 14;
/**
 * Values per queued order handed to `placeOrders` / `stepBar`: op (0 place, 1
 * place and link one-cancels-other with the order before, 2 bracket entry),
 * sid, quantity, type, limitPrice, stopPrice, trail, trail-percent value,
 * trail-percent scale, tif, takeProfit, stopLoss.
 */
export const QUEUED_ORDER_FIELDS = 12;
/** Values before the per-sid columns of `readLedger`. */
export const LEDGER_HEADER = 9;
/** Order type codes of `placeOrder`. */
export const ORDER_TYPE_CODES = {
  market: 0,
  limit: 1,
  stop: 2,
  stopLimit: 3,
  trailingStop: 4,
} as const;
/** Order status by code, as in `readOrders`. */
export const ORDER_STATUSES = [
  'open',
  'partiallyFilled',
  'filled',
  'cancelled',
  'rejected',
] as const;

/** The napi-rs class `EngineCore` of `rustybt-node` (see `rust/crates/rustybt-node/src/engine_core.rs`). */
export interface NativeEngineCore {
  placeOrders(queue: Float64Array, queued: number): void;
  stepBar(
    barIndex: number,
    timestamp: number,
    open: Float64Array,
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    volume: Float64Array,
    checked: boolean,
    fillsOut: Float64Array,
    queue: Float64Array,
    queued: number,
    orderCount: Int32Array,
    heldAndOpen: Float64Array,
  ): number;
  /** Hands over the whole bar-major columns `stepBound` reads rows from (kept by the core). */
  bindBars(
    open: Float64Array,
    high: Float64Array,
    low: Float64Array,
    close: Float64Array,
    volume: Float64Array,
  ): void;
  /** Hands over the buffers `stepBound` writes and reads (kept by the core; bind again after replacing one). */
  bindBuffers(
    fillsOut: Float64Array,
    queue: Float64Array,
    orderCount: Int32Array,
    heldAndOpen: Float64Array,
  ): void;
  /** `stepBar` over the bound columns (prices from `row`, volumes from `volumeRow`) and buffers. */
  stepBound(
    barIndex: number,
    timestamp: number,
    row: number,
    volumeRow: number,
    checked: boolean,
    queued: number,
  ): number;
  readFills(from: number, out: Float64Array): number;
  startSession(session: number): void;
  endSession(): NativeSessionRecord;
  placeOrder(
    sid: number,
    quantity: number,
    kind: number,
    limitPrice: number,
    stopPrice: number,
    trail: number,
    trailPercentValue: number,
    trailPercentScale: number,
    tif: number,
  ): number;
  placeBracket(
    sid: number,
    quantity: number,
    kind: number,
    limitPrice: number,
    stopPrice: number,
    trail: number,
    trailPercentValue: number,
    trailPercentScale: number,
    tif: number,
    takeProfit: number,
    stopLoss: number,
  ): number;
  linkOco(first: number, second: number): void;
  reject(sid: number, quantity: number, tif: number, reason: string): number;
  cancel(id: number, reason: number): boolean;
  declareSplit(sid: number, date: number, numerator: number, denominator: number): void;
  declareDividend(
    sid: number,
    exDate: number,
    payDate: number,
    value: number,
    scale: number,
    invalid?: string | null,
  ): void;
  readonly orderCount: number;
  readOrders(fromId: number, out: Float64Array): number;
  orderReason(id: number): string;
  orderOcoWith(id: number): number[];
  liveOrderIds(): number[];
  readLedger(out: Float64Array): number;
  columnValue(which: number, sid: number): number;
  heldAndOpen(sid: number): number;
  injectPanicAtBar(barIndex: number): void;
}

/** The constructor of the native core. */
export type NativeEngineCoreClass = new (config: EngineCoreConfig) => NativeEngineCore;

/**
 * The native `EngineCore` class when the Rust addon loads and has it.
 *
 * @throws NativeBackendError when the addon is missing, stale or lacks the class.
 */
export function nativeEngineCore(): NativeEngineCoreClass {
  const addon = loadBackend({ requested: 'rust' }).kernels as unknown as {
    EngineCore?: NativeEngineCoreClass;
  };
  if (typeof addon.EngineCore !== 'function') {
    throw new NativeBackendError(
      'The native addon has no EngineCore (stale build); rebuild it with `npm run build:native`.',
    );
  }
  return addon.EngineCore;
}

/**
 * Calls the native core and turns its errors (a JS Error whose `code` is a
 * RustybtError code) into the typed error the TypeScript engine raises.
 */
export function callCore<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw typedError(error);
  }
}

function typedError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ERR_ORDER':
      return new OrderError(error.message);
    case 'ERR_DATA':
      return new DataError(error.message);
    case 'ERR_CONFIG':
      return new ConfigError(error.message);
    case 'ERR_NUMERIC_OVERFLOW':
      return new NumericOverflowError(error.message);
    case 'ERR_NATIVE_UNAVAILABLE':
      return new NativeBackendError(error.message);
    default:
      return error;
  }
}

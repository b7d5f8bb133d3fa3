import type { Asset } from '../../assets/asset.js';
import type { AssetFinder } from '../../assets/asset-finder.js';
import type { Money, Price, Quantity } from '../../numeric/numeric.js';
import type { Fill } from '../orders/fill.js';
import type { OrderStatus } from '../orders/order-record.js';
import type { OrderType, TimeInForce } from '../orders/order-style.js';
import { FILL_FIELDS, LEDGER_HEADER, ORDER_FIELDS, ORDER_STATUSES } from './native-core.js';

/** One order as the account reports it (engine representation). */
export interface OrderState {
  id: number;
  sid: number;
  quantity: Quantity;
  filled: Quantity;
  status: OrderStatus;
  type: OrderType;
  limitPrice: Price;
  stopPrice: Price;
  timeInForce: TimeInForce;
  placedAt: number;
  commission: Money;
  reason: string;
  ocoWith: readonly number[];
  parentId: number | undefined;
}

/** The account's cash, totals and per-sid columns (engine representation). */
export interface LedgerState {
  cash: Money;
  realized: Money;
  commissions: Money;
  dividends: Money;
  dividendsReceivable: Money;
  positionsValue: Money;
  netLiquidation: Money;
  /** Change of net liquidation value since the session started. */
  sessionPnl: Money;
  quantity: Float64Array;
  costBasis: Float64Array;
  lastPrice: Float64Array;
  marketValue: Float64Array;
  realizedBySid: Float64Array;
  openQuantity: Float64Array;
}

const TYPES: readonly OrderType[] = ['market', 'limit', 'stop', 'stopLimit', 'trailingStop'];

/**
 * The fills of a step from the core's 8-value records; the position and
 * realized P&L after each fill go to `positionAfter` and `realizedAfter`.
 */
export function decodeFills(
  f: Float64Array,
  count: number,
  timestamp: number,
  assets: AssetFinder,
  positionAfter: number[],
  realizedAfter: number[],
): Fill[] {
  const out: Fill[] = [];
  positionAfter.length = 0;
  realizedAfter.length = 0;
  for (let k = 0; k < count; k++) {
    const at = k * FILL_FIELDS;
    out.push(
      Object.freeze({
        orderId: f[at],
        asset: assets.retrieve(f[at + 1]) as Asset,
        quantity: f[at + 2] as Quantity,
        price: f[at + 3] as Price,
        commission: f[at + 4] as Money,
        timestamp,
        maker: f[at + 5] === 1,
      }),
    );
    positionAfter.push(f[at + 6]);
    realizedAfter.push(f[at + 7]);
  }
  return out;
}

/** Orders from the core's 14-value rows; reasons and OCO links are asked for per order. */
export function decodeOrders(
  buffer: Float64Array,
  n: number,
  reason: (id: number) => string,
  ocoWith: (id: number) => number[],
): OrderState[] {
  const out: OrderState[] = [];
  for (let k = 0; k < n; k++) {
    const r = buffer.subarray(k * ORDER_FIELDS, (k + 1) * ORDER_FIELDS);
    const id = r[0];
    const oco = r[12];
    out.push({
      id,
      sid: r[1],
      quantity: r[2] as Quantity,
      filled: r[3] as Quantity,
      type: TYPES[r[4]],
      limitPrice: r[5] as Price,
      stopPrice: r[6] as Price,
      timeInForce: r[7] === 1 ? 'day' : 'gtc',
      placedAt: r[8],
      parentId: r[9] === r[9] ? r[9] : undefined,
      status: ORDER_STATUSES[r[10]],
      commission: r[11] as Money,
      reason: reason(id),
      ocoWith: oco === oco ? ocoWith(id) : [],
    });
  }
  return out;
}

/**
 * A `LedgerState` that reads a ledger readout buffer in place: the header
 * values on access, the six columns as views. It shows whatever the buffer
 * holds now, so its owner refills the buffer (one native call) when the core
 * changed, with no allocation.
 */
export function ledgerOver(b: Float64Array, n: number): LedgerState {
  const column = (k: number): Float64Array =>
    b.subarray(LEDGER_HEADER + k * n, LEDGER_HEADER + (k + 1) * n);
  return {
    get cash() {
      return b[0] as Money;
    },
    get realized() {
      return b[1] as Money;
    },
    get commissions() {
      return b[2] as Money;
    },
    get dividends() {
      return b[3] as Money;
    },
    get dividendsReceivable() {
      return b[4] as Money;
    },
    get positionsValue() {
      return b[5] as Money;
    },
    get netLiquidation() {
      return b[6] as Money;
    },
    get sessionPnl() {
      return b[8] as Money;
    },
    quantity: column(0),
    costBasis: column(1),
    lastPrice: column(2),
    marketValue: column(3),
    realizedBySid: column(4),
    openQuantity: column(5),
  };
}

/** The account from the core's ledger readout (header, then six columns of `n` values), copied. */
export function decodeLedger(b: Float64Array, n: number): LedgerState {
  return ledgerOver(b.slice(0, LEDGER_HEADER + 6 * n), n);
}

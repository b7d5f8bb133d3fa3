import type { LiveBarRow } from '../data/sources/live-bars.js';

/** What a journal says about its session. */
export interface JournalSession {
  /** Random id of the session, the prefix of its client order ids. */
  readonly id: string;
  /** `paper` or `live`. */
  readonly mode: 'paper' | 'live';
  /** Strategy file as given. */
  readonly strategy: string;
  readonly symbols: readonly string[];
  /** Data source name (and exchange for ccxt). */
  readonly source: string;
  /** `1m`, `1h` or `1d`. */
  readonly frequency: string;
  readonly calendar: string;
  /** Starting cash, decimal text. */
  readonly capitalBase: string;
  /** First bar start of the start-up history (UTC epoch ms). */
  readonly historyStart: number;
  /** First live bar start (UTC epoch ms). */
  readonly liveStart: number;
}

/** Session status as the journal records it. */
export interface JournalStatus {
  /** `running` while a process writes it; `stopped` after a clean stop. */
  readonly state: 'running' | 'stopped';
  /** Why the session stopped (or the empty string). */
  readonly reason: string;
  /** Process id of the last writer. */
  readonly pid: number;
  /** Wall time of the last write (epoch ms). */
  readonly updatedAt: number;
}

/** The account after a bar, as journaled. */
export interface JournalState {
  readonly barStart: number;
  readonly cash: string;
  readonly portfolioValue: string;
  readonly sessionPnl: string;
  /** Symbol → amount (decimal text), open positions only. */
  readonly positions: Readonly<Record<string, string>>;
  readonly openOrders: number;
}

/** One order as the journal knows it. */
export interface JournalOrder {
  /** Deterministic client order id: `<session id>-<sequence>`. */
  readonly clientId: string;
  /** The broker's order id (engine id for paper, exchange id for live); null before the ack. */
  readonly brokerId: string | null;
  readonly symbol: string;
  /** Signed amount, decimal text ('' before the ack of a value/target order). */
  readonly amount: string;
  readonly filled: string;
  /** `intent` (written, not yet acknowledged), then the broker's status. */
  readonly status: string;
  readonly reason: string;
  /** The call that placed it, e.g. `orderTargetPercent(BTC/USDT, 0.5)`. */
  readonly request: string;
  readonly barStart: number;
  /**
   * Live orders: what was sent, as JSON (`{"amount","type","limitPrice","stopPrice"}`,
   * exact decimal text); the empty string for paper orders.
   */
  readonly spec: string;
}

/** One execution reported by an exchange (live sessions), booked once. */
export interface JournalTrade {
  /** The exchange's trade id (the key that keeps a fill from being booked twice). */
  readonly tradeId: string;
  /** Client order id of the order it filled. */
  readonly clientId: string;
  readonly symbol: string;
  /** Signed amount booked (net of a fee paid in the asset), decimal text. */
  readonly amount: string;
  /** Execution price, decimal text. */
  readonly price: string;
  /** Commission booked in the account currency, decimal text. */
  readonly commission: string;
  /** The exchange's fee as reported, e.g. `0.1 USDT` (empty without one). */
  readonly fee: string;
  /** The bar the fill was handed to the strategy on. */
  readonly barStart: number;
}

/** One journaled event, in order. */
export interface JournalEvent {
  readonly seq: number;
  readonly barStart: number;
  readonly wall: number;
  /** `intent`, `ack`, `reject`, `fill`, `cancel`, `expire`, `state`, `reconcile`, `stop`, `start`, `safety`, `send`, `unknown`. */
  readonly kind: string;
  readonly clientId: string | null;
  readonly detail: string;
}

/** A journaled bar of one symbol. */
export interface JournalBar extends LiveBarRow {
  readonly symbol: string;
}

/** A row of `processed`. */
export interface ProcessedRow {
  bar_start: number;
  cash: string;
  portfolio_value: string;
  session_pnl: string;
  positions: string;
  open_orders: number;
}

/** A row of `bars`. */
export interface BarRow {
  bar_start: number;
  symbol: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  price_scale: number;
  volume_scale: number;
}

/** A row of `orders`. */
export interface OrderRow {
  client_id: string;
  broker_id: string | null;
  symbol: string;
  amount: string;
  filled: string;
  status: string;
  reason: string;
  request: string;
  bar_start: number;
  /** Missing in a schema-1 journal opened read-only. */
  spec?: string;
}

/** A row of `trades`. */
export interface TradeRow {
  trade_id: string;
  client_id: string;
  symbol: string;
  amount: string;
  price: string;
  commission: string;
  fee: string;
  bar_start: number;
}

/** A row of `events`. */
export interface EventRow {
  seq: number;
  bar_start: number;
  wall: number;
  kind: string;
  client_id: string | null;
  detail: string;
}

/** The account state of a `processed` row. */
export function stateOf(row: ProcessedRow): JournalState {
  return {
    barStart: row.bar_start,
    cash: row.cash,
    portfolioValue: row.portfolio_value,
    sessionPnl: row.session_pnl,
    positions: JSON.parse(row.positions) as Record<string, string>,
    openOrders: row.open_orders,
  };
}

/** The bar of a `bars` row. */
export function barOf(row: BarRow): JournalBar {
  return {
    symbol: row.symbol,
    timestamp: row.bar_start,
    open: row.open,
    high: row.high,
    low: row.low,
    close: row.close,
    volume: row.volume,
    priceScale: row.price_scale,
    volumeScale: row.volume_scale,
  };
}

/** The order of an `orders` row. */
export function orderOf(row: OrderRow): JournalOrder {
  return {
    clientId: row.client_id,
    brokerId: row.broker_id,
    symbol: row.symbol,
    amount: row.amount,
    filled: row.filled,
    status: row.status,
    reason: row.reason,
    request: row.request,
    barStart: row.bar_start,
    spec: row.spec ?? '',
  };
}

/** The trade of a `trades` row. */
export function tradeOf(row: TradeRow): JournalTrade {
  return {
    tradeId: row.trade_id,
    clientId: row.client_id,
    symbol: row.symbol,
    amount: row.amount,
    price: row.price,
    commission: row.commission,
    fee: row.fee,
    barStart: row.bar_start,
  };
}

/** The event of an `events` row. */
export function eventOf(row: EventRow): JournalEvent {
  return {
    seq: row.seq,
    barStart: row.bar_start,
    wall: row.wall,
    kind: row.kind,
    clientId: row.client_id,
    detail: row.detail,
  };
}

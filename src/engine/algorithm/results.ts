import { PositionHistory } from '../metrics/position-history.js';
import type { Table } from '../../analytics/table.js';
import { formatSessionLabel } from '../../calendar/index.js';
import type { RiskSummary } from '../metrics/index.js';
import type { Asset } from '../../assets/asset.js';
import type { Numeric } from '../../numeric/numeric.js';
import type { AccountSnapshot, FillEvent, FillSink } from '../broker/broker.js';
import type { Order } from '../orders/order.js';
import { ExactColumn } from '../metrics/exact-column.js';
import type { PositionView } from '../ledger/position-view.js';
import type { PositionSnapshot } from './portfolio.js';

/**
 * Built-in columns of the performance table; `record` refuses these names so a
 * recorded variable never shadows or duplicates one in any export format.
 */
export const PERFORMANCE_COLUMNS = [
  'session',
  'portfolioValue',
  'cash',
  'positionsValue',
  'pnl',
  'returns',
  'benchmarkReturn',
  'grossLeverage',
  'netLeverage',
  'fills',
] as const;

/** Facts about a run, kept with its results. */
export interface RunMeta {
  /** Version of rustybt that ran the backtest. */
  rustybtVersion: string;
  /** First session, `YYYY-MM-DD`. */
  start: string;
  /** Last session, `YYYY-MM-DD`. */
  end: string;
  /** Starting cash as given, decimal text. */
  capitalBase: string;
  /** Account currency. */
  currency: string;
  /** `daily`, `hourly` or `minute`. */
  dataFrequency: string;
  /** Name of the trading calendar. */
  calendar: string;
  /** `decimal` or `float`. */
  numeric: string;
  /** Kernel backend in use: `rust` or `ts`. */
  backend: string;
  /** Where the bars came from (bundle and version, data source, or in-memory frames). */
  data: string;
  /** Symbol of the benchmark asset, or null without one. */
  benchmark: string | null;
  /** Number of sessions simulated. */
  sessions: number;
  /** Number of bars simulated (per asset). */
  bars: number;
  /** Number of assets in the data. */
  assets: number;
  /** The cost and fill models used: commission and slippage model names (per asset where they differ) and the fill price. */
  models: string;
}

/**
 * What `runAlgorithm` returns: the per-session performance table, every
 * transaction and order, the end positions, and the risk metrics. Amounts in
 * the tables are exact decimal text in `decimal` mode.
 */
export interface BacktestResults {
  /** Facts about the run. */
  meta: RunMeta;
  /** One row per session: portfolio value, cash, returns, pnl, positions value, leverage, benchmark return, recorded variables. */
  performance: Table;
  /** Every fill: timestamp, symbol, orderId, amount, price, commission. */
  transactions: Table;
  /** Every order placed, with its final status and reason. */
  orders: Table;
  /** Positions held at the end. */
  positions: Table;
  /** Positions held at each session's end: session, symbol, amount, value (one row per held position). */
  positionsOverTime: Table;
  /** Closed round trips: symbol, side, entry and exit, quantity, average prices, exact P&L, return, duration, commission. */
  roundTrips: Table;
  /** The deepest drawdown periods (at most 10): peak, valley, recovery, depth, length in sessions. */
  drawdowns: Table;
  /** The benchmark's per-session and compounded returns; absent without a benchmark. */
  benchmark?: Table;
  /** Risk and performance metrics over the per-session returns. */
  risk: RiskSummary;
  /** The strategy's per-session returns (same as the `returns` column). */
  returns: Float64Array;
}

/** The engine core's arithmetic and money scale, to read the fills it hands over in its values. */
export interface EngineUnits {
  readonly numeric: Numeric;
  readonly moneyScale: number;
}

let lastTime = Number.NaN;
let lastIso = '';
/** ISO text of an epoch-ms time; consecutive fills and orders share their bar's time, so the last one is kept. */
const isoTime = (ms: number): string => {
  if (ms !== lastTime) {
    lastIso = new Date(ms).toISOString();
    lastTime = ms;
  }
  return lastIso;
};

/**
 * Collects a run's per-session rows and transactions as they happen, from
 * what the broker reports (fill events, account snapshots): it never reads a
 * ledger, so it records a simulated, paper or live run alike.
 */
export class ResultsRecorder implements FillSink {
  private readonly sessions: Float64Array;
  private readonly columns = {
    portfolioValue: [] as string[],
    cash: [] as string[],
    positionsValue: [] as string[],
    pnl: [] as string[],
  };
  readonly returns: Float64Array;
  readonly benchmarkReturns: Float64Array;
  private readonly grossLeverage: Float64Array;
  private readonly netLeverage: Float64Array;
  private readonly fillCounts: Float64Array;
  /** Per session: gross position value, portfolio value and traded value, for exposure and turnover. */
  readonly book: {
    grossPositionValue: Float64Array;
    portfolioValue: Float64Array;
    tradedValue: Float64Array;
  };
  private readonly recorded = new Map<string, Float64Array>();
  /** The positions held at each session's end. */
  readonly positionHistory = new PositionHistory();
  /** Every fill's columns (the events themselves are not kept: a long run books millions). */
  private readonly fills = {
    timestamp: [] as number[],
    symbol: [] as string[],
    orderId: [] as number[],
    amount: new ExactColumn(),
    price: new ExactColumn(),
    commission: new ExactColumn(),
  };
  private previousValue: number;
  private readonly engine: EngineUnits | undefined;
  /** The session (its index) that {@link fill} books into. */
  session = 0;

  /**
   * @param sessions - the run's session labels
   * @param startingValue - the portfolio value before the first session
   * @param engine - the engine core's arithmetic, for fills taken through {@link fill}
   */
  constructor(sessions: Float64Array, startingValue: number, engine?: EngineUnits) {
    this.sessions = sessions;
    const n = sessions.length;
    this.returns = new Float64Array(n).fill(NaN);
    this.benchmarkReturns = new Float64Array(n).fill(NaN);
    this.grossLeverage = new Float64Array(n);
    this.netLeverage = new Float64Array(n);
    this.fillCounts = new Float64Array(n);
    this.book = {
      grossPositionValue: new Float64Array(n),
      portfolioValue: new Float64Array(n),
      tradedValue: new Float64Array(n),
    };
    this.previousValue = startingValue;
    this.engine = engine;
  }

  /**
   * Books one fill of the session set in {@link session}, as the engine core
   * booked it (engine values; needs the `engine` given at construction).
   */
  fill(
    orderId: number,
    asset: Asset,
    timestamp: number,
    quantity: number,
    price: number,
    commission: number,
  ): void {
    const { numeric, moneyScale } = this.engine as EngineUnits;
    const f = this.fills;
    f.timestamp.push(timestamp);
    f.symbol.push(asset.symbol);
    f.orderId.push(orderId);
    f.amount.push(quantity, asset.quantityScale);
    f.price.push(price, asset.priceScale);
    f.commission.push(commission, moneyScale);
    this.fillCounts[this.session] += 1;
    this.book.tradedValue[this.session] += Math.abs(
      numeric.toNumber(quantity, asset.quantityScale) * numeric.toNumber(price, asset.priceScale),
    );
  }

  /** Books the fills of one bar, as the broker reported them. */
  onFills(fills: readonly FillEvent[], session: number): void {
    for (const fill of fills) {
      const f = this.fills;
      f.timestamp.push(fill.timestamp);
      f.symbol.push(fill.asset.symbol);
      f.orderId.push(fill.orderId);
      f.amount.pushText(fill.exact.amount);
      f.price.pushText(fill.exact.price);
      f.commission.pushText(fill.exact.commission);
      this.fillCounts[session] += 1;
      this.book.tradedValue[session] += Math.abs(fill.amount * fill.price);
    }
  }

  /** Records the state at the end of session `session` (its index), with the positions then held (for `positionsOverTime`). */
  endSession(
    session: number,
    account: AccountSnapshot,
    recorded: ReadonlyMap<string, number>,
    benchmarkReturn: number,
    positions: readonly PositionSnapshot[] = [],
  ): void {
    const value = account.portfolioValue;
    this.columns.portfolioValue.push(account.exact.portfolioValue);
    this.columns.cash.push(account.exact.cash);
    this.columns.positionsValue.push(account.exact.positionsValue);
    this.columns.pnl.push(account.exact.sessionPnl);
    this.returns[session] = value / this.previousValue - 1;
    this.previousValue = value;
    this.benchmarkReturns[session] = benchmarkReturn;
    this.grossLeverage[session] = account.grossLeverage;
    this.netLeverage[session] = account.netLeverage;
    this.book.grossPositionValue[session] = account.grossExposure;
    this.book.portfolioValue[session] = value;
    this.positionHistory.record(
      formatSessionLabel(this.sessions[session]),
      positions.map((p) => ({
        symbol: p.asset.symbol,
        amount: p.exact.amount,
        value: p.exact.marketValue,
      })),
    );
    for (const [name, recordedValue] of recorded) {
      let column = this.recorded.get(name);
      if (column === undefined) {
        column = new Float64Array(this.sessions.length).fill(NaN);
        this.recorded.set(name, column);
      }
      column[session] = recordedValue;
    }
  }

  /**
   * Records the positions held at the end of session `session` (its index)
   * as the engine core holds them (needs the `engine` given at construction);
   * a simulated run's way, after {@link endSession} without positions.
   */
  endSessionHoldings(session: number, positions: readonly PositionView[]): void {
    const { numeric, moneyScale } = this.engine as EngineUnits;
    this.positionHistory.recordViews(
      formatSessionLabel(this.sessions[session]),
      positions,
      numeric,
      moneyScale,
    );
  }

  /** The per-session performance table. */
  performance(): Table {
    return {
      name: 'performance',
      columns: [
        { name: 'session', kind: 'date', values: Array.from(this.sessions, formatSessionLabel) },
        { name: 'portfolioValue', kind: 'decimal', values: this.columns.portfolioValue },
        { name: 'cash', kind: 'decimal', values: this.columns.cash },
        { name: 'positionsValue', kind: 'decimal', values: this.columns.positionsValue },
        { name: 'pnl', kind: 'decimal', values: this.columns.pnl },
        { name: 'returns', kind: 'number', values: this.returns },
        { name: 'benchmarkReturn', kind: 'number', values: this.benchmarkReturns },
        { name: 'grossLeverage', kind: 'number', values: this.grossLeverage },
        { name: 'netLeverage', kind: 'number', values: this.netLeverage },
        { name: 'fills', kind: 'integer', values: this.fillCounts },
        ...[...this.recorded].map(([name, values]) => ({ name, kind: 'number' as const, values })),
      ],
    };
  }

  /** Every fill, in order. */
  transactions(): Table {
    const f = this.fills;
    const numeric = this.engine?.numeric;
    return {
      name: 'transactions',
      columns: [
        { name: 'timestamp', kind: 'timestamp', values: f.timestamp.map((ms) => isoTime(ms)) },
        { name: 'symbol', kind: 'string', values: f.symbol.slice() },
        { name: 'orderId', kind: 'integer', values: f.orderId.slice() },
        { name: 'amount', kind: 'decimal', values: f.amount.toTexts(numeric) },
        { name: 'price', kind: 'decimal', values: f.price.toTexts(numeric) },
        { name: 'commission', kind: 'decimal', values: f.commission.toTexts(numeric) },
      ],
    };
  }

  /** Every order with its final state. */
  orders(orders: readonly Order[]): Table {
    const exact = orders.map((o) => o.exact);
    return {
      name: 'orders',
      columns: [
        { name: 'id', kind: 'integer', values: orders.map((o) => o.id) },
        { name: 'placedAt', kind: 'timestamp', values: orders.map((o) => isoTime(o.placedAt)) },
        { name: 'symbol', kind: 'string', values: orders.map((o) => o.asset.symbol) },
        { name: 'type', kind: 'string', values: orders.map((o) => o.type) },
        { name: 'amount', kind: 'decimal', values: exact.map((e) => e.quantity) },
        { name: 'filled', kind: 'decimal', values: exact.map((e) => e.filled) },
        { name: 'limitPrice', kind: 'string', values: exact.map((e) => e.limitPrice) },
        { name: 'stopPrice', kind: 'string', values: exact.map((e) => e.stopPrice) },
        { name: 'status', kind: 'string', values: orders.map((o) => o.status) },
        { name: 'reason', kind: 'string', values: orders.map((o) => o.reason) },
      ],
    };
  }

  /** Positions held at the end. */
  positions(positions: readonly PositionSnapshot[]): Table {
    const exact = positions.map((p) => p.exact);
    return {
      name: 'positions',
      columns: [
        { name: 'symbol', kind: 'string', values: positions.map((p) => p.asset.symbol) },
        { name: 'amount', kind: 'decimal', values: exact.map((e) => e.amount) },
        { name: 'averageCost', kind: 'decimal', values: exact.map((e) => e.costBasis) },
        { name: 'lastPrice', kind: 'decimal', values: exact.map((e) => e.lastSalePrice) },
        { name: 'marketValue', kind: 'decimal', values: exact.map((e) => e.marketValue) },
        { name: 'unrealized', kind: 'decimal', values: exact.map((e) => e.unrealizedPnl) },
        { name: 'realized', kind: 'decimal', values: exact.map((e) => e.realizedPnl) },
      ],
    };
  }
}

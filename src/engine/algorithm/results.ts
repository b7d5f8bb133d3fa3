import { PositionHistory } from '../../analytics/position-history.js';
import type { Table } from '../../analytics/table.js';
import { formatSessionLabel } from '../../calendar/index.js';
import type { RiskSummary } from '../metrics/index.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Fill } from '../orders/fill.js';
import type { Order } from '../orders/order.js';

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

const isoTime = (ms: number) => new Date(ms).toISOString();

/** Collects a run's per-session rows and transactions as they happen. */
export class ResultsRecorder {
  private readonly ledger: Ledger;
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
  private readonly fills: Fill[] = [];
  /** Realized P&L of each closed round trip, net of its commissions. */
  readonly tradePnl: number[] = [];
  private readonly tradeStartRealized: Float64Array;
  private readonly tradeCommissions: Float64Array;
  private previousValue: number;

  /**
   * @param ledger - the account the run books into
   * @param sessions - the run's session labels
   */
  constructor(ledger: Ledger, sessions: Float64Array) {
    this.ledger = ledger;
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
    this.tradeStartRealized = new Float64Array(ledger.assets.count);
    this.tradeCommissions = new Float64Array(ledger.assets.count);
    this.previousValue = ledger.numeric.toNumber(ledger.startingCash, ledger.moneyScale);
  }

  /** Books the fills of one bar; call after the broker processed it. */
  onFills(fills: readonly Fill[], session: number): void {
    const ledger = this.ledger;
    const num = ledger.numeric;
    for (const fill of fills) {
      this.fills.push(fill);
      const sid = fill.asset.sid;
      this.fillCounts[session] += 1;
      this.book.tradedValue[session] += Math.abs(
        num.toNumber(fill.quantity, fill.asset.quantityScale) *
          num.toNumber(fill.price, fill.asset.priceScale),
      );
      this.tradeCommissions[sid] += num.toNumber(fill.commission, ledger.moneyScale);
      const held = ledger.quantity[sid];
      const before = held - fill.quantity;
      const realized = num.toNumber(ledger.realizedBySid[sid], ledger.moneyScale);
      if (before !== 0 && (held === 0 || held > 0 !== before > 0)) {
        this.tradePnl.push(realized - this.tradeStartRealized[sid] - this.tradeCommissions[sid]);
        this.tradeCommissions[sid] = 0;
      }
      if (before === 0 || held === 0 || held > 0 !== before > 0)
        this.tradeStartRealized[sid] = realized;
    }
  }

  /** Records the state at the end of session `session` (its index). */
  endSession(
    session: number,
    recorded: ReadonlyMap<string, number>,
    benchmarkReturn: number,
  ): void {
    const ledger = this.ledger;
    const num = ledger.numeric;
    const scale = ledger.moneyScale;
    const value = ledger.netLiquidation();
    const valueNumber = num.toNumber(value, scale);
    this.columns.portfolioValue.push(num.toText(value, scale));
    this.columns.cash.push(num.toText(ledger.cash, scale));
    this.columns.positionsValue.push(num.toText(ledger.positionsValue(), scale));
    this.columns.pnl.push(num.toText(ledger.sessionPnl(), scale));
    this.returns[session] = valueNumber / this.previousValue - 1;
    this.previousValue = valueNumber;
    this.benchmarkReturns[session] = benchmarkReturn;
    this.grossLeverage[session] = ledger.grossLeverage();
    this.netLeverage[session] = ledger.netLeverage();
    this.book.grossPositionValue[session] = num.toNumber(ledger.grossExposure(), scale);
    this.book.portfolioValue[session] = valueNumber;
    this.positionHistory.record(
      formatSessionLabel(this.sessions[session]),
      ledger.positions().map((v) => ({
        symbol: v.asset.symbol,
        amount: num.toText(v.quantity, v.asset.quantityScale),
        value: num.toText(v.marketValue, scale),
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
    const num = this.ledger.numeric;
    const scale = this.ledger.moneyScale;
    const fills = this.fills;
    return {
      name: 'transactions',
      columns: [
        { name: 'timestamp', kind: 'timestamp', values: fills.map((f) => isoTime(f.timestamp)) },
        { name: 'symbol', kind: 'string', values: fills.map((f) => f.asset.symbol) },
        { name: 'orderId', kind: 'integer', values: fills.map((f) => f.orderId) },
        {
          name: 'amount',
          kind: 'decimal',
          values: fills.map((f) => num.toText(f.quantity, f.asset.quantityScale)),
        },
        {
          name: 'price',
          kind: 'decimal',
          values: fills.map((f) => num.toText(f.price, f.asset.priceScale)),
        },
        {
          name: 'commission',
          kind: 'decimal',
          values: fills.map((f) => num.toText(f.commission, scale)),
        },
      ],
    };
  }

  /** Every order with its final state. */
  orders(orders: readonly Order[]): Table {
    const num = this.ledger.numeric;
    const text = (value: number, scale: number) =>
      Number.isNaN(value) ? '' : num.toText(value, scale);
    return {
      name: 'orders',
      columns: [
        { name: 'id', kind: 'integer', values: orders.map((o) => o.id) },
        { name: 'placedAt', kind: 'timestamp', values: orders.map((o) => isoTime(o.placedAt)) },
        { name: 'symbol', kind: 'string', values: orders.map((o) => o.asset.symbol) },
        { name: 'type', kind: 'string', values: orders.map((o) => o.type) },
        {
          name: 'amount',
          kind: 'decimal',
          values: orders.map((o) => num.toText(o.quantity, o.asset.quantityScale)),
        },
        {
          name: 'filled',
          kind: 'decimal',
          values: orders.map((o) => num.toText(o.filled, o.asset.quantityScale)),
        },
        {
          name: 'limitPrice',
          kind: 'string',
          values: orders.map((o) => text(o.limitPrice, o.asset.priceScale)),
        },
        {
          name: 'stopPrice',
          kind: 'string',
          values: orders.map((o) => text(o.stopPrice, o.asset.priceScale)),
        },
        { name: 'status', kind: 'string', values: orders.map((o) => o.status) },
        { name: 'reason', kind: 'string', values: orders.map((o) => o.reason) },
      ],
    };
  }

  /** Positions held at the end. */
  positions(): Table {
    const ledger = this.ledger;
    const num = ledger.numeric;
    const scale = ledger.moneyScale;
    const views = ledger.positions();
    return {
      name: 'positions',
      columns: [
        { name: 'symbol', kind: 'string', values: views.map((v) => v.asset.symbol) },
        {
          name: 'amount',
          kind: 'decimal',
          values: views.map((v) => num.toText(v.quantity, v.asset.quantityScale)),
        },
        {
          name: 'averageCost',
          kind: 'decimal',
          values: views.map((v) => num.toText(v.averageCost, v.asset.priceScale)),
        },
        {
          name: 'lastPrice',
          kind: 'decimal',
          values: views.map((v) => num.toText(v.lastPrice, v.asset.priceScale)),
        },
        {
          name: 'marketValue',
          kind: 'decimal',
          values: views.map((v) => num.toText(v.marketValue, scale)),
        },
        {
          name: 'unrealized',
          kind: 'decimal',
          values: views.map((v) => num.toText(v.unrealized, scale)),
        },
        {
          name: 'realized',
          kind: 'decimal',
          values: views.map((v) => num.toText(v.realized, scale)),
        },
      ],
    };
  }
}

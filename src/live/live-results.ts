import type { Table } from '../analytics/table.js';
import { ResultsRecorder } from '../engine/algorithm/results.js';
import type { LiveLoop } from './live-loop.js';
import type { Broker } from '../engine/broker/broker.js';

/** What a live or paper run returns when it stops. */
export interface LiveResults {
  /** One row per session handled (the last one partial when the run stopped inside it). */
  performance: Table;
  /** Every fill: timestamp, symbol, orderId, amount, price, commission (as a backtest's). */
  transactions: Table;
  /** Every order with its state at the stop. */
  orders: Table;
  /** Positions at the stop. */
  positions: Table;
  /** Engine core that simulated the fills: `rust` or `ts`. */
  backend: 'rust' | 'ts';
  /** Live bars handled by this process (replayed journal bars not counted). */
  bars: number;
  /** Why the run stopped. */
  stopReason: string;
  /** Open orders when the run stopped, and how many of them were cancelled. */
  openOrdersAtStop: number;
  cancelledAtStop: number;
}

/** Builds the results tables from what the loop recorded, with the backtest's recorder. */
export function liveResults(run: {
  loop: LiveLoop;
  broker: Broker;
  startingValue: number;
  backend: 'rust' | 'ts';
  stopReason: string;
  bars: number;
  openOrdersAtStop: number;
  cancelledAtStop: number;
}): LiveResults {
  const { loop, broker } = run;
  const sessions = Float64Array.from(loop.sessions, (row) => row.session);
  const recorder = new ResultsRecorder(sessions, run.startingValue);
  let f = 0;
  loop.sessions.forEach((row, r) => {
    for (; f < loop.fills.length && loop.fills[f].session <= r; f++) {
      recorder.onFills([loop.fills[f].fill], r);
    }
    recorder.endSession(r, row.snapshot, row.recorded, NaN);
  });
  return {
    performance: recorder.performance(),
    transactions: transactionsOf(loop),
    orders: recorder.orders(broker.allOrders()),
    positions: recorder.positions(broker.positions()),
    backend: run.backend,
    bars: run.bars,
    stopReason: run.stopReason,
    openOrdersAtStop: run.openOrdersAtStop,
    cancelledAtStop: run.cancelledAtStop,
  };
}

/** Every fill, including those of a session no row closed yet. */
function transactionsOf(loop: LiveLoop): Table {
  const recorder = new ResultsRecorder(new Float64Array(1), 1);
  recorder.onFills(
    loop.fills.map((entry) => entry.fill),
    0,
  );
  return recorder.transactions();
}

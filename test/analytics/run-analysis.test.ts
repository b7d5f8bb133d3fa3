import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  add,
  exact,
  multiply,
  negate,
  subtract,
  toText,
  ZERO,
} from '../../src/numeric/exact-decimal.js';
import { exportResults } from '../../src/analytics/results-export.js';
import { columnValues } from '../../src/engine/metrics/table-columns.js';
import type { Table } from '../../src/analytics/table.js';
import { withDuckDB } from '../../src/data/bundles/duckdb-session.js';
import type { BacktestResults } from '../../src/engine/algorithm/results.js';
import { runAlgorithm } from '../../src/engine/algorithm/run-algorithm.js';
import { PerShareCommission } from '../../src/engine/commission/index.js';
import { realDailyFrame } from '../helpers/real-bars.js';
import { smaCross } from '../engine/algorithm/golden-strategies.js';

const texts = (table: Table, name: string) => columnValues(table, name, 'string');
const numbers = (table: Table, name: string) => Array.from(columnValues(table, name, 'number'));

let dir: string;
let results: BacktestResults;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rustybt-analysis-'));
  results = await runAlgorithm({
    strategy: smaCross,
    frames: [realDailyFrame('GOOG.csv', 'GOOG', 2)],
    start: '2010-01-04',
    end: '2012-12-31',
    capitalBase: '100000',
    benchmark: 'GOOG',
    commission: new PerShareCommission('0.005', '1.00'),
  });
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('results of a run gain round trips, positions over time, drawdowns and the benchmark', () => {
  it('has round trips whose exact P&L plus the open position adds up to the run’s P&L', () => {
    const trips = results.roundTrips;
    assert.ok(
      texts(trips, 'pnl').length >= 5,
      'an SMA cross over three years trades several times',
    );
    assert.equal(results.risk.tradeCount, texts(trips, 'pnl').length);
    let closed = ZERO;
    for (const pnl of texts(trips, 'pnl')) closed = add(closed, exact(pnl));
    // Fills after the last closed trip belong to the position still open.
    const lastExit = texts(trips, 'exitTime').at(-1)!;
    const time = texts(results.transactions, 'timestamp');
    let open = ZERO;
    time.forEach((t, i) => {
      if (t <= lastExit) return;
      const amount = exact(texts(results.transactions, 'amount')[i]);
      const price = exact(texts(results.transactions, 'price')[i]);
      open = subtract(
        open,
        add(multiply(amount, price), exact(texts(results.transactions, 'commission')[i])),
      );
    });
    for (const value of texts(results.positions, 'marketValue')) open = add(open, exact(value));
    const values = texts(results.performance, 'portfolioValue');
    const runPnl = subtract(exact(values.at(-1)!), exact(results.meta.capitalBase));
    assert.equal(toText(add(closed, open), 2), toText(runPnl, 2));
    assert.equal(toText(negate(negate(runPnl)), 2), toText(runPnl, 2));
  });

  it('records the held position at every session end, the last one equal to the end positions', () => {
    const history = results.positionsOverTime;
    const sessions = texts(history, 'session');
    const last = sessions.at(-1)!;
    const rows = sessions.flatMap((s, i) => (s === last ? [i] : []));
    assert.equal(last, results.meta.end);
    assert.deepEqual(
      rows.map((i) => [
        texts(history, 'symbol')[i],
        texts(history, 'amount')[i],
        texts(history, 'value')[i],
      ]),
      texts(results.positions, 'symbol').map((symbol, i) => [
        symbol,
        texts(results.positions, 'amount')[i],
        texts(results.positions, 'marketValue')[i],
      ]),
    );
    const positionsValue = texts(results.performance, 'positionsValue');
    const perfSessions = texts(results.performance, 'session');
    sessions.forEach((session, i) => {
      assert.equal(texts(history, 'value')[i], positionsValue[perfSessions.indexOf(session)]);
    });
    const held = numbers(results.performance, 'grossLeverage').filter((g) => g !== 0).length;
    assert.equal(new Set(sessions).size, held, 'one row per session with a position');
  });

  it('ranks the drawdowns deepest first, the first one the maximum drawdown', () => {
    const depth = numbers(results.drawdowns, 'depth');
    assert.ok(depth.length > 0 && depth.length <= 10);
    assert.equal(depth[0], results.risk.maxDrawdown);
    for (let i = 1; i < depth.length; i++) assert.ok(depth[i] >= depth[i - 1]);
    assert.equal(numbers(results.drawdowns, 'sessions')[0], results.risk.maxDrawdownDuration);
  });

  it('keeps the benchmark series with its compounded return', () => {
    const benchmark = results.benchmark;
    assert.ok(benchmark !== undefined);
    const cumulative = numbers(benchmark, 'cumulativeReturn');
    assert.ok(Math.abs(cumulative.at(-1)! - results.risk.benchmarkTotalReturn) < 1e-12);
  });

  it('writes the new tables to JSON, CSV and Parquet with the same exact values', async () => {
    const pnl = texts(results.roundTrips, 'pnl');
    const json = JSON.parse(
      readFileSync((await exportResults(results, join(dir, 'r.json')))[0], 'utf8'),
    ) as Record<string, Record<string, unknown>[]>;
    assert.deepEqual(
      json.roundTrips.map((t) => t.pnl),
      pnl,
    );
    assert.equal(json.positionsOverTime.length, texts(results.positionsOverTime, 'session').length);
    assert.equal(json.drawdowns.length, numbers(results.drawdowns, 'depth').length);

    await exportResults(results, join(dir, 'r.csv'));
    const csv = readFileSync(join(dir, 'r.roundTrips.csv'), 'utf8').trimEnd().split('\r\n');
    assert.equal(
      csv[0],
      'symbol,side,entryTime,exitTime,entrySession,exitSession,quantity,averageEntryPrice,averageExitPrice,pnl,return,sessionsHeld,durationSeconds,commission,fills',
    );
    assert.deepEqual(
      csv.slice(1).map((line) => line.split(',')[9]),
      pnl,
    );

    await exportResults(results, join(dir, 'r.parquet'));
    const rows = await withDuckDB('reading back', async (connection) => {
      const reader = await connection.runAndReadAll(
        `SELECT CAST(pnl AS VARCHAR) AS pnl, typeof(pnl) AS type FROM read_parquet('${join(dir, 'r.roundTrips.parquet')}')`,
      );
      return reader.getRowObjectsJS();
    });
    assert.match(rows[0].type as string, /^DECIMAL\(38,/);
    assert.deepEqual(
      rows.map((r) => Number(r.pnl)),
      pnl.map(Number),
    );
    const history = await withDuckDB('reading back', async (connection) =>
      (
        await connection.runAndReadAll(
          `SELECT count(*) AS n FROM read_parquet('${join(dir, 'r.positionsOverTime.parquet')}')`,
        )
      ).getRowObjectsJS(),
    );
    assert.equal(Number(history[0].n), texts(results.positionsOverTime, 'session').length);
  });
});

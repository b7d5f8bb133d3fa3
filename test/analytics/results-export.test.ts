import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tableToCsv } from '../../src/analytics/csv.js';
import { exportResults } from '../../src/analytics/results-export.js';
import type { Column, Table } from '../../src/analytics/table.js';
import { withDuckDB } from '../../src/data/bundles/duckdb-session.js';
import type { BacktestResults } from '../../src/engine/algorithm/results.js';
import { runAlgorithm } from '../../src/engine/algorithm/run-algorithm.js';
import { PerShareCommission } from '../../src/engine/commission/index.js';
import { ConfigError, DataError } from '../../src/errors/index.js';
import { realDailyFrame } from '../helpers/real-bars.js';
import { smaCross } from '../engine/algorithm/golden-strategies.js';

const frames = [realDailyFrame('GOOG.csv', 'GOOG', 2)];

function run(numeric: 'decimal' | 'float' = 'decimal'): Promise<BacktestResults> {
  return runAlgorithm({
    strategy: smaCross,
    frames,
    start: '2012-01-03',
    end: '2012-12-31',
    capitalBase: '100000',
    numeric,
    benchmark: 'GOOG',
    commission: new PerShareCommission('0.005', '1.00'),
  });
}

function column(table: Table, name: string): Column {
  const found = table.columns.find((c) => c.name === name);
  assert.ok(found, `column ${name}`);
  return found;
}

/** Decimal text without trailing fraction zeros, so `695.00` and `695` compare equal exactly. */
function canonical(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

let dir: string;
let results: BacktestResults;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rustybt-export-'));
  results = await run();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('exportResults to JSON', () => {
  it('writes meta, risk and every table as row objects with exact decimal strings', async () => {
    const path = join(dir, 'run.json');
    assert.deepEqual(await exportResults(results, path), [path]);
    const document = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(document), [
      'format',
      'meta',
      'risk',
      'performance',
      'transactions',
      'orders',
      'positions',
      'positionsOverTime',
      'roundTrips',
      'drawdowns',
      'benchmark',
    ]);
    assert.equal(document.format, 'rustybt-results/2');
    const meta = document.meta as Record<string, unknown>;
    assert.equal(meta.capitalBase, '100000');
    assert.deepEqual(Object.keys(meta), Object.keys(meta).sort());
    const performance = document.performance as Record<string, unknown>[];
    const values = column(results.performance, 'portfolioValue').values as string[];
    assert.equal(performance.length, values.length);
    assert.deepEqual(
      performance.map((row) => row.portfolioValue),
      values,
    );
    assert.equal(typeof performance[0].portfolioValue, 'string');
    assert.ok(Object.keys(performance[0]).includes('fast'), 'recorded variables are columns');
    const trades = document.transactions as Record<string, unknown>[];
    assert.ok(trades.length > 0);
    assert.deepEqual(
      trades.map((t) => t.price),
      column(results.transactions, 'price').values,
    );
  });

  it('writes NaN as null, never as a number', async () => {
    const path = join(dir, 'nan.json');
    await exportResults(results, path);
    const document = JSON.parse(readFileSync(path, 'utf8')) as {
      performance: Record<string, unknown>[];
    };
    // The benchmark has no return on the first session: NaN in memory, null in the file.
    const first = column(results.performance, 'benchmarkReturn').values[0] as number;
    assert.ok(Number.isNaN(first));
    assert.equal(document.performance[0].benchmarkReturn, null);
    assert.doesNotMatch(readFileSync(path, 'utf8'), /NaN|Infinity/);
  });

  it('is byte-identical for two identical runs', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    await exportResults(await run(), a);
    await exportResults(await run(), b);
    assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
  });
});

describe('exportResults to CSV', () => {
  it('writes the performance table to the path and the other tables beside it', async () => {
    const sub = mkdtempSync(join(dir, 'csv-'));
    const path = join(sub, 'bt.csv');
    const written = await exportResults(results, path);
    const companions = [
      'transactions',
      'orders',
      'positions',
      'positionsOverTime',
      'roundTrips',
      'drawdowns',
      'benchmark',
    ];
    assert.deepEqual(written, [path, ...companions.map((name) => join(sub, `bt.${name}.csv`))]);
    assert.deepEqual(
      readdirSync(sub).sort(),
      ['bt.csv', ...companions.map((name) => `bt.${name}.csv`)].sort(),
    );
    assert.equal(readFileSync(path, 'utf8'), tableToCsv(results.performance));
    const lines = readFileSync(join(sub, 'bt.transactions.csv'), 'utf8').trimEnd().split('\r\n');
    assert.equal(lines[0], 'timestamp,symbol,orderId,amount,price,commission');
    assert.equal(lines.length - 1, column(results.transactions, 'price').values.length);
    assert.equal(lines[1].split(',')[4], column(results.transactions, 'price').values[0]);
  });
});

describe('exportResults to Parquet', () => {
  async function readParquet(path: string, sql: string): Promise<Record<string, unknown>[]> {
    return withDuckDB('reading back', async (connection) => {
      const reader = await connection.runAndReadAll(
        sql.replace('$file', `read_parquet('${path.replace(/'/g, "''")}')`),
      );
      return reader.getRowObjectsJS();
    });
  }

  it('stores decimal columns as DECIMAL(38, s) with the exact values', async () => {
    const sub = mkdtempSync(join(dir, 'pq-'));
    const path = join(sub, 'bt.parquet');
    await exportResults(results, path);
    assert.deepEqual(readdirSync(sub).sort(), [
      'bt.benchmark.parquet',
      'bt.drawdowns.parquet',
      'bt.orders.parquet',
      'bt.parquet',
      'bt.positions.parquet',
      'bt.positionsOverTime.parquet',
      'bt.roundTrips.parquet',
      'bt.transactions.parquet',
    ]);
    const types = await readParquet(path, 'DESCRIBE SELECT * FROM $file');
    const typeOf = Object.fromEntries(
      types.map((t) => [String(t.column_name), String(t.column_type)]),
    );
    assert.equal(typeOf.session, 'DATE');
    assert.match(typeOf.portfolioValue, /^DECIMAL\(38,\d+\)$/);
    assert.equal(typeOf.returns, 'DOUBLE');
    const rows = await readParquet(
      path,
      'SELECT CAST(session AS VARCHAR) AS session, CAST(portfolioValue AS VARCHAR) AS value, CAST(cash AS VARCHAR) AS cash, returns, benchmarkReturn FROM $file',
    );
    const values = column(results.performance, 'portfolioValue').values as string[];
    assert.deepEqual(
      rows.map((r) => canonical(r.value as string)),
      values.map(canonical),
    );
    assert.deepEqual(
      rows.map((r) => canonical(r.cash as string)),
      (column(results.performance, 'cash').values as string[]).map(canonical),
    );
    assert.deepEqual(
      rows.map((r) => r.session),
      column(results.performance, 'session').values,
    );
    const returns = Array.from(column(results.performance, 'returns').values as Float64Array);
    assert.deepEqual(
      rows.map((r) => r.returns),
      returns.map((r) => (Number.isNaN(r) ? null : r)),
    );
    assert.equal(rows[0].benchmarkReturn, null);
  });

  it('stores transactions with exact prices and UTC timestamps', async () => {
    const sub = mkdtempSync(join(dir, 'pq-'));
    await exportResults(results, join(sub, 'bt.parquet'));
    const rows = await readParquet(
      join(sub, 'bt.transactions.parquet'),
      'SELECT epoch_ms(timestamp) AS ms, symbol, CAST(price AS VARCHAR) AS price, CAST(commission AS VARCHAR) AS commission FROM $file',
    );
    const trades = results.transactions;
    assert.ok(rows.length > 0);
    assert.deepEqual(
      rows.map((r) => Number(r.ms)),
      (column(trades, 'timestamp').values as string[]).map((t) => Date.parse(t)),
    );
    assert.deepEqual(
      rows.map((r) => canonical(r.price as string)),
      (column(trades, 'price').values as string[]).map(canonical),
    );
    assert.deepEqual(
      rows.map((r) => canonical(r.commission as string)),
      (column(trades, 'commission').values as string[]).map(canonical),
    );
  });

  it('writes float-mode amounts, exponent notation included, as exact decimals', async () => {
    const floatResults = await run('float');
    const table: Table = {
      name: 'performance',
      columns: [{ name: 'tiny', kind: 'decimal', values: ['1.5e-7', '2', '-0.25'] }],
    };
    const sub = mkdtempSync(join(dir, 'pq-'));
    const path = join(sub, 'float.parquet');
    await exportResults({ ...floatResults, performance: table }, path);
    const rows = await readParquet(path, 'SELECT CAST(tiny AS VARCHAR) AS tiny FROM $file');
    assert.deepEqual(
      rows.map((r) => canonical(r.tiny as string)),
      ['0.00000015', '2', '-0.25'],
    );
  });
});

describe('exportResults on bad input', () => {
  it('refuses an unknown extension with a ConfigError listing the supported ones, writing nothing', async () => {
    const sub = mkdtempSync(join(dir, 'bad-'));
    await assert.rejects(exportResults(results, join(sub, 'out.xlsx')), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /\.json, \.csv, \.parquet/);
      return true;
    });
    assert.deepEqual(readdirSync(sub), []);
  });

  it('leaves no new file when one table cannot be written', async () => {
    const sub = mkdtempSync(join(dir, 'bad-'));
    const broken: BacktestResults = {
      ...results,
      positions: {
        name: 'positions',
        columns: [{ name: 'amount', kind: 'decimal', values: ['not a number'] }],
      },
    };
    await assert.rejects(exportResults(broken, join(sub, 'out.parquet')), DataError);
    assert.deepEqual(readdirSync(sub), []);
  });
});

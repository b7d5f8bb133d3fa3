import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { exportResults } from '../../src/analytics/results-export.js';
import type { Table } from '../../src/analytics/table.js';
import type { BarFrame } from '../../src/data/bar-frame.js';
import { CsvSource } from '../../src/data/sources/csv-source.js';
import { SyntheticSource } from '../../src/data/sources/synthetic-source.js';
import type { BacktestResults } from '../../src/engine/algorithm/results.js';
import { runAlgorithm } from '../../src/engine/algorithm/run-algorithm.js';
import type { RunOptions } from '../../src/engine/algorithm/run-options.js';
import { parseDecimal } from '../../src/numeric/index.js';

// Every example runs end to end on the data the project carries (examples/data, real daily
// bars) or on seeded synthetic minute bars, exactly as `rustybt run` would run it.
const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'rustybt-examples-'));
after(() => rmSync(out, { recursive: true, force: true }));

async function sampleFrames(symbols: string[]): Promise<BarFrame[]> {
  const fetched = await new CsvSource({ directory: join(examples, 'data') }).fetch(
    symbols,
    new Date('2010-01-01T00:00:00Z'),
    new Date('2013-03-02T00:00:00Z'),
    '1d',
  );
  return fetched.frames;
}

async function cryptoFrames(): Promise<BarFrame[]> {
  const fetched = await new SyntheticSource({ calendar: '24/7', seed: 2024 }).fetch(
    ['BTC/USDT'],
    new Date('2024-01-01T00:00:00Z'),
    new Date('2024-01-03T23:59:00Z'),
    '1m',
  );
  return fetched.frames;
}

function values(table: Table, name: string): (string | number)[] {
  const column = table.columns.find((c) => c.name === name);
  assert.ok(column, `column ${name}`);
  return Array.from(column.values as ArrayLike<string | number>);
}

const exact = (text: string | number) => parseDecimal(String(text), 18);

/** Cash + positions value equals portfolio value exactly, every session; end positions add up. */
function assertBooksBalance(results: BacktestResults): void {
  const cash = values(results.performance, 'cash');
  const positions = values(results.performance, 'positionsValue');
  const total = values(results.performance, 'portfolioValue');
  total.forEach((value, i) => assert.equal(exact(cash[i]) + exact(positions[i]), exact(value)));
  const marketValues = values(results.positions, 'marketValue').map(exact);
  assert.equal(
    marketValues.reduce((a, b) => a + b, 0n),
    exact(positions.at(-1)!),
  );
}

/** Runs the example twice; checks the two JSON exports are byte-identical. */
async function runTwice(
  file: string,
  options: Omit<RunOptions, 'strategy'>,
): Promise<BacktestResults> {
  const strategy = join(examples, file);
  const first = await runAlgorithm({ ...options, strategy });
  const second = await runAlgorithm({ ...options, strategy });
  const a = join(out, `${file}.a.json`);
  const b = join(out, `${file}.b.json`);
  await exportResults(first, a);
  await exportResults(second, b);
  assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'), 'byte-identical exports');
  assertBooksBalance(first);
  return first;
}

const daily = { start: '2010-01-04', end: '2013-03-01', capitalBase: '100000' };

describe('examples', () => {
  it('buy-and-hold.ts buys GOOG once on the second session and holds it to the end', async () => {
    const results = await runTwice('buy-and-hold.ts', {
      ...daily,
      frames: await sampleFrames(['GOOG']),
    });
    assert.deepEqual(
      values(results.transactions, 'timestamp').map((t) => String(t).slice(0, 10)),
      ['2010-01-05'],
    );
    const amount = Number(values(results.transactions, 'amount')[0]);
    // 95 % of 100,000 at the 2010-01-04 close of 626.75 is 151 shares.
    assert.equal(amount, Math.floor((0.95 * 100000) / 626.75));
    assert.deepEqual(values(results.positions, 'amount').map(Number), [amount]);
  });

  it('dual-moving-average.ts buys only after the fast mean crossed above the slow one, and sells after it fell below', async () => {
    const results = await runTwice('dual-moving-average.ts', {
      ...daily,
      frames: await sampleFrames(['GOOG']),
    });
    const sessions = values(results.performance, 'session');
    const fast = values(results.performance, 'fast') as number[];
    const slow = values(results.performance, 'slow') as number[];
    const trades = values(results.transactions, 'timestamp');
    const amounts = values(results.transactions, 'amount').map(Number);
    assert.ok(trades.length >= 4, `${trades.length} trades`);
    trades.forEach((timestamp, k) => {
      // The order was placed on the session before the fill.
      const ordered = sessions.indexOf(String(timestamp).slice(0, 10)) - 1;
      assert.ok(ordered >= 0);
      if (amounts[k] > 0) assert.ok(fast[ordered] > slow[ordered], `buy ${String(timestamp)}`);
      else assert.ok(fast[ordered] < slow[ordered], `sell ${String(timestamp)}`);
    });
    // Positions alternate: every sale closes the position the previous buy opened.
    amounts.forEach((amount, k) => {
      if (k % 2 === 1) assert.equal(amount, -amounts[k - 1]);
      else assert.ok(amount > 0);
    });
  });

  it('momentum-rebalance.ts trades only on the session after each month start, in the three stocks', async () => {
    const results = await runTwice('momentum-rebalance.ts', {
      ...daily,
      frames: await sampleFrames(['GOOG', 'ORCL', 'NVDA']),
      benchmark: 'GOOG',
    });
    const sessions = values(results.performance, 'session').map(String);
    const monthStarts = new Set(
      sessions.filter((s, i) => i === 0 || s.slice(0, 7) !== sessions[i - 1].slice(0, 7)),
    );
    const fillSessions = new Set(
      values(results.transactions, 'timestamp').map((t) => String(t).slice(0, 10)),
    );
    assert.ok(fillSessions.size >= 5, `${fillSessions.size} rebalances`);
    for (const session of fillSessions) {
      assert.ok(monthStarts.has(sessions[sessions.indexOf(session) - 1]), session);
    }
    assert.deepEqual([...new Set(values(results.transactions, 'symbol'))].sort(), [
      'GOOG',
      'NVDA',
      'ORCL',
    ]);
    assert.ok(Number.isFinite(results.risk.beta), 'beta against the GOOG benchmark');
  });

  it('crypto-minute.ts trades BTC/USDT on 24/7 minute bars in USDT', async () => {
    const results = await runTwice('crypto-minute.ts', {
      start: '2024-01-01',
      end: '2024-01-03',
      capitalBase: '100000',
      frames: await cryptoFrames(),
      dataFrequency: 'minute',
      calendar: '24/7',
    });
    assert.equal(results.meta.calendar, '24/7');
    assert.equal(results.meta.currency, 'USDT');
    assert.equal(results.meta.bars, 3 * 1440);
    const times = values(results.transactions, 'timestamp').map(String);
    assert.ok(times.length > 0);
    // Fills happen at any minute of the day, weekends included (2024-01-01 is a Monday).
    assert.ok(times.some((t) => !t.endsWith(':00:00.000Z')));
    assert.ok(values(results.transactions, 'amount').some((a) => String(a).includes('.')));
  });
});

// The code of docs/guide/getting-started.md, verbatim except for the import path
// ('rustybt' there, the sources here): it must compile and run against the real API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allocateBarFrame,
  dateRules,
  getCalendar,
  runAlgorithm,
  timeRules,
  PerShareCommission,
  type AlgorithmStrategy,
  type BarFrame,
} from '../../src/index.js';

// --- snippet: bars ---
/** Daily bars of one symbol on the XNYS sessions of a range: a made-up random walk. */
function dailyBars(symbol: string, start: string, end: string, firstPrice: number): BarFrame {
  const sessions = getCalendar('XNYS').sessionsInRange(Date.parse(start), Date.parse(end));
  const frame = allocateBarFrame(symbol, '1d', sessions.length, 2, 0); // prices in cents
  let cents = firstPrice * 100;
  for (let i = 0; i < sessions.length; i++) {
    const open = cents;
    cents = Math.max(100, cents + Math.round(Math.sin(i / 7) * 150 + ((i * 37) % 11) - 5));
    frame.timestamps[i] = sessions[i];
    frame.open[i] = open;
    frame.close[i] = cents;
    frame.high[i] = Math.max(open, cents) + 20;
    frame.low[i] = Math.min(open, cents) - 20;
    frame.volume[i] = 1_000_000;
  }
  return frame;
}
// --- end ---

// --- snippet: strategy ---
const dualMovingAverage: AlgorithmStrategy = {
  initialize(ctx) {
    ctx.state.asset = ctx.symbol('AAA');
    ctx.setCommission(new PerShareCommission('0.005', '1.00'));
    ctx.scheduleFunction(
      (c) => c.record({ weekEndCash: c.portfolio.cash }),
      dateRules.weekEnd(),
      timeRules.marketClose(),
    );
  },
  handleData(ctx, data) {
    const asset = ctx.symbol('AAA');
    const closes = data.history(asset, 'close', 30); // the last 30 closes, ending at the clock
    if (Number.isNaN(closes[0])) return; // not 30 bars yet
    let slow = 0;
    for (const close of closes) slow += close;
    slow /= 30;
    let fast = 0;
    for (let i = 20; i < 30; i++) fast += closes[i];
    fast /= 10;
    const held = ctx.portfolio.positions.get(asset)?.amount ?? 0;
    if (fast > slow && held === 0) ctx.orderTargetPercent(asset, 0.9);
    else if (fast < slow && held > 0) ctx.orderTarget(asset, 0);
    ctx.record({ fast, slow, price: data.current(asset, 'close') });
  },
};
// --- end ---

describe('docs/guide/getting-started.md', () => {
  it('runs the guide strategy on in-memory bars and reads its results', async () => {
    // --- snippet: run ---
    const results = await runAlgorithm({
      strategy: dualMovingAverage,
      frames: [dailyBars('AAA', '2023-01-03', '2023-12-29', 50)],
      start: '2023-01-03',
      end: '2023-12-29',
      capitalBase: 100_000,
      dataFrequency: 'daily',
      numeric: 'decimal',
    });
    const column = (name: string) =>
      results.performance.columns.find((c) => c.name === name)!.values;
    const values = column('portfolioValue');
    process.stdout.write(`final value ${values[values.length - 1]}\n`);
    process.stdout.write(`trades ${results.risk.tradeCount}, Sharpe ${results.risk.sharpe}\n`);
    process.stdout.write(`max drawdown ${results.risk.maxDrawdown}\n`);
    // --- end ---
    assert.equal(results.meta.sessions, 250);
    assert.equal(values.length, 250);
    assert.ok(column('fast').length === 250, 'recorded variables become columns');
    const names = results.performance.columns.map((c) => c.name);
    assert.equal(names.filter((n) => n === 'cash').length, 1, 'no recorded name shadows a column');
    assert.ok(
      Array.from(column('weekEndCash') as ArrayLike<number>).some(Number.isFinite),
      'the weekly record is kept',
    );
    const fills = results.transactions.columns.find((c) => c.name === 'timestamp')!.values;
    assert.ok(fills.length > 1, 'the crossover trades');
    assert.equal(typeof values[0], 'string', 'decimal mode reports exact text');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Table } from '../../../src/analytics/table.js';
import { customCalendar } from '../../../src/calendar/index.js';
import { allocateBarFrame, type BarFrame } from '../../../src/data/bar-frame.js';
import { PerShareCommission } from '../../../src/engine/commission/index.js';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import type { BacktestResults } from '../../../src/engine/algorithm/results.js';
import type { AlgorithmStrategy, RunOptions } from '../../../src/engine/algorithm/run-options.js';
import { NoSlippage } from '../../../src/engine/slippage/index.js';
import type { NumericMode } from '../../../src/numeric/index.js';
import { realDailyFrame } from '../../helpers/real-bars.js';
import { buyAndHold, monthlyRebalance, smaCross } from './golden-strategies.js';

// Accounting records: whatever happens in a run (orders, fills, an asset whose data stops, a
// calendar that ends on the run's last day), the results must add up: final positions = Σ
// transaction amounts per symbol, exactly; final cash = capital + Σ (−amount × price − commission)
// with each cash move rounded to whole cents half-even (the `notional` rounding point of
// docs/engine/accounting.md), exactly in decimal mode and to float accuracy in float mode.

const GOOG = realDailyFrame('GOOG.csv', 'GOOG', 2);
const ORCL = realDailyFrame('orcl-1995-2014.txt', 'ORCL', 6);
const NVDA = realDailyFrame('nvda-1999-2014.txt', 'NVDA', 6);

/** Exact decimal text as a fixed-point integer at 1e-24 (amounts × prices stay exact). */
function fixed(text: string | number): bigint {
  const value = String(text);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  assert.ok(match, `decimal text ${value}`);
  const [, sign, whole, fraction = ''] = match;
  assert.ok(fraction.length <= 12, `more than 12 decimals: ${value}`);
  const units = BigInt(whole + fraction.padEnd(12, '0')) * 10n ** 12n;
  return sign === '-' ? -units : units;
}

function column(table: Table, name: string): (string | number)[] {
  const found = table.columns.find((c) => c.name === name);
  assert.ok(found, `column ${name} of ${table.name}`);
  return Array.from(found.values as ArrayLike<string | number>);
}

const SCALE = 10n ** 24n;
const CENT = 10n ** 22n;

/** A fixed-point value at 1e-24 rounded to whole cents, half to even (USD's money scale). */
function toCentsHalfEven(value: bigint): bigint {
  const sign = value < 0n ? -1n : 1n;
  const magnitude = value * sign;
  let cents = magnitude / CENT;
  const rest = magnitude % CENT;
  if (rest * 2n > CENT || (rest * 2n === CENT && cents % 2n === 1n)) cents += 1n;
  return sign * cents * CENT;
}

/** Checks the two identities on `results`. */
function assertBooksBalance(
  results: BacktestResults,
  capital: string,
  label: string,
  numeric: NumericMode = 'decimal',
): void {
  const trades = results.transactions;
  const symbols = column(trades, 'symbol');
  const amounts = column(trades, 'amount');
  const prices = column(trades, 'price');
  const commissions = column(trades, 'commission');
  const held = new Map<string, bigint>();
  let cash = fixed(capital);
  symbols.forEach((symbol, i) => {
    const amount = fixed(amounts[i]);
    held.set(String(symbol), (held.get(String(symbol)) ?? 0n) + amount);
    const notional = (amount * fixed(prices[i])) / SCALE;
    // Decimal mode rounds each cash move to cents; float mode keeps the float product.
    cash -= (numeric === 'decimal' ? toCentsHalfEven(notional) : notional) + fixed(commissions[i]);
  });
  const positions = new Map(
    column(results.positions, 'symbol').map((symbol, i) => [
      String(symbol),
      fixed(column(results.positions, 'amount')[i]),
    ]),
  );
  const expected = new Map([...held].filter(([, amount]) => amount !== 0n));
  assert.deepEqual(positions, expected, `${label}: final positions = Σ transaction amounts`);
  const cashColumn = column(results.performance, 'cash');
  const finalCash = String(cashColumn[cashColumn.length - 1]);
  const message = `${label}: final cash ${finalCash} = capital + Σ cash flows`;
  if (numeric === 'decimal') {
    assert.equal(fixed(finalCash), cash, message);
  } else {
    // Floats add each move with a rounding error of its own: within a millionth of a cent.
    const difference = Number(fixed(finalCash) - cash) / 1e24;
    assert.ok(Math.abs(difference) < 1e-8, `${message} (off by ${difference})`);
  }
}

/** The first rows of `frame` up to and including `last` (epoch ms): an asset whose data stops. */
function until(frame: BarFrame, last: number): BarFrame {
  let n = 0;
  while (n < frame.timestamps.length && frame.timestamps[n] <= last) n++;
  const cut = allocateBarFrame(
    frame.symbol,
    frame.frequency,
    n,
    frame.priceScale,
    frame.volumeScale,
  );
  for (const key of ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const)
    cut[key].set(frame[key].subarray(0, n));
  return cut;
}

/** The data's own sessions between `start` and `end`: a calendar that ends on the run's last day. */
function dataCalendar(frames: readonly BarFrame[], start: string, end: string) {
  const from = Date.parse(`${start}T00:00:00Z`);
  const to = Date.parse(`${end}T00:00:00Z`);
  const days = new Set<number>();
  for (const frame of frames)
    for (const t of frame.timestamps) if (t >= from && t <= to) days.add(t);
  return customCalendar({ name: 'data', sessions: [...days].sort((a, b) => a - b) });
}

const models = (commission: boolean): Pick<RunOptions, 'slippage' | 'commission'> => ({
  slippage: new NoSlippage(),
  commission: commission ? new PerShareCommission('0.005', '1.00') : new PerShareCommission(0, 0),
});

describe('accounting records', () => {
  it("keeps positions open when a calendar built from the data's dates ends on the run's last day", async () => {
    const frames = [GOOG];
    const results = await runAlgorithm({
      strategy: buyAndHold,
      frames,
      start: '2012-01-03',
      end: '2012-12-31',
      capitalBase: 100000,
      calendar: dataCalendar(frames, '2012-01-03', '2012-12-31'),
      ...models(false),
    });
    assert.deepEqual(column(results.positions, 'symbol'), ['GOOG']);
    assert.deepEqual(column(results.positions, 'amount').map(String), ['100']);
    assert.equal(column(results.transactions, 'symbol').length, 1, 'only the purchase');
    assertBooksBalance(results, '100000', 'data calendar');
  });

  it('records the close-out of an asset whose data stops before the run ends, at its last price', async () => {
    const stop = Date.parse('2012-06-29T00:00:00Z');
    const orcl = until(ORCL, stop);
    const results = await runAlgorithm({
      strategy: monthlyRebalance,
      frames: [GOOG, orcl, NVDA],
      start: '2012-01-03',
      end: '2012-12-31',
      capitalBase: 100000,
      ...models(true),
    });
    const symbols = column(results.transactions, 'symbol');
    const closeOut = symbols.findIndex(
      (s, i) => s === 'ORCL' && column(results.transactions, 'orderId')[i] === 0,
    );
    assert.ok(closeOut >= 0, 'a close-out transaction (order id 0) for ORCL');
    assert.equal(
      String(column(results.transactions, 'timestamp')[closeOut]).slice(0, 10),
      '2012-06-29',
    );
    assert.equal(
      fixed(column(results.transactions, 'price')[closeOut]),
      fixed((orcl.close[orcl.close.length - 1] / 1e6).toFixed(6)),
      'at the last close',
    );
    assert.equal(fixed(column(results.transactions, 'commission')[closeOut]), 0n);
    assert.ok(!column(results.positions, 'symbol').includes('ORCL'));
    assertBooksBalance(results, '100000', 'delisted ORCL');
  });

  for (const numeric of ['decimal', 'float'] as NumericMode[]) {
    it(`balances every golden scenario, on both calendars (${numeric})`, async () => {
      const scenarios: [string, AlgorithmStrategy, BarFrame[]][] = [
        ['buyAndHold', buyAndHold, [GOOG]],
        ['smaCross', smaCross, [GOOG]],
        ['monthlyRebalance', monthlyRebalance, [GOOG, ORCL, NVDA]],
      ];
      for (const [name, strategy, frames] of scenarios) {
        for (const fillPrice of ['open', 'close'] as const) {
          for (const commission of [false, true]) {
            for (const calendar of ['XNYS', 'data']) {
              const results = await runAlgorithm({
                strategy,
                frames,
                start: '2012-01-03',
                end: '2012-12-31',
                capitalBase: 100000,
                numeric,
                fillPrice,
                calendar:
                  calendar === 'data' ? dataCalendar(frames, '2012-01-03', '2012-12-31') : 'XNYS',
                ...models(commission),
              });
              assertBooksBalance(
                results,
                '100000',
                `${name}/${fillPrice}/${commission ? 'commission' : 'none'}/${calendar}/${numeric}`,
                numeric,
              );
            }
          }
        }
      }
    });

    it(`balances generated runs: random orders, assets whose data stops, both calendars (${numeric})`, async () => {
      const start = '2012-01-03';
      const end = '2012-03-30';
      const symbols = ['GOOG', 'ORCL', 'NVDA'];
      const all = [GOOG, ORCL, NVDA];
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              bar: fc.integer({ min: 0, max: 61 }),
              symbol: fc.integer({ min: 0, max: 2 }),
              amount: fc.integer({ min: -150, max: 150 }).filter((a) => a !== 0),
              target: fc.boolean(),
            }),
            { maxLength: 12 },
          ),
          // GOOG's data runs to the end (a run needs bars to its end); ORCL's and NVDA's may stop.
          fc.tuple(
            fc.constant(undefined),
            fc.option(fc.integer({ min: 5, max: 60 }), { nil: undefined }),
            fc.option(fc.integer({ min: 5, max: 60 }), { nil: undefined }),
          ),
          fc.boolean(),
          fc.boolean(),
          async (orders, stops, dataDates, commission) => {
            const sessions = dataCalendar([GOOG], start, end).sessionsInRange(
              Date.parse(`${start}T00:00:00Z`),
              Date.parse(`${end}T00:00:00Z`),
            );
            const frames = all.map((frame, k) =>
              stops[k] === undefined ? frame : until(frame, sessions[stops[k]]),
            );
            const strategy: AlgorithmStrategy = {
              initialize(ctx) {
                ctx.state.bar = 0;
              },
              handleData(ctx, data) {
                const bar = ctx.state.bar as number;
                ctx.state.bar = bar + 1;
                for (const o of orders) {
                  if (o.bar !== bar) continue;
                  const asset = ctx.symbol(symbols[o.symbol]);
                  if (!data.canTrade(asset)) continue;
                  if (o.target) ctx.orderTarget(asset, Math.abs(o.amount));
                  else ctx.order(asset, o.amount);
                }
              },
            };
            const results = await runAlgorithm({
              strategy,
              frames,
              start,
              end,
              capitalBase: 100000,
              numeric,
              calendar: dataDates ? dataCalendar(frames, start, end) : 'XNYS',
              ...models(commission),
            });
            assertBooksBalance(results, '100000', `generated (${numeric})`, numeric);
          },
        ),
        { numRuns: 12, seed: 15 },
      );
    });
  }
});

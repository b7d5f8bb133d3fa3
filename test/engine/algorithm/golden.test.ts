import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Table } from '../../../src/analytics/table.js';
import { PerShareCommission } from '../../../src/engine/commission/index.js';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy } from '../../../src/engine/algorithm/run-options.js';
import { NoSlippage } from '../../../src/engine/slippage/index.js';
import { realDailyFrame } from '../../helpers/real-bars.js';
import { buyAndHold, monthlyRebalance, smaCross } from './golden-strategies.js';

interface Expected {
  transactions: {
    date: string;
    symbol: string;
    amount: number;
    price: string;
    commission: string;
  }[];
  finalCash: string;
  finalValue: string;
  portfolioValues: string[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/expected.json', import.meta.url), 'utf8'),
) as { scenarios: Record<string, Expected> };

const frames = [
  realDailyFrame('GOOG.csv', 'GOOG', 2),
  realDailyFrame('orcl-1995-2014.txt', 'ORCL', 6),
  realDailyFrame('nvda-1999-2014.txt', 'NVDA', 6),
];

function column(table: Table, name: string): readonly (string | number)[] {
  const found = table.columns.find((c) => c.name === name);
  assert.ok(found, `column ${name}`);
  return Array.from(found.values as ArrayLike<string | number>);
}

const strategies: Record<string, [AlgorithmStrategy, string[]]> = {
  buyAndHold: [buyAndHold, ['GOOG']],
  smaCross: [smaCross, ['GOOG']],
  monthlyRebalance: [monthlyRebalance, ['GOOG', 'ORCL', 'NVDA']],
};

describe('golden backtests on real 2012 bars, against an independent Python Decimal simulation', () => {
  for (const [key, expected] of Object.entries(golden.scenarios)) {
    const [name, fill, commission] = key.split('/') as [string, 'open' | 'close', string];
    const [strategy, symbols] = strategies[name];
    it(`${name}, filling at the next bar's ${fill}, commission ${commission}`, async () => {
      const results = await runAlgorithm({
        strategy,
        frames: frames.filter((f) => symbols.includes(f.symbol)),
        start: '2012-01-03',
        end: '2012-12-31',
        capitalBase: 100000,
        fillPrice: fill,
        slippage: new NoSlippage(),
        commission:
          commission === 'none'
            ? new PerShareCommission(0, 0)
            : new PerShareCommission('0.005', '1.00'),
      });
      const trades = results.transactions;
      const symbol = column(trades, 'symbol');
      const amount = column(trades, 'amount');
      const price = column(trades, 'price');
      const fee = column(trades, 'commission');
      assert.deepEqual(
        column(trades, 'timestamp').map((t, i) => ({
          date: String(t).slice(0, 10),
          symbol: symbol[i],
          amount: canonical(amount[i]),
          price: canonical(price[i]),
          commission: canonical(fee[i]),
        })),
        expected.transactions.map((t) => ({
          ...t,
          amount: canonical(t.amount),
          price: canonical(t.price),
          commission: canonical(t.commission),
        })),
      );
      const values = column(results.performance, 'portfolioValue');
      assert.deepEqual(values.map(canonical), expected.portfolioValues.map(canonical));
      assert.equal(
        canonical(column(results.performance, 'cash').at(-1)!),
        canonical(expected.finalCash),
      );
      assert.equal(canonical(values.at(-1)!), canonical(expected.finalValue));
    });
  }
});

/** Decimal text without trailing fraction zeros: `"695.00"` and `"695"` compare equal, exactly. */
function canonical(value: string | number): string {
  const text = String(value);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

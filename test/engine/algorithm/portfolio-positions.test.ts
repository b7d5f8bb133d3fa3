// `portfolio.positions` reads the ledger as it is asked: `get` and `has` one asset, the whole
// map for its size, iteration or inspection. Whatever the order of reads, the strategy must
// see what a map of every open position would show, with the same object for an asset within
// a bar, on either numeric mode.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { runAlgorithm } from '../../../src/engine/algorithm/run-algorithm.js';
import type { AlgorithmStrategy, RunOptions } from '../../../src/engine/algorithm/run-options.js';
import { NoSlippage } from '../../../src/engine/slippage/index.js';
import { PerShareCommission } from '../../../src/engine/commission/index.js';
import { realDailyFrame } from '../../helpers/real-bars.js';

const frames = [
  realDailyFrame('GOOG.csv', 'GOOG', 2),
  { ...realDailyFrame('GOOG.csv', 'GOOG', 2), symbol: 'BBB' },
  { ...realDailyFrame('GOOG.csv', 'GOOG', 2), symbol: 'CCC' },
];
const base = {
  frames,
  start: '2012-01-03',
  end: '2012-02-29',
  capitalBase: 1_000_000,
  slippage: new NoSlippage(),
  commission: new PerShareCommission('0', 0),
} satisfies Partial<RunOptions>;

for (const numeric of ['decimal', 'float'] as const) {
  describe(`portfolio.positions (${numeric})`, () => {
    it('answers get and has per asset as the whole map does, keeping one object per asset', async () => {
      let bars = 0;
      let compared = 0;
      const strategy: AlgorithmStrategy = {
        initialize() {},
        handleData(ctx) {
          const [a, b, c] = ['GOOG', 'BBB', 'CCC'].map((s) => ctx.symbol(s));
          bars++;
          // Buy a on bar 1, b on bar 3; sell a on bar 6: held sets {}, {a}, {a, b}, {b}.
          if (bars === 1) ctx.order(a, 10);
          if (bars === 3) ctx.order(b, -4);
          if (bars === 6) ctx.orderTarget(a, 0);
          const lazy = ctx.portfolio.positions;
          // One asset first (the order of reads varies by bar), then the whole map.
          const first = [a, b, c][bars % 3];
          const got = lazy.get(first);
          assert.equal(lazy.has(first), got !== undefined);
          assert.equal(lazy.get(first), got, 'the same object on a second read');
          const whole = [...lazy.entries()];
          assert.equal(lazy.size, whole.length);
          assert.deepEqual(
            whole.map(([asset]) => asset.symbol),
            whole
              .map(([asset]) => asset.sid)
              .sort((x, y) => x - y)
              .map((sid) => ['GOOG', 'BBB', 'CCC'][sid]),
            'sid order',
          );
          if (got !== undefined) assert.equal(whole.find(([asset]) => asset === first)?.[1], got);
          for (const [asset, position] of whole) {
            assert.equal(lazy.get(asset), position);
            assert.notEqual(position.amount, 0);
          }
          assert.equal(lazy.get(c), undefined);
          assert.equal(lazy.has(c), false);
          assert.match(inspect(lazy), new RegExp(`\\(${whole.length}\\)`));
          if (bars >= 2) {
            const held = whole.map(([asset, position]) => `${asset.symbol}:${position.amount}`);
            const expected = bars < 4 ? ['GOOG:10'] : bars < 7 ? ['GOOG:10', 'BBB:-4'] : ['BBB:-4'];
            assert.deepEqual(held, expected, `bar ${bars}`);
            compared++;
          }
        },
      };
      await runAlgorithm({ ...base, numeric, strategy });
      assert.ok(compared > 20);
    });
  });
}
